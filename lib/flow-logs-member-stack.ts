import { App, ArnFormat, BootstraplessSynthesizer, CfnResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { FlowLogDetection } from './flow-log-detection';
import { FlowLogsEncryption } from './flow-logs-encryption';
import { FlowLogsToCloudWatch } from './flow-logs-to-cloudwatch';
import { FLOW_LOGS_SERVICE } from './private/delivery';
import { suppressNagFindings } from './private/nag';

/**
 * The stack every member account and region gets from `FlowLogsStackSet`: a `FlowLogsToCloudWatch`
 * (the delivery role, the log group and the detections: the library's one construct, not a copy)
 * whose flow logs AWS Config's remediation creates, the Config rule that finds VPCs without one, the
 * remediation with its own role, and the rule that forwards the alarms' state changes to the central bus.
 *
 * Not exported from the package: `FlowLogsStackSet` builds it in an app of its own and deploys its
 * template (`memberTemplateBody`); the tests build it directly to run cdk-nag and the wiring suite on it.
 */

/** The managed rule that finds VPCs without a flow log (periodic). */
export const CONFIG_RULE = 'VPC_FLOW_LOGS_ENABLED';
/**
 * The Systems Manager Automation runbook that creates a VPC's flow log (AWS documents it as
 * AWSSupport-EnableVPCFlowLogs: https://docs.aws.amazon.com/systems-manager-automation-runbooks/latest/userguide/automation-aws-enable-vpc-flowlogs.html).
 */
export const RUNBOOK = 'AWSSupport-EnableVPCFlowLogs';

/** What the member stack is made of. */
export interface MemberStackProps {
  readonly detections: FlowLogDetection[];
  readonly trafficType: ec2.FlowLogTrafficType;
  readonly alarmBusArn: string;
  readonly deliveryHealthPeriod?: Duration;
  readonly retention?: logs.RetentionDays;
  readonly logGroupName?: string;
  readonly encryption?: FlowLogsEncryption;
  readonly removalPolicy?: RemovalPolicy;
}

/** A member stack, in an app of its own: environment-agnostic, no bootstrap resources, no analytics. */
export function buildMemberStack(app: App, props: MemberStackProps): Stack {
  const stack = new Stack(app, 'FlowLogsMember', {
    synthesizer: new BootstraplessSynthesizer(),
    analyticsReporting: false,
    description: 'VPC flow logs to CloudWatch Logs for every VPC of this account and region (cdk-flow-logs-to-cloudwatch FlowLogsStackSet)',
  });
  const flowLogs = new FlowLogsToCloudWatch(stack, 'FlowLogs', {
    flowLogsCreatedElsewhere: true,
    trafficType: props.trafficType,
    detections: props.detections,
    deliveryHealthPeriod: props.deliveryHealthPeriod,
    retention: props.retention,
    logGroupName: props.logGroupName,
    encryption: props.encryption,
    removalPolicy: props.removalPolicy,
  });
  const remediationRole = createRemediationRole(stack, flowLogs.role);
  const rule = new config.ManagedRule(stack, 'VpcFlowLogsEnabled', {
    identifier: CONFIG_RULE,
    description: 'Every VPC has a flow log (with the traffic type the organization asks for); remediated by AWSSupport-EnableVPCFlowLogs.',
    inputParameters: { trafficType: props.trafficType },
  });
  new config.CfnRemediationConfiguration(stack, 'CreateMissingFlowLogs', {
    configRuleName: rule.configRuleName,
    targetType: 'SSM_DOCUMENT',
    targetId: RUNBOOK,
    automatic: true,
    maximumAutomaticAttempts: 5,
    retryAttemptSeconds: 60,
    // The runbook's parameters (its page, above): the VPC Config found, our log group and role, no
    // LogFormat (the default format, which the detections read).
    parameters: {
      ResourceIds: { ResourceValue: { Value: 'RESOURCE_ID' } },
      LogDestinationType: { StaticValue: { Values: ['cloud-watch-logs'] } },
      LogDestinationARN: { StaticValue: { Values: [logGroupArn(stack, flowLogs.logGroup)] } },
      DeliverLogsPermissionArn: { StaticValue: { Values: [flowLogs.role.roleArn] } },
      TrafficType: { StaticValue: { Values: [props.trafficType] } },
      AutomationAssumeRole: { StaticValue: { Values: [remediationRole.roleArn] } },
    },
  });
  forwardAlarms(stack, flowLogs, props.alarmBusArn);
  return stack;
}

/** The group's ARN without the `:*` suffix of its `Arn` attribute: what CreateFlowLogs takes. */
function logGroupArn(stack: Stack, group: logs.ILogGroup): string {
  return stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: group.logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
}

/**
 * The role the runbook runs as: it may create flow logs for this account's VPCs in this region,
 * read flow logs (to see the one it made), and pass the delivery role, and nothing else, to the flow
 * logs service. Only Systems Manager Automation of this account may assume it.
 */
function createRemediationRole(stack: Stack, deliveryRole: iam.IRole): iam.Role {
  const role = serviceRole(stack, 'RemediationRole', 'ssm', 'automation-execution',
    'AWS Config remediation (AWSSupport-EnableVPCFlowLogs): creates the missing VPC flow logs into the flow logs log group');
  const policy = new iam.ManagedPolicy(stack, 'RemediationPolicy', {
    description: 'Lets AWSSupport-EnableVPCFlowLogs create VPC flow logs that deliver to one log group through one role',
    roles: [role],
    statements: [
      new iam.PolicyStatement({
        actions: ['ec2:CreateFlowLogs'],
        resources: [
          stack.formatArn({ service: 'ec2', resource: 'vpc', resourceName: '*' }),
          stack.formatArn({ service: 'ec2', resource: 'vpc-flow-log', resourceName: '*' }),
        ],
      }),
      // DescribeFlowLogs and DescribeLogGroups (the runbook checks the destination) have no
      // resource-level permission: IAM requires "*". The runbook's page lists more (creating a
      // role, an S3 destination): given a role and a log group, it needs none of them.
      new iam.PolicyStatement({ actions: ['ec2:DescribeFlowLogs', 'logs:DescribeLogGroups'], resources: ['*'] }),
      new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [deliveryRole.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': FLOW_LOGS_SERVICE } },
      }),
    ],
  });
  suppressNagFindings(policy.node.defaultChild as CfnResource, [{
    id: 'AwsSolutions-IAM5',
    reason: 'CreateFlowLogs acts on any VPC of this account and region (the remediation does not know which VPC ahead of time) and on the flow log it creates, whose ID is new; DescribeFlowLogs and DescribeLogGroups support no resource-level permission.',
    appliesTo: [
      { regex: '/^Resource::arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:(vpc|vpc-flow-log)/\\*$/g' },
      'Resource::*',
    ],
  }]);
  return role;
}

/**
 * The rule that sends every state change of this stack's alarms to the central bus, through a role
 * (a managed policy: compliance packs flag inline ones) that may only put events there. The alarms
 * have no action of their own: CloudWatch emits their state changes to EventBridge without one.
 */
function forwardAlarms(stack: Stack, flowLogs: FlowLogsToCloudWatch, busArn: string) {
  const alarms = [...flowLogs.alarms, ...(flowLogs.deliveryHealthAlarm ? [flowLogs.deliveryHealthAlarm] : [])];
  for (const alarm of alarms) {
    suppressNagFindings(alarm.node.defaultChild as CfnResource, ['NIST.800.53.R5-CloudWatchAlarmAction', 'HIPAA.Security-CloudWatchAlarmAction'].map(id => ({
      id, reason: 'The alarm notifies through EventBridge: CloudWatch emits every state change, and the stack\'s forwarding rule sends it to the organization\'s alarm bus, which e-mails it.',
    })));
  }
  const role = serviceRole(stack, 'ForwardRole', 'events', 'rule',
    'EventBridge: forwards the flow log alarms\' state changes to the organization\'s alarm bus');
  new iam.ManagedPolicy(stack, 'ForwardPolicy', {
    description: 'Lets EventBridge put the flow log alarms\' state changes on the organization\'s alarm bus, and nowhere else',
    roles: [role],
    statements: [new iam.PolicyStatement({ actions: ['events:PutEvents'], resources: [busArn] })],
  });
  new events.Rule(stack, 'ForwardAlarms', {
    description: 'Forwards the flow log alarms\' state changes to the organization\'s alarm bus',
    eventPattern: {
      source: ['aws.cloudwatch'],
      detailType: ['CloudWatch Alarm State Change'],
      resources: alarms.map(a => a.alarmArn),
    },
    // Not aws-cdk-lib's EventBus target, which would add the same permission again as an inline policy.
    targets: [{ bind: () => ({ arn: busArn, role }) }],
  });
}

/**
 * A role only `<service>.amazonaws.com` may assume, and only for its `<resource>`s in this account and
 * region (aws:SourceAccount, aws:SourceArn: no confused deputy).
 */
function serviceRole(stack: Stack, id: string, service: string, resource: string, description: string): iam.Role {
  return new iam.Role(stack, id, {
    description,
    assumedBy: new iam.ServicePrincipal(`${service}.amazonaws.com`, {
      conditions: {
        StringEquals: { 'aws:SourceAccount': stack.account },
        ArnLike: { 'aws:SourceArn': stack.formatArn({ service, resource, resourceName: '*' }) },
      },
    }),
  });
}
