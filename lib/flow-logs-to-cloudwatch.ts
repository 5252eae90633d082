import { CfnResource, Duration, Lazy, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { FlowLogContributorRule } from './flow-log-contributor-rule';
import { FlowLogDetection } from './flow-log-detection';
import { FlowLogField, FlowLogRecordKind } from './flow-log-field';
import { FlowLogQuery } from './flow-log-query';
import { checkTagEnrichment, FlowLogTagEnrichment, FlowLogTagResourceType, tagEnrichmentProblems } from './flow-log-tag-enrichment';
import { FlowLogTarget } from './flow-log-target';
import { FlowLogsEncryption } from './flow-logs-encryption';
import { createOrUseTopic } from './private/alarm-topic';
import { buildDashboardAtSynth } from './private/dashboard';
import { createDeliveryRole, grantDelivery, grantPassRole, nameOrPath, roleTrustWarning } from './private/delivery';
import { checkEnum, describeValue } from './private/describe';
import {
  checkNewDetection, createContributorRule, createDetection, DetectionResources, detectionProblems, RecordContext, ruleBodyProblems, ruleProblems,
} from './private/detections';
import { createEncryptionKey } from './private/encryption';
import { inEveryLanguage, libraryError, warn } from './private/errors';
import { EVERY_VPC_ID, flowLogsForEveryVpc, vpcFlowLogs } from './private/every-vpc';
import { cdk, guard, guardProps, is, Rule } from './private/guard';
import { historyQuery } from './private/history-query';
import { createOrUseLogGroup } from './private/log-group';
import { createDeliveryHealthAlarm, createIngestionBudgetAlarm } from './private/log-group-alarms';
import { defaultMetricNamespace, defaultName } from './private/names';
import { FlowLogPlacement } from './private/placement';
import { defaultFormat, validateFormatShape } from './private/record-format';
import { createFlowLog, FlowLogSettings, TargetBook } from './private/targets';
import { nameConflicts, registerName } from './private/unique-names';

/** CloudWatch Logs allows 100 metric filters per log group (not adjustable). */
const MAX_METRIC_FILTERS = 100;
const DASHBOARD_NAME = /^[A-Za-z0-9_-]{1,255}$/;

const TARGET = is.instance(FlowLogTarget, 'a FlowLogTarget', 'FlowLogTarget.fromVpc(vpc)');
const DETECTION = is.instance(FlowLogDetection, 'a FlowLogDetection', 'FlowLogDetection.rejectedSsh()');
const RULE = is.instance(FlowLogContributorRule, 'a FlowLogContributorRule', 'FlowLogContributorRule.topRejectedSources()');
const QUERY = is.instance(FlowLogQuery, 'a FlowLogQuery', 'FlowLogQuery.rejectedBySource()');

/** What each prop must be (checked first, by the constructor and `forEveryVpc`). */
function propsRules(): Record<string, Rule> {
  return {
    targets: is.list(TARGET),
    flowLogsCreatedElsewhere: is.boolean(),
    trafficType: is.enumOf(ec2.FlowLogTrafficType as unknown as Record<string, string>, 'ec2.FlowLogTrafficType'),
    logFormat: is.list(is.instance(FlowLogField, 'a FlowLogField', 'FlowLogField.SRC_ADDR')),
    tagEnrichment: is.list(is.struct({
      resourceType: is.enumOf(FlowLogTagResourceType as unknown as Record<string, string>, 'FlowLogTagResourceType'),
      tagKeys: is.list(is.string({ example: '\'Team\'' })),
    }, ['resourceType', 'tagKeys'], 'a FlowLogTagEnrichment')),
    maxAggregationInterval: is.enumOf(ec2.FlowLogMaxAggregationInterval as unknown as Record<string, number>, 'ec2.FlowLogMaxAggregationInterval'),
    logGroup: cdk.logGroup,
    logGroupName: is.string({ example: '\'/vpc-flow-logs/prod\'' }),
    retention: is.enumOf(logs.RetentionDays as unknown as Record<string, number>, 'logs.RetentionDays'),
    encryptionKey: cdk.key,
    encryption: is.enumOf(FlowLogsEncryption as unknown as Record<string, string>, 'FlowLogsEncryption'),
    removalPolicy: is.enumOf(RemovalPolicy as unknown as Record<string, string>, 'RemovalPolicy'),
    role: cdk.role,
    detections: is.list(DETECTION),
    alarmActions: is.list(cdk.alarmAction),
    alarmEmails: is.list(is.string({ example: '\'secops@example.com\'' })),
    alarmTopic: cdk.topic,
    alarmTopicKey: cdk.key,
    deliveryHealthPeriod: cdk.duration,
    ingestionBudgetGb: is.number({ positive: true, what: 'a number of GB greater than 0' }),
    flowLogNestedStacks: is.number({ integer: true, min: 1, max: 100 }),
    contributorRules: is.list(RULE),
    queries: is.list(QUERY),
    detectionHistoryQueries: is.boolean(),
    dashboard: is.boolean(),
    dashboardName: is.string(),
  };
}

/**
 * Props of `FlowLogsToCloudWatch`.
 */
export interface FlowLogsToCloudWatchProps {
  /**
   * The resources to capture flow logs for: one flow log per target.
   * Either VPC / subnet / network interface targets, or transit gateway /
   * attachment targets, not both (their records differ).
   *
   * @default - none; add them with `addTarget()`. A construct without any target is a synth error,
   * unless `flowLogsCreatedElsewhere` is set.
   */
  readonly targets?: FlowLogTarget[];

  /**
   * Flow logs are also created outside this construct, into its log group with its role: by AWS
   * Config's automatic remediation (`FlowLogsStackSet` does that), by another tool, or by a person
   * given `grantPassRole()`. A construct without targets is then valid. Their records must have this
   * construct's `logFormat` (the default: the 14 version-2 fields, which is what flow logs created
   * without a format write), or the detections read the wrong columns.
   *
   * @default false
   */
  readonly flowLogsCreatedElsewhere?: boolean;

  /**
   * The traffic to capture: accepted, rejected or all.
   * Not used for transit gateway targets, whose flow logs have no traffic filter.
   *
   * @see https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html
   * @default ec2.FlowLogTrafficType.ALL
   */
  readonly trafficType?: ec2.FlowLogTrafficType;

  /**
   * The fields of each record, in order. Detections' filter patterns follow it.
   *
   * @see https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html
   * @default - `FlowLogField.DEFAULT_FORMAT` (the 14 version-2 fields), or
   * `FlowLogField.TRANSIT_GATEWAY_DEFAULT_FORMAT` for transit gateway targets; `LogFormat` is then omitted
   */
  readonly logFormat?: FlowLogField[];

  /**
   * Tag enrichment (`TagFieldSpecifications`): the tag keys of network interfaces, instances and
   * Auto Scaling groups whose values the records carry, in the version-11 fields
   * (`FlowLogField.INSTANCE_TAG` ... `ASG_TAG_2`): the first key of a resource type fills
   * `<type>-tag`, the second `<type>-tag-2`. `logFormat` must hold exactly the fields the keys fill
   * (a key without its field, or a tag field without a key, is refused). VPC, subnet and network
   * interface targets only. Needs aws-cdk-lib 2.260.0 or newer (whose `CfnFlowLog` has
   * `tagFieldSpecifications`); an older one is a clear error. The flow logs service reads the tags
   * with its service-linked role (AWSServiceRoleForVPCFlowLogs), which AWS creates with the first
   * such flow log: the role deploying the stack needs `iam:CreateServiceLinkedRole` for it; the
   * delivery role needs nothing more. Changing it replaces the flow logs.
   *
   * @see https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html
   * @default - no tag enrichment; the tag fields may not be in `logFormat`
   * @experimental follows AWS's version-11 tag fields (June 2026), which may still change.
   */
  readonly tagEnrichment?: FlowLogTagEnrichment[];

  /**
   * The longest interval over which a flow is captured and aggregated into a record.
   * Transit gateway flow logs accept only one minute (their API default), so TEN_MINUTES is refused
   * for them. On network interfaces of Nitro-based instances the interval is always one minute or
   * less, whatever is set.
   *
   * @see https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html#flow-logs-basics
   * @see https://docs.aws.amazon.com/vpc/latest/tgw/flow-logs-api-cli.html
   * @default - AWS's default, 10 minutes; for transit gateways 1 minute, sent explicitly
   * (`MaxAggregationInterval: 60`: CloudFormation documents 600 as the property's default)
   */
  readonly maxAggregationInterval?: ec2.FlowLogMaxAggregationInterval;

  /**
   * An existing log group to deliver to. Several constructs may share one.
   *
   * @default - a log group is created
   */
  readonly logGroup?: logs.ILogGroup;

  /**
   * The name of the created log group (1-512 of `a-zA-Z0-9_-/.#`).
   *
   * The default name is the same with or without `encryptionKey`, so adding or removing a key never
   * renames (and so replaces) the group. Changing `logGroupName` on a deployed construct replaces the group.
   *
   * @default - `/vpc-flow-logs/<unique name derived from the construct path>`
   */
  readonly logGroupName?: string;

  /**
   * How long the created log group keeps records.
   *
   * @default logs.RetentionDays.TWO_YEARS
   */
  readonly retention?: logs.RetentionDays;

  /**
   * A KMS key to encrypt the created log group with. For a key created in the
   * app, the construct adds the key policy statement that lets the regional
   * CloudWatch Logs service use it for this log group; for an imported key
   * you must add it yourself (a warning says so).
   *
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
   * @default - no customer-managed key (CloudWatch Logs encrypts with its own key)
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Encryption at rest in one switch. `FlowLogsEncryption.KMS` creates one customer-managed key
   * (rotation on, removed only with the log group) for the created log group and the created alarm
   * topic, with a key policy that lets CloudWatch Logs use it for this log group only, lets
   * CloudWatch alarms publish to the topic, and denies `kms:CreateGrant` except by AWS services for
   * AWS resources (AWS Control Tower CT.KMS.PR.3). Not with `encryptionKey` or `alarmTopicKey` (your
   * own keys), and not when the construct creates neither a log group nor a topic.
   *
   * Off by default: a customer-managed key costs a key a month plus its requests, and CloudWatch
   * Logs already encrypts every log group at rest with its own key.
   *
   * @default FlowLogsEncryption.SERVICE_DEFAULT
   */
  readonly encryption?: FlowLogsEncryption;

  /**
   * What happens to the created log group when it leaves the stack.
   * Flow log history is evidence, so it is kept by default.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * An existing role the flow logs service assumes to deliver records. The
   * construct adds the statements granting delivery to the log group to the
   * role's default policy (two constructs sharing a role and a group add them
   * once). Import a role with `mutable: false` to leave it untouched (a warning
   * then reminds you to grant delivery yourself); make sure it trusts
   * `vpc-flow-logs.amazonaws.com`.
   *
   * @default - a role is created
   */
  readonly role?: iam.IRole;

  /**
   * Detections: each is a metric filter on the log group and an alarm.
   *
   * @default - none; add them with `addDetection()`
   */
  readonly detections?: FlowLogDetection[];

  /**
   * Actions of every detection's alarm.
   *
   * @default - none (plus the alarm topic, if there is one)
   */
  readonly alarmActions?: cloudwatch.IAlarmAction[];

  /**
   * E-mail addresses notified when an alarm fires: each gets an e-mail
   * subscription on the alarm topic (which is created unless `alarmTopic` is given).
   *
   * @default - none
   */
  readonly alarmEmails?: string[];

  /**
   * The SNS topic every alarm notifies (for example a KMS-encrypted one of yours). A
   * KMS-encrypted topic's key must let `cloudwatch.amazonaws.com` use it
   * (`kms:Decrypt`, `kms:GenerateDataKey*`), or notifications are dropped.
   *
   * @default - a topic with an SSL-only publish policy is created when `alarmEmails` is set
   */
  readonly alarmTopic?: sns.ITopic;

  /**
   * A KMS key to encrypt the topic created for `alarmEmails` with. For a key created in
   * the app, the construct adds the key policy statement that lets CloudWatch alarms
   * (`cloudwatch.amazonaws.com`) publish to the encrypted topic; for an imported key a
   * warning says what to add.
   *
   * @default - the created topic is not encrypted with a customer-managed key
   */
  readonly alarmTopicKey?: kms.IKey;

  /**
   * Delivery health: notify when the log group stops receiving records. A flow log can show ACTIVE
   * while it delivers nothing (an access error after a policy or key change, a group deleted and
   * recreated); this alarm notices. It reads `AWS/Logs` `IncomingLogEvents` of the group with this
   * period and missing data treated as missing: a silent group publishes no datapoints, and when
   * CloudWatch's whole evaluation range (about 3 periods for this one-period alarm) is silent the
   * alarm goes to INSUFFICIENT_DATA, which notifies the same actions as the detections (they are
   * its ALARM actions too, for AWS Control Tower's CT.CLOUDWATCH.PR.1; it never reaches ALARM). So it
   * notifies about 3 x this period after the last record arrived, once per outage, and goes back
   * to OK (without a notification) when records arrive again. A new deployment does not notify:
   * the alarm starts in INSUFFICIENT_DATA and goes to OK with the first records.
   *
   * It cannot tell a stopped delivery from a VPC with no traffic at all (a network interface
   * without traffic writes `NODATA` records, but AWS does not promise one per interval, and a VPC
   * without network interfaces writes nothing), nor notice a flow log that never delivered
   * anything since it was created. Records arrive in batches, every aggregation interval (up to
   * 10 minutes) plus about 5 minutes of delivery, best effort: below 15 minutes is warned about.
   *
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarms-and-missing-data.html
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CloudWatch-Logs-Monitoring-CloudWatch-Metrics.html
   * @default - no delivery health alarm
   */
  readonly deliveryHealthPeriod?: Duration;

  /**
   * Alarm when the log group ingests more than this many GB in a day (`AWS/Logs` `IncomingBytes`,
   * Sum over one day; 1 GB = 2^30 bytes, as AWS bills it): an ingestion budget. Flow logs are
   * billed as vended logs, per GB ingested; see the README's cost section. Notifies the same
   * actions as the detections.
   *
   * @see https://aws.amazon.com/cloudwatch/pricing/
   * @default - no ingestion budget alarm
   */
  readonly ingestionBudgetGb?: number;

  /**
   * Spread the flow logs over this many CloudFormation nested stacks, for more
   * targets than one stack holds (CloudFormation allows 500 resources per stack).
   * The role, the log group, the metric filters and the alarms stay in this
   * construct's stack. Each flow log goes to the nested stack given by a hash of
   * its target's key, so adding or reordering targets never moves an existing
   * flow log; changing this number (or setting it on an existing construct)
   * moves, and so replaces, flow logs. 1-100; each nested stack holds at most
   * 500 flow logs, so allow headroom (e.g. 5 for 2,000 targets).
   *
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
   * @default - the flow logs are in this construct's stack
   */
  readonly flowLogNestedStacks?: number;

  /**
   * Contributor Insights rules over the log group ("who is behind an alarm?"),
   * generated from `logFormat`. Each rule is billed per month and per million
   * matched log events.
   *
   * @see https://aws.amazon.com/cloudwatch/pricing/
   * @default - none; add them with `addContributorRule()`
   */
  readonly contributorRules?: FlowLogContributorRule[];

  /**
   * Saved CloudWatch Logs Insights queries on the log group, generated from
   * `logFormat`. Saving a query is free; running one is billed per GB scanned.
   *
   * @default - none; add them with `addQuery()`
   */
  readonly queries?: FlowLogQuery[];

  /**
   * Save, for each detection, a Logs Insights query that counts the records it counts per period
   * of the detection (per contributor for a per-contributor detection) and lists the periods that
   * reached its threshold: run it over the group's past records to see, on real data, how often the
   * detection would have alarmed before you trust it. Named `<detection>History`; saved queries
   * are free (running one is billed per GB scanned). Not on the dashboard.
   *
   * @default true
   */
  readonly detectionHistoryQueries?: boolean;

  /**
   * Create a CloudWatch dashboard with a graph per detection (with its alarm
   * threshold), the top contributors of each Contributor Insights rule, and each
   * saved query as a log widget. A dashboard is billed per month.
   *
   * @default - false, unless `dashboardName` is set
   */
  readonly dashboard?: boolean;

  /**
   * The dashboard's name. Setting it creates the dashboard (as `dashboard: true` does).
   *
   * @default - generated by CloudFormation
   */
  readonly dashboardName?: string;
}

/**
 * VPC Flow Logs delivered to CloudWatch Logs, in one statement: one
 * least-privilege IAM role the flow logs service assumes, one log group, one
 * `AWS::EC2::FlowLog` per target, and per detection a format-aware metric
 * filter and an alarm.
 *
 * @example
 * declare const vpc: ec2.Vpc;
 * new FlowLogsToCloudWatch(this, 'FlowLogs', {
 *   targets: [FlowLogTarget.fromVpc(vpc), FlowLogTarget.fromNetworkInterfaceId('eni-1a2b3c4d')],
 *   detections: [FlowLogDetection.rejectedSsh()],
 *   alarmEmails: ['secops@example.com'],
 * });
 */
export class FlowLogsToCloudWatch extends Construct {
  /**
   * Gives every VPC under `scope` (an app, a stage or a stack: `ec2.Vpc` or `ec2.CfnVPC`) flow
   * logs to CloudWatch Logs, without listing them: at synth, one `FlowLogsToCloudWatch` (construct
   * ID `FlowLogsForEveryVpc`) in each stack holding such VPCs, with `props` and a target per VPC.
   * VPCs that a VPC-level flow log of the app already covers (this library's, aws-cdk-lib's
   * `ec2.FlowLog`, or a `CfnFlowLog` of resource type `VPC`) are left alone: a second flow log would
   * deliver, and bill, every record twice. (Subnet and network interface flow logs do not count:
   * Security Hub EC2.6 and cdk-nag VPC7 ask for a VPC-level one.) An info annotation on `scope`
   * lists what it added and skipped, and a warning names an existing flow log that captures ACCEPT
   * traffic only, and `trafficType` ACCEPT, which do not satisfy EC2.6. VPCs looked up
   * (`ec2.Vpc.fromLookup`) are not defined in the app and are not included.
   *
   * @param scope the app, stage or stack whose VPCs get flow logs
   * @param props the props of each construct made (everything but `targets`)
   */
  public static forEveryVpc(scope: Construct, props: FlowLogsToCloudWatchProps = {}): void {
    guard('FlowLogsToCloudWatch.forEveryVpc', [['scope', scope, cdk.scope, true]]);
    guardProps('FlowLogsToCloudWatch.forEveryVpc', 'props', props, propsRules());
    if (props.targets !== undefined) {
      throw libraryError('FlowLogsToCloudWatch.forEveryVpc: `targets` cannot be given: the targets are the VPCs found under the scope. Use a FlowLogsToCloudWatch of your own for other targets.');
    }
    if (props.trafficType === ec2.FlowLogTrafficType.ACCEPT) {
      warn(scope, 'everyVpcAcceptOnly', 'FlowLogsToCloudWatch.forEveryVpc: `trafficType` is ACCEPT: Security Hub EC2.6 wants a VPC-level flow log capturing REJECT (or ALL) traffic, so these flow logs will not satisfy it. Use ALL (the default) or REJECT.');
    }
    flowLogsForEveryVpc(scope,
      () => vpcFlowLogs(scope.node.root, c => c instanceof FlowLogsToCloudWatch),
      (stack: Stack, targets: FlowLogTarget[]) => new FlowLogsToCloudWatch(stack, EVERY_VPC_ID, { ...props, targets }));
  }

  /** The log group the flow logs deliver to. */
  public readonly logGroup: logs.ILogGroup;
  /** The role the flow logs service assumes to deliver records. */
  public readonly role: iam.IRole;
  /** The flow logs, one per target. */
  public readonly flowLogs: ec2.CfnFlowLog[] = [];
  /** The metric filters, one per detection. */
  public readonly metricFilters: logs.MetricFilter[] = [];
  /** The alarms, one per detection. */
  public readonly alarms: cloudwatch.Alarm[] = [];
  /**
   * The SNS topic the alarms notify.
   * @default - none unless `alarmTopic` or `alarmEmails` is given
   */
  public readonly alarmTopic?: sns.ITopic;
  /**
   * The key `encryption: FlowLogsEncryption.KMS` created.
   * @default - none unless `encryption` is FlowLogsEncryption.KMS
   */
  public readonly encryptionKey?: kms.IKey;
  /**
   * The delivery health alarm (no records for `deliveryHealthPeriod`).
   * @default - none unless `deliveryHealthPeriod` is given
   */
  public readonly deliveryHealthAlarm?: cloudwatch.Alarm;
  /**
   * The ingestion budget alarm (more than `ingestionBudgetGb` GB in a day).
   * @default - none unless `ingestionBudgetGb` is given
   */
  public readonly ingestionBudgetAlarm?: cloudwatch.Alarm;
  /** The Contributor Insights rules, one per `FlowLogContributorRule`. */
  public readonly contributorRules: cloudwatch.CfnInsightRule[] = [];
  /** The saved Logs Insights queries, one per `FlowLogQuery`. */
  public readonly queries: logs.CfnQueryDefinition[] = [];
  /**
   * The dashboard.
   * @default - none unless `dashboard` or `dashboardName` is given
   */
  public readonly dashboard?: cloudwatch.Dashboard;

  private readonly props: FlowLogsToCloudWatchProps;
  private readonly explicitFormat?: FlowLogField[];
  private readonly settings: FlowLogSettings;
  private readonly deliveryWarnings: () => string[];
  private readonly placement: FlowLogPlacement;
  /** The created log group's name (undefined for a supplied group). */
  private readonly createdLogGroupName?: string;
  private readonly targets = new TargetBook();
  private readonly detectionItems: DetectionResources[] = [];
  private readonly ruleItems: Array<[FlowLogContributorRule, cloudwatch.CfnInsightRule]> = [];
  private readonly queryItems: Array<{ query: FlowLogQuery; queryString: string; onDashboard: boolean }> = [];

  constructor(scope: Construct, id: string, props: FlowLogsToCloudWatchProps = {}) {
    guard('FlowLogsToCloudWatch', [['scope', scope, cdk.scope, true], ['id', id, is.string({ min: 1, tokens: false }), true]]);
    guardProps('FlowLogsToCloudWatch', 'props', props, propsRules());
    super(scope, id);
    this.props = props;
    checkEnum(props.trafficType, ec2.FlowLogTrafficType, 'FlowLogsToCloudWatch', 'trafficType', 'ec2.FlowLogTrafficType');
    checkEnum(props.maxAggregationInterval, ec2.FlowLogMaxAggregationInterval, 'FlowLogsToCloudWatch', 'maxAggregationInterval', 'ec2.FlowLogMaxAggregationInterval');
    checkEnum(props.retention, logs.RetentionDays, 'FlowLogsToCloudWatch', 'retention', 'logs.RetentionDays');
    if (props.logFormat !== undefined) {
      this.explicitFormat = [...validateFormatShape(props.logFormat, 'logFormat')];
    }
    if (props.dashboardName !== undefined && !Token.isUnresolved(props.dashboardName) && !DASHBOARD_NAME.test(props.dashboardName)) {
      throw libraryError(`FlowLogsToCloudWatch: \`dashboardName\` must be 1-255 characters of A-Z, a-z, 0-9, '-' and '_', got ${describeValue(props.dashboardName)}.`);
    }
    if (props.tagEnrichment !== undefined) checkTagEnrichment(props.tagEnrichment);
    // Neither default format has tag fields, so the fit is known now.
    throwProblems(tagEnrichmentProblems(props.tagEnrichment ?? [], this.explicitFormat ?? FlowLogField.DEFAULT_FORMAT));
    this.placement = new FlowLogPlacement(this, props.flowLogNestedStacks);

    this.encryptionKey = createEncryptionKey(this, props);
    const chosen = createOrUseLogGroup(this, {
      ...props, encryptionKey: props.encryptionKey ?? (props.logGroup ? undefined : this.encryptionKey),
    });
    this.logGroup = chosen.logGroup;
    this.createdLogGroupName = chosen.createdName;
    registerName(this, Stack.of(this), 'log group', chosen.createdName);
    this.role = props.role ?? createDeliveryRole(this);
    const delivery = grantDelivery(this, {
      role: this.role,
      roleCreated: props.role === undefined,
      logGroup: this.logGroup,
      logGroupReferenced: props.logGroup !== undefined,
      logGroupLabel: () => nameOrPath(this.createdLogGroupName ?? this.logGroup.logGroupName, this.logGroup),
    });
    this.deliveryWarnings = delivery.warnings;
    this.settings = {
      trafficType: props.trafficType ?? ec2.FlowLogTrafficType.ALL,
      trafficTypeGiven: props.trafficType !== undefined,
      maxAggregationInterval: props.maxAggregationInterval,
      tagEnrichment: props.tagEnrichment,
      explicitFormat: this.explicitFormat,
      logGroup: this.logGroup,
      role: this.role,
      delivery: delivery.dependable,
    };
    this.alarmTopic = createOrUseTopic(this, {
      ...props, alarmTopicKey: props.alarmTopicKey ?? (props.alarmTopic || !props.alarmEmails?.length ? undefined : this.encryptionKey),
    });
    if (props.deliveryHealthPeriod !== undefined) {
      this.deliveryHealthAlarm = this.notify(createDeliveryHealthAlarm(this, this.logGroup, props.deliveryHealthPeriod), ['INSUFFICIENT_DATA', 'ALARM']);
    }
    if (props.ingestionBudgetGb !== undefined) {
      this.ingestionBudgetAlarm = this.notify(createIngestionBudgetAlarm(this, this.logGroup, props.ingestionBudgetGb));
    }
    if (props.dashboard || props.dashboardName !== undefined) {
      this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { dashboardName: props.dashboardName });
      registerName(this, Stack.of(this), 'dashboard', props.dashboardName);
      buildDashboardAtSynth(this, this.dashboard, () => ({
        operations: [['Delivery health: incoming records', this.deliveryHealthAlarm], ['Ingestion budget', this.ingestionBudgetAlarm]],
        detections: this.detectionItems,
        rules: this.ruleItems.map(([rule, insightRule]) => [rule.name, insightRule]),
        queries: this.queryItems.filter(q => q.onDashboard).map(q => [q.query.name, q.queryString]),
        logGroupName: this.logGroup.logGroupName,
      }));
    }

    for (const target of props.targets ?? []) this.addTarget(target);
    for (const detection of props.detections ?? []) this.addDetection(detection);
    for (const rule of props.contributorRules ?? []) this.addContributorRule(rule);
    for (const query of props.queries ?? []) this.addQuery(query);
    this.node.addValidation({ validate: () => this.validateAtSynth() });
  }

  /**
   * The fields of each record, in order: `logFormat`, or the default format of the targets' kind.
   */
  public get logFormat(): FlowLogField[] {
    return [...(this.explicitFormat ?? defaultFormat(this.targets.kind ?? FlowLogRecordKind.VPC))];
  }

  /**
   * Adds a flow log for one more target.
   */
  public addTarget(target: FlowLogTarget): ec2.CfnFlowLog {
    guard('FlowLogsToCloudWatch.addTarget', [['target', target, TARGET, true]]);
    // The first target settles the record format: what was added before it is checked then.
    const key = this.targets.admit(this, target, this.settings, kind => throwProblems(this.formatProblems(kind)));
    const flowLog = createFlowLog(this, this.placement, key, target, this.logFormat, this.settings);
    this.flowLogs.push(flowLog);
    return flowLog;
  }

  /**
   * Adds a detection: a metric filter on the log group and an alarm on its metric.
   */
  public addDetection(detection: FlowLogDetection): cloudwatch.Alarm {
    guard('FlowLogsToCloudWatch.addDetection', [['detection', detection, DETECTION, true]]);
    const namespaceOf = (d: FlowLogDetection) => d.metricNamespace ?? defaultMetricNamespace(this);
    checkNewDetection(this.detectionItems.map(d => d.detection), detection, namespaceOf);
    if (this.formatKnown()) throwProblems(detectionProblems(detection, this.recordContext()));
    const made = createDetection(this, detection, this.recordContext(), namespaceOf(detection));
    this.detectionItems.push(made);
    if (made.metricFilter) this.metricFilters.push(made.metricFilter);
    if (made.insightRule) this.contributorRules.push(made.insightRule);
    this.alarms.push(this.notify(made.alarm));
    const history = this.props.detectionHistoryQueries === false ? undefined : historyQuery(detection);
    if (history) this.saveQuery(history, false);
    return made.alarm;
  }

  /**
   * Adds a Contributor Insights rule on the log group, its field positions taken from `logFormat`.
   */
  public addContributorRule(rule: FlowLogContributorRule): cloudwatch.CfnInsightRule {
    guard('FlowLogsToCloudWatch.addContributorRule', [['rule', rule, RULE, true]]);
    if (this.ruleItems.some(([r]) => r.name === rule.name)) {
      throw libraryError(`FlowLogsToCloudWatch: two Contributor Insights rules are named ${describeValue(rule.name)}; give one its own \`name\`.`);
    }
    if (this.formatKnown()) throwProblems(ruleProblems(rule, this.recordContext()));
    const insightRule = createContributorRule(this, rule, this.recordContext());
    this.ruleItems.push([rule, insightRule]);
    this.contributorRules.push(insightRule);
    return insightRule;
  }

  /**
   * Adds a saved Logs Insights query on the log group, written for `logFormat`.
   */
  public addQuery(query: FlowLogQuery): logs.CfnQueryDefinition {
    guard('FlowLogsToCloudWatch.addQuery', [['query', query, QUERY, true]]);
    return this.saveQuery(query, true);
  }

  /**
   * Grants `iam:PassRole` on this construct's role (and no other), for
   * `vpc-flow-logs.amazonaws.com` only: what a user or pipeline that creates
   * flow logs with this role needs.
   */
  public grantPassRole(grantee: iam.IGrantable): iam.Grant {
    guard('FlowLogsToCloudWatch.grantPassRole', [['grantee', grantee, cdk.grantable, true]]);
    return grantPassRole(grantee, this.role);
  }

  /** A saved query on the log group; on the dashboard unless it is a detection's history query. */
  private saveQuery(query: FlowLogQuery, onDashboard: boolean): logs.CfnQueryDefinition {
    if (this.queryItems.some(q => q.query.name === query.name)) {
      throw libraryError(`FlowLogsToCloudWatch: two queries are named ${describeValue(query.name)} (a detection's history query is named <detection>History); give one its own \`name\`.`);
    }
    if (this.formatKnown()) throwProblems(query._problems(this.logFormat));
    const queryString = Lazy.string({ produce: () => query._render(this.logFormat) });
    const definition = new logs.CfnQueryDefinition(this, `${query.name}Query`, {
      name: query.queryName ?? defaultName(this, query.name, '/', 255),
      queryString,
      logGroupNames: [this.logGroup.logGroupName],
    });
    this.queryItems.push({ query, queryString, onDashboard });
    this.queries.push(definition);
    return definition;
  }

  /**
   * Adds the alarm destinations (`alarmActions`, then the topic) to an alarm, for its ALARM state
   * (and INSUFFICIENT_DATA: the delivery health alarm's "no records"; its ALARM actions are there for
   * AWS Control Tower's CT.CLOUDWATCH.PR.1, as a count of incoming records is never below 1).
   */
  private notify(alarm: cloudwatch.Alarm, states: Array<'ALARM' | 'INSUFFICIENT_DATA'> = ['ALARM']): cloudwatch.Alarm {
    const actions = [...this.props.alarmActions ?? [], ...(this.alarmTopic ? [new cw_actions.SnsAction(this.alarmTopic)] : [])];
    for (const action of actions) {
      if (states.includes('ALARM')) alarm.addAlarmAction(action);
      if (states.includes('INSUFFICIENT_DATA')) alarm.addInsufficientDataAction(action);
    }
    return alarm;
  }

  /**
   * What the detections, rules and queries read: the format as it is when read (rendering happens at
   * synth), or that of `settling`, the kind the first target is about to settle.
   */
  private recordContext(settling?: FlowLogRecordKind): RecordContext {
    const format = settling === undefined ? () => this.logFormat : () => [...(this.explicitFormat ?? defaultFormat(settling))];
    return { logGroup: this.logGroup, format, kind: settling ?? this.targets.kind, trafficType: this.settings.trafficType };
  }

  /** Every problem of the detections, rules and queries with the format of targets of `kind`. */
  private formatProblems(kind: FlowLogRecordKind): string[] {
    const ctx = this.recordContext(kind);
    return [
      ...this.detectionItems.flatMap(d => detectionProblems(d.detection, ctx)),
      ...this.ruleItems.flatMap(([r]) => ruleProblems(r, ctx)),
      ...this.queryItems.flatMap(q => q.query._problems(ctx.format())),
    ];
  }

  /**
   * What only the complete app can tell, all together (aws-cdk-lib names this construct's path in
   * front of each): a construct without targets, the stacks' limits, the metric filters on the group,
   * names used twice in the app, rule definitions too long; and the warnings that need the complete app.
   */
  private validateAtSynth(): string[] {
    this.warnAtSynth();
    const problems = this.placement.problems(this.flowLogs);
    if (this.targets.size === 0 && !this.props.flowLogsCreatedElsewhere) {
      problems.push('FlowLogsToCloudWatch: no target was given, so no flow log would be created. Pass `targets` (e.g. [FlowLogTarget.fromVpc(vpc)]) or call `addTarget()`; if flow logs are created elsewhere into this log group, set `flowLogsCreatedElsewhere`.');
    }
    // Every metric filter on the group in the app: this construct's, other constructs' sharing
    // the group, and the app's own.
    const groupName = this.logGroup.logGroupName;
    const filters = this.node.root.node.findAll().filter(c => CfnResource.isCfnResource(c)
      && c.cfnResourceType === 'AWS::Logs::MetricFilter' && (c as logs.CfnMetricFilter).logGroupName === groupName).length;
    if (filters > MAX_METRIC_FILTERS) {
      problems.push(`FlowLogsToCloudWatch: the log group would have ${filters} metric filters (this construct's detections and any other on the group); CloudWatch Logs allows ${MAX_METRIC_FILTERS} per log group. Use fewer detections, or another log group.`);
    }
    const literal = (name: string | undefined) => name !== undefined && !Token.isUnresolved(name) ? name : undefined;
    problems.push(...nameConflicts(this), ...ruleBodyProblems([
      ...this.ruleItems.map(([r]) => [r.name, r] as [string, FlowLogContributorRule]),
      ...this.detectionItems.filter(d => d.insightRule).map(d => [`${d.detection.name}-Detection`, d.detection._contributorRule()!] as [string, FlowLogContributorRule]),
    ], literal(this.logGroup.logGroupName) ?? literal(this.createdLogGroupName), this.logFormat));
    return problems.map(inEveryLanguage);
  }

  /** The warnings that need the complete app: a role that cannot take or use the grant, alarm destinations nothing notifies. */
  private warnAtSynth() {
    for (const message of this.deliveryWarnings()) warn(this, 'immutableRole', message);
    const trust = this.props.role ? roleTrustWarning(this.props.role) : undefined;
    if (trust) warn(this, 'roleTrust', trust);
    // Alarm destinations notify only through alarms: with none, a created topic and its
    // subscriptions would never receive anything.
    if (this.detectionItems.length > 0 || this.deliveryHealthAlarm || this.ingestionBudgetAlarm) return;
    const given = (['alarmEmails', 'alarmTopic', 'alarmActions'] as const).filter(p => {
      const value = this.props[p];
      return Array.isArray(value) ? value.length > 0 : value !== undefined;
    });
    if (given.length === 0) return;
    warn(this, 'alarmWithoutDetection',
      `${given.map(p => '`' + p + '`').join(', ')} ${given.length === 1 ? 'is' : 'are'} set, but there is no detection, so no alarm exists and nothing will ever be notified${this.props.alarmEmails?.length && !this.props.alarmTopic ? ' (the topic and its e-mail subscriptions are created anyway)' : ''}. Add \`detections\` (e.g. [FlowLogDetection.rejectedSsh()]) or call addDetection(), or remove ${given.length === 1 ? 'it' : 'them'}.`);
  }

  /**
   * Whether the record format is settled: given as `logFormat`, or the default of the first
   * target's kind. Until then, what depends on it is checked when the first target is added.
   */
  private formatKnown(): boolean {
    return this.targets.kind !== undefined || this.explicitFormat !== undefined;
  }
}

/** Throws the problems found where the input arrived, all together, one per line. */
function throwProblems(problems: string[]) {
  if (problems.length > 0) throw libraryError(problems.join('\n'));
}
