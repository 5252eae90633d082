import { ArnFormat, CfnResource, Names, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, Dependable, DependencyGroup, IDependable } from 'constructs';
import { suppressNagFindings, suppressScannerFindings } from './nag';
import { printable } from './names';

/** Why the delivery policy's wildcards are what AWS requires (the reason every scanner suppression gives). */
const WILDCARD_REASON = 'The flow logs service names one log stream per network interface, so streams are only known as log-group:<name>:log-stream:* (and log-group:<name>:* for DescribeLogStreams); logs:DescribeLogGroups has no resource type in the Service Authorization Reference, so IAM requires "*".';

/** The service principal that delivers flow logs to CloudWatch Logs. */
export const FLOW_LOGS_SERVICE = 'vpc-flow-logs.amazonaws.com';

/**
 * A role the flow logs service may assume, only on behalf of flow logs of the stack's account and
 * region (`aws:SourceAccount`, `aws:SourceArn`): AWS's confused-deputy guard.
 */
export function createDeliveryRole(scope: Construct): iam.Role {
  const stack = Stack.of(scope);
  return new iam.Role(scope, 'Role', {
    assumedBy: new iam.ServicePrincipal(FLOW_LOGS_SERVICE).withConditions({
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'ec2', resource: 'vpc-flow-log', resourceName: '*' }) },
    }),
    description: `Delivers VPC flow logs to CloudWatch Logs (${printable(scope.node.path)})`,
  });
}

/**
 * A delivery grant of a role to a log group, kept in the construct tree under the role, so that
 * two constructs sharing a role and a log group grant once (and no state outside the tree is
 * needed). It holds what the flow logs must depend on.
 */
class DeliveryGrant extends Construct {
  public static idFor(logGroup: logs.ILogGroup): string {
    return `FlowLogsDeliveryGrant${Names.uniqueId(logGroup)}`;
  }

  constructor(role: iam.IRole, logGroup: logs.ILogGroup, public readonly dependable: IDependable) {
    super(role, DeliveryGrant.idFor(logGroup));
  }
}

/** What the flow logs depend on, and what to warn about once the app is complete. */
export interface DeliveryGrantResult {
  readonly dependable: IDependable;
  /** The immutable-role warning, when it applies (read at synth). */
  readonly warnings: () => string[];
}

/** What a delivery grant needs. */
export interface DeliveryGrantProps {
  readonly role: iam.IRole;
  /** Whether the construct created the role (it then gets a managed policy of its own). */
  readonly roleCreated: boolean;
  readonly logGroup: logs.ILogGroup;
  /** Whether the log group was given as `logGroup` (the service may then have to create it). */
  readonly logGroupReferenced: boolean;
  /** The group's name for messages. */
  readonly logGroupLabel: () => string;
}

/**
 * Grants the role delivery to the log group: the source document's actions, each on the narrowest
 * resource IAM allows. Returns what the flow logs must depend on.
 *
 * - a created role gets a managed policy of its own (compliance packs flag inline policies), with
 *   cdk-nag suppressions for the wildcards AWS requires;
 * - a supplied role gets the statements in its default policy; an immutable one gets nothing, and
 *   a synth warning (`warnings`) lists what it must allow.
 */
export function grantDelivery(scope: Construct, props: DeliveryGrantProps): DeliveryGrantResult {
  const existing = props.role.node.tryFindChild(DeliveryGrant.idFor(props.logGroup)) as DeliveryGrant | undefined;
  // Granted by another construct sharing the role and group: its warnings are that construct's.
  if (existing) return { dependable: existing.dependable, warnings: () => [] };

  const groupArn = Stack.of(scope).formatArn({
    service: 'logs', resource: 'log-group', resourceName: props.logGroup.logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  const statements = [
    // Streams: one per network interface, created and written by the service.
    new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [`${groupArn}:log-stream:*`] }),
    // IAM's reference names a log group `log-group:<name>`; CloudWatch Logs documents the
    // `log-group:<name>:*` form for policies. Both name this group only.
    new iam.PolicyStatement({ actions: ['logs:DescribeLogStreams'], resources: [groupArn, `${groupArn}:*`] }),
    // DescribeLogGroups supports no resource-level permission: IAM requires "*".
    new iam.PolicyStatement({ actions: ['logs:DescribeLogGroups'], resources: ['*'] }),
  ];
  if (props.logGroupReferenced) {
    // The service creates a missing group itself, as the source document describes.
    statements.push(new iam.PolicyStatement({ actions: ['logs:CreateLogGroup'], resources: [groupArn, `${groupArn}:*`] }));
  }

  let dependable: IDependable;
  let warnings = (): string[] => [];
  if (props.roleCreated) {
    const policy = new iam.ManagedPolicy(scope, 'DeliveryPolicy', {
      description: `Lets VPC flow logs deliver records to one log group (${printable(scope.node.path)})`,
      statements,
      roles: [props.role],
    });
    suppressNagFindings(policy.node.defaultChild as CfnResource, [{
      id: 'AwsSolutions-IAM5',
      reason: WILDCARD_REASON,
      appliesTo: [
        { regex: '/^Resource::arn:<AWS::Partition>:logs:.*:log-group:.*:(log-stream:)?\\*$/g' },
        'Resource::*',
      ],
    }]);
    // The one "*" (logs:DescribeLogGroups), for the scanners that read suppressions from metadata.
    suppressScannerFindings(policy.node.defaultChild as CfnResource, {
      cfnNag: [{ id: 'W13', reason: WILDCARD_REASON }],
      guard: ['IAM_POLICYDOCUMENT_NO_WILDCARD_RESOURCE'],
    });
    dependable = policy;
  } else {
    const dependables: IDependable[] = [];
    for (const statement of statements) {
      const result = props.role.addToPrincipalPolicy(statement);
      if (result.statementAdded && result.policyDependable) dependables.push(result.policyDependable);
    }
    // An immutable role (`mutable: false`) accepts statements but adds them to no policy.
    // Which policy holds a statement is only settled at synth time, so look then.
    warnings = () => (dependables.every(d => Dependable.of(d).dependencyRoots.length === 0)
      ? [`The role given as \`role\` is immutable, so no delivery policy was added to it. Make sure it allows ${statements.flatMap(st => st.actions).join(', ')} on log group ${props.logGroupLabel()}, and trusts ${FLOW_LOGS_SERVICE}.`]
      : []);
    dependable = new DependencyGroup(...dependables);
  }
  return { dependable: new DeliveryGrant(props.role, props.logGroup, dependable).dependable, warnings };
}

/**
 * A supplied role created in the app (`iam.Role`) has a trust policy we can read: it must let the
 * flow logs service assume it, or delivery fails after deployment with no error before. Read at
 * synth (statements may be added later), on the `Allow` statements only; a warning when it does not.
 */
export function roleTrustWarning(role: iam.IRole): string | undefined {
  if (!(role instanceof iam.Role) || !role.assumeRolePolicy) return undefined;
  const document = Stack.of(role).resolve(role.assumeRolePolicy.toJSON()) as { Statement?: unknown[] } | undefined;
  if ((document?.Statement ?? []).some(trustsFlowLogs)) return undefined;
  return `The role given as \`role\` (${role.node.path}) has no trust statement allowing ${FLOW_LOGS_SERVICE} to sts:AssumeRole, so the flow logs service cannot assume it and delivery will fail (DeliverLogsStatus FAILED). Add it to the role's assumedBy, or leave \`role\` out to have one created.`;
}

/**
 * Grants `iam:PassRole` on the role (and no other), for the flow logs service only.
 */
export function grantPassRole(grantee: iam.IGrantable, role: iam.IRole): iam.Grant {
  return iam.Grant.addToPrincipal({
    grantee,
    actions: ['iam:PassRole'],
    resourceArns: [role.roleArn],
    conditions: { StringEquals: { 'iam:PassedToService': FLOW_LOGS_SERVICE } },
  });
}

/** A name for messages: the literal name, or the construct path when it is only known at deploy time. */
export function nameOrPath(name: string | undefined, fallback: Construct): string {
  return name === undefined || Token.isUnresolved(name) ? `${fallback.node.path} (its name is only known at deploy time)` : name;
}

/** Whether a resolved trust-policy statement allows the flow logs service to assume the role. */
function trustsFlowLogs(statement: unknown): boolean {
  const st = statement as { Effect?: string; Action?: unknown; Principal?: { Service?: unknown } };
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);
  return st.Effect === 'Allow'
    && list(st.Action).some(a => a === 'sts:AssumeRole' || a === 'sts:*' || a === '*')
    && list(st.Principal?.Service).includes(FLOW_LOGS_SERVICE);
}
