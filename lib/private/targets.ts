import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IDependable } from 'constructs';
import { FlowLogField, FlowLogRecordKind } from '../flow-log-field';
import { FlowLogTagEnrichment, renderTagEnrichment } from '../flow-log-tag-enrichment';
import { FlowLogTarget } from '../flow-log-target';
import { describeValue } from './describe';
import { libraryError, warn } from './errors';
import { FlowLogPlacement } from './placement';
import { defaultFormat, kindName, renderLogFormat, sameFormat, validateFormatForKind } from './record-format';

/** What every flow log of a construct shares. */
export interface FlowLogSettings {
  readonly trafficType: ec2.FlowLogTrafficType;
  /** Whether `trafficType` was given (a transit gateway target refuses any but the default). */
  readonly trafficTypeGiven: boolean;
  readonly maxAggregationInterval?: ec2.FlowLogMaxAggregationInterval;
  readonly tagEnrichment?: FlowLogTagEnrichment[];
  /** `logFormat`, when given. */
  readonly explicitFormat?: FlowLogField[];
  readonly logGroup: logs.ILogGroup;
  readonly role: iam.IRole;
  /** What the flow logs wait for: the delivery policy. */
  readonly delivery: IDependable;
}

/**
 * The targets of one construct: their record kind, keys and resource IDs, and what a new one must
 * pass to join them. Sets, not scans of earlier targets: fleets of thousands of targets stay linear.
 */
export class TargetBook {
  /** The kind of the targets' records, once the first target is in. */
  public kind?: FlowLogRecordKind;
  private readonly keys = new Set<string>();
  private readonly resourceIds = new Set<string>();
  /** Keys (construct paths) of VPC and subnet targets, to spot a subnet inside a VPC target. */
  private readonly vpcKeys: string[] = [];
  private readonly subnetKeys: string[] = [];

  public get size(): number {
    return this.keys.size;
  }

  /**
   * Checks that `target` can join (throwing where not), records it, and returns its key.
   * `settles`, called with the kind when `target` is the first, may refuse it too.
   */
  public admit(owner: Construct, target: FlowLogTarget, settings: FlowLogSettings, settles: (kind: FlowLogRecordKind) => void): string {
    const kind = target.recordKind;
    const what = `${target.resourceType} target ${describeValue(target.key)}`;
    if (this.kind !== undefined && this.kind !== kind) {
      throw libraryError(`FlowLogsToCloudWatch: ${what} cannot join this construct, which already has ${kindName(this.kind)} targets: transit gateway records have other fields than VPC records. Use a second FlowLogsToCloudWatch for it (it may share this one's log group and role: give it this construct's \`logGroup\` and \`role\` members as its \`logGroup\` and \`role\` props).`);
    }
    const key = `${target.resourceType}:${target.key}`;
    // The resource, whatever the spelling: a VPC given as fromVpc(vpc) and as fromVpcId(vpc.vpcId) has
    // one ID (a literal, or the same token), and EC2 refuses a second identical flow log.
    const resourceId = `${target.resourceType}:${target.resourceId}`;
    if (this.keys.has(key) || this.resourceIds.has(resourceId)) {
      throw libraryError(`FlowLogsToCloudWatch: target ${target.resourceType} ${describeValue(target.key)} was added twice${this.keys.has(key) ? '' : ' (the same resource ID under another spelling, e.g. fromVpc(vpc) and fromVpcId(vpc.vpcId))'}; each target gets exactly one flow log, and EC2 refuses a second identical one. Remove the duplicate from \`targets\` / \`addTarget()\`.`);
    }
    if (kind === FlowLogRecordKind.TRANSIT_GATEWAY) checkTransitGateway(what, settings);
    if (settings.explicitFormat) validateFormatForKind(settings.explicitFormat, kind, 'logFormat');
    if (this.kind === undefined) settles(kind);
    this.warnOnOverlap(owner, target);
    this.kind = kind;
    this.keys.add(key);
    this.resourceIds.add(resourceId);
    return key;
  }

  /**
   * A VPC and one of its subnets (or a subnet and a VPC containing it) in one construct deliver every
   * record of the subnet twice into the same log stream, so detections and Contributor Insights count
   * it twice.
   */
  private warnOnOverlap(owner: Construct, target: FlowLogTarget) {
    if (target.resourceType !== 'VPC' && target.resourceType !== 'Subnet') return;
    // Few VPCs, many subnets: a subnet is checked against the VPCs, a (rare) VPC against the subnets.
    const isVpc = target.resourceType === 'VPC';
    for (const other of isVpc ? this.subnetKeys : this.vpcKeys) {
      const [vpc, subnet] = isVpc ? [target.key, other] : [other, target.key];
      if (subnet.startsWith(vpc + '/')) {
        warn(owner, 'overlappingTargets', `Subnet target ${describeValue(subnet)} is in VPC target ${describeValue(vpc)}: its records would be delivered twice (once per flow log) and every detection would count them twice. Keep the VPC target or the subnet targets, not both.`);
      }
    }
    (isVpc ? this.vpcKeys : this.subnetKeys).push(target.key);
  }
}

function checkTransitGateway(what: string, settings: FlowLogSettings) {
  if (settings.trafficTypeGiven && settings.trafficType !== ec2.FlowLogTrafficType.ALL) {
    throw libraryError(`FlowLogsToCloudWatch: \`trafficType\` ${settings.trafficType} cannot apply to ${what}: transit gateway flow logs capture all traffic and have no traffic filter. Remove \`trafficType\`.`);
  }
  if (settings.maxAggregationInterval === ec2.FlowLogMaxAggregationInterval.TEN_MINUTES) {
    throw libraryError(`FlowLogsToCloudWatch: \`maxAggregationInterval\` TEN_MINUTES (600 s) cannot apply to ${what}: transit gateway flow logs only allow ONE_MINUTE. Remove \`maxAggregationInterval\` or set ec2.FlowLogMaxAggregationInterval.ONE_MINUTE.`);
  }
  if (settings.tagEnrichment !== undefined) {
    throw libraryError(`FlowLogsToCloudWatch: \`tagEnrichment\` cannot apply to ${what}: transit gateway flow log records have no tag fields. Put the transit gateway targets in a construct without \`tagEnrichment\`.`);
  }
}

/** The flow log of an admitted target (`key`), in the scope the placement gives it. */
export function createFlowLog(owner: Construct, placement: FlowLogPlacement, key: string, target: FlowLogTarget,
  format: FlowLogField[], settings: FlowLogSettings): ec2.CfnFlowLog {
  const scope = placement.scopeFor(key);
  const id = target._constructId(owner);
  if (scope.node.tryFindChild(id)) {
    throw libraryError(`FlowLogsToCloudWatch: target ${target.resourceType} ${describeValue(target.key)} would get the construct ID ${describeValue(id)}, which another target of this construct already has (keys that differ only in '/' and '.'). Give one of them another \`key\`.`);
  }
  const isTgw = target.recordKind === FlowLogRecordKind.TRANSIT_GATEWAY;
  const props: ec2.CfnFlowLogProps = {
    resourceType: target.resourceType,
    resourceId: target.resourceId,
    trafficType: isTgw ? undefined : settings.trafficType,
    logDestinationType: 'cloud-watch-logs',
    logGroupName: settings.logGroup.logGroupName,
    deliverLogsPermissionArn: settings.role.roleArn,
    logFormat: sameFormat(format, defaultFormat(target.recordKind)) ? undefined : renderLogFormat(format),
    // Transit gateway flow logs only take 60 s; CloudFormation documents 600 as the default.
    maxAggregationInterval: isTgw ? ec2.FlowLogMaxAggregationInterval.ONE_MINUTE : settings.maxAggregationInterval,
  };
  // aws-cdk-lib 2.260.0 added CfnFlowLog.tagFieldSpecifications; this library builds against an older
  // floor, so the prop is passed untyped and its support checked on the flow log made (an own field in
  // some versions, a getter over `_tagFieldSpecifications` in newer ones).
  const tags = settings.tagEnrichment ? { tagFieldSpecifications: renderTagEnrichment(settings.tagEnrichment) } : {};
  const flowLog = new ec2.CfnFlowLog(scope, id, { ...props, ...tags } as ec2.CfnFlowLogProps);
  if (settings.tagEnrichment && !('tagFieldSpecifications' in flowLog)) {
    throw libraryError(`FlowLogsToCloudWatch: \`tagEnrichment\` needs aws-cdk-lib 2.260.0 or newer (its CfnFlowLog has \`tagFieldSpecifications\`); this app resolves aws-cdk-lib ${cdkVersion()}. Upgrade aws-cdk-lib, or leave out \`tagEnrichment\` and the tag fields.`);
  }
  flowLog.node.addDependency(settings.delivery);
  placement.count(flowLog, props, target.resourceId);
  return flowLog;
}

/** The version of aws-cdk-lib this app resolves, for messages. */
function cdkVersion(): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return String(require('aws-cdk-lib/package.json').version);
  } catch {
    /* istanbul ignore next */
    return 'an unknown version';
  }
}
