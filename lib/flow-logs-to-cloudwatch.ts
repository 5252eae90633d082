import { Annotations, AspectPriority, Aspects, CfnResource, Duration, IAspect, Lazy, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IConstruct, IDependable } from 'constructs';
import { FlowLogContributorRule } from './flow-log-contributor-rule';
import { FlowLogDetection } from './flow-log-detection';
import { FlowLogField, FlowLogRecordKind } from './flow-log-field';
import { FlowLogFilter } from './flow-log-filter';
import { FlowLogQuery } from './flow-log-query';
import { checkTagEnrichment, FlowLogTagEnrichment, FlowLogTagResourceType, renderTagEnrichment, tagEnrichmentProblems } from './flow-log-tag-enrichment';
import { FlowLogTarget } from './flow-log-target';
import { FlowLogsEncryption } from './flow-logs-encryption';
import { createOrUseTopic } from './private/alarm-topic';
import { anomalyBand, useAnomalyBand } from './private/anomaly';
import { anomalyWidget, detectionWidget, InsightRuleWidget, queryWidget } from './private/dashboard';
import { checkSuppliedRoleTrust, createDeliveryRole, grantDelivery, grantPassRole, nameOrPath } from './private/delivery';
import { checkEnum, describeValue } from './private/describe';
import { createEncryptionKey } from './private/encryption';
import { inEveryLanguage, libraryError } from './private/errors';
import { EVERY_VPC_ID, flowLogsForEveryVpc, vpcFlowLogs } from './private/every-vpc';
import { defaultFormat, kindName, renderLogFormat, sameFormat, validateFormatForKind, validateFormatShape } from './private/fields';
import { cdk, guard, guardProps, is, Rule } from './private/guard';
import { historyQuery } from './private/history-query';
import { createOrUseLogGroup, logGroupClass } from './private/log-group';
import { createDeliveryHealthAlarm, createIngestionBudgetAlarm } from './private/log-group-alarms';
import { defaultMetricNamespace, defaultName } from './private/names';
import { FlowLogPlacement } from './private/placement';
import { nameConflicts, registerName } from './private/unique-names';

/** CloudWatch Logs allows 100 metric filters per log group (not adjustable). */
const MAX_METRIC_FILTERS = 100;
/** CloudWatch PutInsightRule: RuleDefinition of 1-8192 characters. */
const MAX_RULE_BYTES = 8192;
const DASHBOARD_NAME = /^[A-Za-z0-9_-]{1,255}$/;

const TARGET = is.instance(FlowLogTarget, 'a FlowLogTarget', 'FlowLogTarget.fromVpc(vpc)');
const DETECTION = is.instance(FlowLogDetection, 'a FlowLogDetection', 'FlowLogDetection.rejectedSsh()');
const RULE = is.instance(FlowLogContributorRule, 'a FlowLogContributorRule', 'FlowLogContributorRule.topRejectedSources()');
const QUERY = is.instance(FlowLogQuery, 'a FlowLogQuery', 'FlowLogQuery.rejectedBySource()');

/** What each prop must be (checked first, by the constructor and `forEveryVpc`). */
function propsRules(): Record<string, Rule> {
  return {
    targets: is.list(TARGET),
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
   * @default - none; add them with `addTarget()`. A construct without any target is a synth error.
   */
  readonly targets?: FlowLogTarget[];

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
      Annotations.of(scope).addWarningV2('cdk-flow-logs-to-cloudwatch:everyVpcAcceptOnly',
        'FlowLogsToCloudWatch.forEveryVpc: `trafficType` is ACCEPT: Security Hub EC2.6 wants a VPC-level flow log capturing REJECT (or ALL) traffic, so these flow logs will not satisfy it. Use ALL (the default) or REJECT.');
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
  private readonly trafficType: ec2.FlowLogTrafficType;
  private readonly explicitFormat?: FlowLogField[];
  private readonly deliveryDependable: IDependable;
  private readonly placement: FlowLogPlacement;
  /** The created log group's name (undefined for a supplied group). */
  private readonly createdLogGroupName?: string;
  private readonly targetKeys = new Set<string>();
  private readonly targetIds = new Set<string>();
  /** Keys (construct paths) of VPC and subnet targets, to spot a subnet inside a VPC target. */
  private readonly vpcKeys: string[] = [];
  private readonly subnetKeys: string[] = [];
  private readonly detectionItems: FlowLogDetection[] = [];
  private readonly ruleItems: FlowLogContributorRule[] = [];
  private readonly queryItems: FlowLogQuery[] = [];
  private kind?: FlowLogRecordKind;

  constructor(scope: Construct, id: string, props: FlowLogsToCloudWatchProps = {}) {
    guard('FlowLogsToCloudWatch', [['scope', scope, cdk.scope, true], ['id', id, is.string({ min: 1, tokens: false }), true]]);
    guardProps('FlowLogsToCloudWatch', 'props', props, propsRules());
    super(scope, id);
    this.props = props;
    checkEnum(props.trafficType, ec2.FlowLogTrafficType, 'FlowLogsToCloudWatch', 'trafficType', 'ec2.FlowLogTrafficType');
    checkEnum(props.maxAggregationInterval, ec2.FlowLogMaxAggregationInterval, 'FlowLogsToCloudWatch', 'maxAggregationInterval', 'ec2.FlowLogMaxAggregationInterval');
    checkEnum(props.retention, logs.RetentionDays, 'FlowLogsToCloudWatch', 'retention', 'logs.RetentionDays');
    this.trafficType = props.trafficType ?? ec2.FlowLogTrafficType.ALL;
    if (props.logFormat !== undefined) {
      this.explicitFormat = [...validateFormatShape(props.logFormat, 'logFormat')];
    }
    if (props.dashboardName !== undefined && !Token.isUnresolved(props.dashboardName) && !DASHBOARD_NAME.test(props.dashboardName)) {
      throw libraryError(`FlowLogsToCloudWatch: \`dashboardName\` must be 1-255 characters of A-Z, a-z, 0-9, '-' and '_', got ${describeValue(props.dashboardName)}.`);
    }
    if (props.tagEnrichment !== undefined) checkTagEnrichment(props.tagEnrichment);
    // Neither default format has tag fields, so the fit is known now (and checked again at synth).
    this.throwProblems(tagEnrichmentProblems(props.tagEnrichment ?? [], this.explicitFormat ?? FlowLogField.DEFAULT_FORMAT));
    this.placement = new FlowLogPlacement(this, props.flowLogNestedStacks);

    this.encryptionKey = createEncryptionKey(this, props);
    const chosen = createOrUseLogGroup(this, {
      ...props, encryptionKey: props.encryptionKey ?? (props.logGroup ? undefined : this.encryptionKey),
    });
    this.logGroup = chosen.logGroup;
    this.createdLogGroupName = chosen.createdName;
    registerName(this, Stack.of(this), 'log group', chosen.createdName);
    this.role = props.role ?? createDeliveryRole(this);
    this.deliveryDependable = grantDelivery(this, {
      role: this.role,
      roleCreated: props.role === undefined,
      logGroup: this.logGroup,
      logGroupReferenced: props.logGroup !== undefined,
      logGroupLabel: () => nameOrPath(this.createdLogGroupName ?? this.logGroup.logGroupName, this.logGroup),
    });
    if (props.role) checkSuppliedRoleTrust(this, props.role);
    this.alarmTopic = createOrUseTopic(this, {
      ...props, alarmTopicKey: props.alarmTopicKey ?? (props.alarmTopic || !props.alarmEmails?.length ? undefined : this.encryptionKey),
    });
    if (props.deliveryHealthPeriod !== undefined) {
      this.deliveryHealthAlarm = this.notify(createDeliveryHealthAlarm(this, this.logGroup, props.deliveryHealthPeriod), ['INSUFFICIENT_DATA', 'ALARM']);
    }
    if (props.ingestionBudgetGb !== undefined) {
      this.ingestionBudgetAlarm = this.notify(createIngestionBudgetAlarm(this, this.logGroup, props.ingestionBudgetGb));
    }

    for (const target of props.targets ?? []) this.addTarget(target);
    if (props.dashboard || props.dashboardName !== undefined) {
      this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { dashboardName: props.dashboardName });
      // The operations alarms exist already: their widgets first (the detections' follow as added).
      for (const [title, alarm] of [['Delivery health: incoming records', this.deliveryHealthAlarm], ['Ingestion budget', this.ingestionBudgetAlarm]] as const) {
        if (alarm) this.dashboard.addWidgets(new cloudwatch.AlarmWidget({ title, alarm, width: 12 }));
      }
      registerName(this, Stack.of(this), 'dashboard', props.dashboardName);
    }
    for (const detection of props.detections ?? []) this.addDetection(detection);
    for (const rule of props.contributorRules ?? []) this.addContributorRule(rule);
    for (const query of props.queries ?? []) this.addQuery(query);

    this.node.addValidation({ validate: () => this.validateAtSynth().map(inEveryLanguage) });
    this.checkFormatAtSynth();
  }

  /**
   * The fields of each record, in order: `logFormat`, or the default format of the targets' kind.
   */
  public get logFormat(): FlowLogField[] {
    return [...(this.explicitFormat ?? defaultFormat(this.kind ?? FlowLogRecordKind.VPC))];
  }

  /**
   * Adds a flow log for one more target.
   */
  public addTarget(target: FlowLogTarget): ec2.CfnFlowLog {
    guard('FlowLogsToCloudWatch.addTarget', [['target', target, TARGET, true]]);
    const kind = target.recordKind;
    if (this.kind !== undefined && this.kind !== kind) {
      throw libraryError(`FlowLogsToCloudWatch: ${target.resourceType} target ${describeValue(target.key)} cannot join this construct, which already has ${kindName(this.kind)} targets: transit gateway records have other fields than VPC records. Use a second FlowLogsToCloudWatch for it (it may share this one's log group and role: give it this construct's \`logGroup\` and \`role\` members as its \`logGroup\` and \`role\` props).`);
    }
    // Sets, not a scan of earlier targets: fleets of thousands of targets stay linear.
    const targetKey = `${target.resourceType}:${target.key}`;
    // The resource, whatever the spelling: a VPC given as fromVpc(vpc) and as fromVpcId(vpc.vpcId) has
    // one ID (a literal, or the same token), and EC2 refuses a second identical flow log.
    const resourceKey = `${target.resourceType}:${target.resourceId}`;
    if (this.targetKeys.has(targetKey) || this.targetIds.has(resourceKey)) {
      throw libraryError(`FlowLogsToCloudWatch: target ${target.resourceType} ${describeValue(target.key)} was added twice${this.targetKeys.has(targetKey) ? '' : ' (the same resource ID under another spelling, e.g. fromVpc(vpc) and fromVpcId(vpc.vpcId))'}; each target gets exactly one flow log, and EC2 refuses a second identical one. Remove the duplicate from \`targets\` / \`addTarget()\`.`);
    }
    const isTgw = kind === FlowLogRecordKind.TRANSIT_GATEWAY;
    if (isTgw) this.validateTransitGateway(target);
    if (isTgw && this.props.tagEnrichment !== undefined) {
      throw libraryError(`FlowLogsToCloudWatch: \`tagEnrichment\` cannot apply to ${target.resourceType} target ${describeValue(target.key)}: transit gateway flow log records have no tag fields. Put the transit gateway targets in a construct without \`tagEnrichment\`.`);
    }
    if (this.explicitFormat) validateFormatForKind(this.explicitFormat, kind, 'logFormat');
    this.kind = kind;
    this.targetKeys.add(targetKey);
    this.targetIds.add(resourceKey);

    const format = this.logFormat;
    const scope = this.placement.scopeFor(targetKey);
    const id = target._constructId(this);
    if (scope.node.tryFindChild(id)) {
      throw libraryError(`FlowLogsToCloudWatch: target ${target.resourceType} ${describeValue(target.key)} would get the construct ID ${describeValue(id)}, which another target of this construct already has (keys that differ only in '/' and '.'). Give one of them another \`key\`.`);
    }
    this.warnOnOverlap(target);
    const flowLogProps: ec2.CfnFlowLogProps = {
      resourceType: target.resourceType,
      resourceId: target.resourceId,
      trafficType: isTgw ? undefined : this.trafficType,
      logDestinationType: 'cloud-watch-logs',
      logGroupName: this.logGroup.logGroupName,
      deliverLogsPermissionArn: this.role.roleArn,
      logFormat: sameFormat(format, defaultFormat(kind)) ? undefined : renderLogFormat(format),
      // Transit gateway flow logs only take 60 s; CloudFormation documents 600 as the default.
      maxAggregationInterval: isTgw ? ec2.FlowLogMaxAggregationInterval.ONE_MINUTE : this.props.maxAggregationInterval,
    };
    // aws-cdk-lib 2.260.0 added CfnFlowLog.tagFieldSpecifications; this library builds against an
    // older floor, so the prop is passed untyped and its support checked on the flow log made.
    const tags = this.props.tagEnrichment ? { tagFieldSpecifications: renderTagEnrichment(this.props.tagEnrichment) } : {};
    const flowLog = new ec2.CfnFlowLog(scope, id, { ...flowLogProps, ...tags } as ec2.CfnFlowLogProps);
    // (an own field in some versions, a getter over `_tagFieldSpecifications` in newer ones)
    if (this.props.tagEnrichment && !('tagFieldSpecifications' in flowLog)) {
      throw libraryError(`FlowLogsToCloudWatch: \`tagEnrichment\` needs aws-cdk-lib 2.260.0 or newer (its CfnFlowLog has \`tagFieldSpecifications\`); this app resolves aws-cdk-lib ${cdkVersion()}. Upgrade aws-cdk-lib, or leave out \`tagEnrichment\` and the tag fields.`);
    }
    flowLog.node.addDependency(this.deliveryDependable);
    this.flowLogs.push(flowLog);
    this.placement.count(flowLog, flowLogProps, target.resourceId);
    return flowLog;
  }

  /**
   * Adds a detection: a metric filter on the log group and an alarm on its metric.
   */
  public addDetection(detection: FlowLogDetection): cloudwatch.Alarm {
    guard('FlowLogsToCloudWatch.addDetection', [['detection', detection, DETECTION, true]]);
    if (this.detectionItems.some(d => d.name === detection.name)) {
      throw libraryError(`FlowLogsToCloudWatch: two detections are named ${describeValue(detection.name)}; names must be unique in a construct. Give one its own \`name\` option, e.g. ${detection.name}Strict.`);
    }
    const sameAlarmName = detection.alarmName !== undefined && !Token.isUnresolved(detection.alarmName)
      && this.detectionItems.find(d => d.alarmName === detection.alarmName);
    if (sameAlarmName) {
      throw libraryError(`FlowLogsToCloudWatch: detections ${JSON.stringify(sameAlarmName.name)} and ${JSON.stringify(detection.name)} both have \`alarmName\` ${JSON.stringify(detection.alarmName)}; alarm names are unique in an account and region. Give one another \`alarmName\`, or leave it out to have one generated.`);
    }
    const metricNamespace = detection.metricNamespace ?? defaultMetricNamespace(this);
    const sameMetric = this.detectionItems.find(d => d.metricName === detection.metricName
      && (d.metricNamespace ?? defaultMetricNamespace(this)) === metricNamespace);
    if (sameMetric && !Token.isUnresolved(detection.metricName) && !Token.isUnresolved(metricNamespace)) {
      throw libraryError(`FlowLogsToCloudWatch: detections ${describeValue(sameMetric.name)} and ${describeValue(detection.name)} would both write metric ${describeValue(detection.metricName)} in namespace ${describeValue(metricNamespace)}, so each alarm would count both. Give one another \`metricName\`.`);
    }
    // Until the first target is added, the default format (VPC or transit gateway) is not
    // known: such detections are checked at synth time instead.
    this.throwProblems(this.formatKnown() ? this.detectionProblems(detection) : []);
    this.detectionItems.push(detection);

    const rule = detection._contributorRule();
    let metric: cloudwatch.IMetric;
    let insightRule: cloudwatch.CfnInsightRule | undefined;
    if (rule) {
      // Per contributor: a Contributor Insights rule, and an alarm on its top contributor.
      const ruleName = defaultName(this, `${detection.name}-Detection`, '-', 128);
      registerName(this, Stack.of(this), 'Contributor Insights rule', ruleName);
      insightRule = new cloudwatch.CfnInsightRule(this, `${detection.name}ContributorRule`, {
        ruleName,
        ruleState: 'ENABLED',
        ruleBody: Lazy.string({ produce: () => rule._render(this.logGroup.logGroupName, this.logFormat) }),
      });
      this.contributorRules.push(insightRule);
      // FILL(..., 0): a period without matching records is 0, not missing. Missing, the alarm's
      // evaluation range would re-read the attack's older datapoints after it ends and fire again
      // (AWS: alarms "might repeatedly re-evaluate the last set of data points").
      metric = new cloudwatch.MathExpression({
        expression: `FILL(INSIGHT_RULE_METRIC("${ruleName}", "MaxContributorValue"), 0)`,
        usingMetrics: {},
        period: detection.period,
        label: `${detection.name}: top contributor`,
      });
    } else {
      const metricFilter = new logs.MetricFilter(this, `${detection.name}MetricFilter`, {
        logGroup: this.logGroup,
        filterPattern: { logPatternString: Lazy.string({ produce: () => detection.filter._render(this.logFormat) }) },
        metricNamespace,
        metricName: detection.metricName,
        metricValue: detection._renderMetricValue(),
        defaultValue: 0,
      });
      this.metricFilters.push(metricFilter);
      metric = metricFilter.metric({ statistic: cloudwatch.Stats.SUM, period: detection.period });
    }
    const alarm = new cloudwatch.Alarm(this, `${detection.name}Alarm`, {
      metric,
      threshold: detection.threshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: detection.evaluationPeriods,
      datapointsToAlarm: detection.datapointsToAlarm,
      treatMissingData: detection.treatMissingData,
      alarmName: detection.alarmName,
      alarmDescription: detection._describe(),
    });
    registerName(this, Stack.of(this), 'alarm', detection.alarmName);
    // The alarm reads the rule by name: create the rule first.
    if (insightRule) alarm.node.addDependency(insightRule);
    const band = detection.anomalyBandWidth;
    if (band !== undefined) useAnomalyBand(alarm, metric as cloudwatch.Metric, band);
    if (band === undefined && !Token.isUnresolved(detection.threshold) && detection.threshold <= 0) {
      Annotations.of(this).addWarningV2('cdk-flow-logs-to-cloudwatch:thresholdAlwaysReached',
        `Detection ${describeValue(detection.name)} has \`threshold\` ${detection.threshold}: its alarm fires when the Sum is >= the threshold, and the metric is 0 or more in every period with records (the metric filter publishes 0 when records arrive but none match), so the alarm is in ALARM whenever records arrive. Use a threshold of 1 or more.`);
    }
    this.notify(alarm);
    this.alarms.push(alarm);
    this.dashboard?.addWidgets(band === undefined
      ? detectionWidget(detection.name, alarm, detection.threshold, detection.period.toHumanString())
      : anomalyWidget(detection.name, metric, anomalyBand(metric as cloudwatch.Metric, band)));
    const history = this.props.detectionHistoryQueries === false ? undefined : historyQuery(detection);
    if (history) this.saveQuery(history, false);
    return alarm;
  }

  /**
   * Adds a Contributor Insights rule on the log group, its field positions taken from `logFormat`.
   */
  public addContributorRule(rule: FlowLogContributorRule): cloudwatch.CfnInsightRule {
    guard('FlowLogsToCloudWatch.addContributorRule', [['rule', rule, RULE, true]]);
    if (this.ruleItems.some(r => r.name === rule.name)) {
      throw libraryError(`FlowLogsToCloudWatch: two Contributor Insights rules are named ${describeValue(rule.name)}; give one its own \`name\`.`);
    }
    this.throwProblems(this.formatKnown() ? this.ruleProblems(rule) : []);
    this.ruleItems.push(rule);
    const ruleName = rule.ruleName ?? defaultName(this, rule.name, '-', 128);
    registerName(this, Stack.of(this), 'Contributor Insights rule', ruleName);
    const insightRule = new cloudwatch.CfnInsightRule(this, `${rule.name}InsightRule`, {
      ruleName,
      ruleState: 'ENABLED',
      ruleBody: Lazy.string({ produce: () => rule._render(this.logGroup.logGroupName, this.logFormat) }),
    });
    this.contributorRules.push(insightRule);
    this.dashboard?.addWidgets(new InsightRuleWidget(insightRule, `Top contributors: ${rule.name}`));
    return insightRule;
  }

  /**
   * Adds a saved Logs Insights query on the log group, written for `logFormat`.
   */
  public addQuery(query: FlowLogQuery): logs.CfnQueryDefinition {
    guard('FlowLogsToCloudWatch.addQuery', [['query', query, QUERY, true]]);
    return this.saveQuery(query, true);
  }

  /** A saved query on the log group; on the dashboard unless it is a detection's history query. */
  private saveQuery(query: FlowLogQuery, onDashboard: boolean): logs.CfnQueryDefinition {
    if (this.queryItems.some(q => q.name === query.name)) {
      throw libraryError(`FlowLogsToCloudWatch: two queries are named ${describeValue(query.name)} (a detection's history query is named <detection>History); give one its own \`name\`.`);
    }
    this.throwProblems(this.formatKnown() ? query._problems(this.logFormat) : []);
    this.queryItems.push(query);
    const queryString = Lazy.string({ produce: () => query._render(this.logFormat) });
    const definition = new logs.CfnQueryDefinition(this, `${query.name}Query`, {
      name: query.queryName ?? defaultName(this, query.name, '/', 255),
      queryString,
      logGroupNames: [this.logGroup.logGroupName],
    });
    this.queries.push(definition);
    if (onDashboard) this.dashboard?.addWidgets(queryWidget(query.name, this.logGroup.logGroupName, queryString));
    return definition;
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

  private validateTransitGateway(target: FlowLogTarget) {
    if (this.props.trafficType !== undefined && this.trafficType !== ec2.FlowLogTrafficType.ALL) {
      throw libraryError(`FlowLogsToCloudWatch: \`trafficType\` ${this.trafficType} cannot apply to ${target.resourceType} target ${describeValue(target.key)}: transit gateway flow logs capture all traffic and have no traffic filter. Remove \`trafficType\`.`);
    }
    if (this.props.maxAggregationInterval === ec2.FlowLogMaxAggregationInterval.TEN_MINUTES) {
      throw libraryError(`FlowLogsToCloudWatch: \`maxAggregationInterval\` TEN_MINUTES (600 s) cannot apply to ${target.resourceType} target ${describeValue(target.key)}: transit gateway flow logs only allow ONE_MINUTE. Remove \`maxAggregationInterval\` or set ec2.FlowLogMaxAggregationInterval.ONE_MINUTE.`);
    }
  }

  /** What keeps a detection from working on this construct's records (none: it works). */
  private detectionProblems(detection: FlowLogDetection): string[] {
    const name = describeValue(detection.name);
    if (this.kind === FlowLogRecordKind.TRANSIT_GATEWAY) {
      const missing = detection.filter.fields.filter(f => !f.appliesTo(FlowLogRecordKind.TRANSIT_GATEWAY));
      if (missing.length > 0) {
        return [`FlowLogsToCloudWatch: detection ${name} reads ${missing.map(f => '`' + f.name + '`').join(', ')}, which transit gateway flow log records do not have. Use a detection on fields of transit gateway records (e.g. packets-lost-blackhole), or put it on a construct with VPC, subnet or network interface targets.`];
      }
    }
    const problems = detection._problems(this.logFormat);
    const actions = detection.filter.conditions.filter(c => c.field.name === 'action');
    if (actions.length > 0 && this.trafficType !== ec2.FlowLogTrafficType.ALL && !Token.isUnresolved(this.trafficType)) {
      const captured = this.trafficType === ec2.FlowLogTrafficType.ACCEPT ? 'ACCEPT' : 'REJECT';
      // Evaluate only the action conditions against the one action the flow logs capture.
      const probe = actions.reduce((f, c) => (c.values
        ? f.whereStringIn(c.field, c.values)
        : f.whereString(c.field, c.comparison, c.value)), FlowLogFilter.all());
      if (!probe.matches(captured, [FlowLogField.ACTION])) {
        problems.push(`FlowLogsToCloudWatch: detection ${name} counts records whose action is never ${captured}, but \`trafficType\` is ${this.trafficType}, so the flow logs only capture ${captured} records and the detection can never fire. Set \`trafficType\` to ALL, or change the detection's action condition.`);
      }
    }
    if (logGroupClass(this.logGroup) === logs.LogGroupClass.INFREQUENT_ACCESS) {
      problems.push(`FlowLogsToCloudWatch: detection ${name} needs a metric filter, but the log group given as \`logGroup\` is of class INFREQUENT_ACCESS, which CloudWatch Logs does not allow metric filters on. Use a STANDARD log group, or remove the detection.`);
    }
    return problems;
  }

  /** What keeps a Contributor Insights rule from working on this construct's records (none: it works). */
  private ruleProblems(rule: FlowLogContributorRule): string[] {
    const problems = rule._problems(this.logFormat);
    if (logGroupClass(this.logGroup) === logs.LogGroupClass.INFREQUENT_ACCESS) {
      problems.push(`FlowLogsToCloudWatch: Contributor Insights rule ${describeValue(rule.name)} needs a log group of class STANDARD, but the log group given as \`logGroup\` is of class INFREQUENT_ACCESS, which offers only a subset of CloudWatch Logs features (AWS's table of log classes marks metric filters, subscription filters, Live Tail and anomaly detection as Standard only, and lists no Contributor Insights for Infrequent Access: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CloudWatch_Logs_Log_Classes.html). Use a STANDARD log group, or remove the rule (saved Logs Insights queries do work on it).`);
    }
    return problems;
  }

  /** Every problem of the detections, rules and queries with the final record format. */
  private formatProblems(): string[] {
    return [
      ...tagEnrichmentProblems(this.props.tagEnrichment ?? [], this.logFormat),
      ...this.detectionItems.flatMap(d => this.detectionProblems(d)),
      ...this.ruleItems.flatMap(r => this.ruleProblems(r)),
      ...this.queryItems.flatMap(q => q._problems(this.logFormat)),
    ];
  }

  private throwProblems(problems: string[]) {
    if (problems.length > 0) throw libraryError(problems.join('\n'));
  }

  /**
   * The detections, rules and queries are checked against the final record format once the app
   * is built, before anything is resolved: an aspect, which runs even when validation is skipped
   * (`app.synth({ skipValidation: true })`), so what is rendered from the format (filter patterns,
   * rule bodies, query strings) is only ever rendered for a format it fits; all problems are
   * reported together.
   */
  private checkFormatAtSynth() {
    const check: IAspect = {
      visit: (node: IConstruct) => {
        if (node === this) this.throwProblems(this.formatProblems());
      },
    };
    Aspects.of(this).add(check, { priority: AspectPriority.READONLY });
  }

  /**
   * A VPC and one of its subnets (or a subnet and a VPC containing it) in one construct
   * deliver every record of the subnet twice into the same log stream, so detections and
   * Contributor Insights count it twice.
   */
  private warnOnOverlap(target: FlowLogTarget) {
    if (target.resourceType !== 'VPC' && target.resourceType !== 'Subnet') return;
    // Few VPCs, many subnets: a subnet is checked against the VPCs, a (rare) VPC against the subnets.
    const [others, mine] = target.resourceType === 'VPC' ? [this.subnetKeys, this.vpcKeys] : [this.vpcKeys, this.subnetKeys];
    for (const other of others) {
      const [vpc, subnet] = target.resourceType === 'VPC' ? [target.key, other] : [other, target.key];
      if (subnet.startsWith(vpc + '/')) {
        Annotations.of(this).addWarningV2('cdk-flow-logs-to-cloudwatch:overlappingTargets',
          `Subnet target ${describeValue(subnet)} is in VPC target ${describeValue(vpc)}: its records would be delivered twice (once per flow log) and every detection would count them twice. Keep the VPC target or the subnet targets, not both.`);
      }
    }
    mine.push(target.key);
  }

  /** What only the finished app can tell: targets, stack limits, metric filters on the group. */
  private validateAtSynth(): string[] {
    const problems = this.placement.problems(this.flowLogs);
    if (this.targetKeys.size === 0) {
      problems.push('FlowLogsToCloudWatch: no target was given, so no flow log would be created. Pass `targets` (e.g. [FlowLogTarget.fromVpc(vpc)]) or call `addTarget()`.');
    }
    // Every metric filter on the group in the app: this construct's, other constructs' sharing
    // the group, and the app's own.
    const groupName = this.logGroup.logGroupName;
    const filters = this.node.root.node.findAll().filter(c => CfnResource.isCfnResource(c)
      && c.cfnResourceType === 'AWS::Logs::MetricFilter' && (c as logs.CfnMetricFilter).logGroupName === groupName).length;
    if (filters > MAX_METRIC_FILTERS) {
      problems.push(`FlowLogsToCloudWatch: the log group would have ${filters} metric filters (this construct's detections and any other on the group); CloudWatch Logs allows ${MAX_METRIC_FILTERS} per log group. Use fewer detections, or another log group.`);
    }
    problems.push(...nameConflicts(this), ...this.ruleBodyProblems());
    this.warnAlarmDestinationsWithoutDetection();
    return problems;
  }

  /**
   * Contributor Insights takes a rule definition of at most 8,192 bytes of ASCII (PutInsightRule's
   * RuleDefinition: length 1-8192, pattern [\x00-\x7F]+). Measured with the log group's name, or the
   * longest name a group may have when the name is only known at deploy time.
   */
  private ruleBodyProblems(): string[] {
    const literal = (name: string | undefined) => name !== undefined && !Token.isUnresolved(name) ? name : undefined;
    const groupName = literal(this.logGroup.logGroupName) ?? literal(this.createdLogGroupName) ?? '#'.repeat(512);
    const rules: Array<[string, { _render(group: string, format: FlowLogField[]): string }]> = [
      ...this.ruleItems.map(r => [r.name, r] as [string, FlowLogContributorRule]),
      ...this.detectionItems.filter(d => d._contributorRule()).map(d => [`${d.name}-Detection`, d._contributorRule()!] as [string, FlowLogContributorRule]),
    ];
    const problems: string[] = [];
    for (const [name, rule] of rules) {
      const body = rule._render(groupName, this.logFormat);
      const bytes = Buffer.byteLength(body, 'utf8');
      if (bytes > MAX_RULE_BYTES) {
        problems.push(`FlowLogsToCloudWatch: Contributor Insights rule ${describeValue(name)} has a definition of ${bytes} bytes; CloudWatch takes at most ${MAX_RULE_BYTES}. Use fewer or shorter condition values.`);
      }
      const wide = /[^\x00-\x7F]/.exec(body);
      if (wide) {
        problems.push(`FlowLogsToCloudWatch: Contributor Insights rule ${describeValue(name)} holds the non-ASCII character ${JSON.stringify(wide[0])}; CloudWatch takes rule definitions of ASCII only. Use ASCII condition values.`);
      }
    }
    return problems;
  }

  /**
   * Alarm destinations notify only through detections' alarms: with none (at synth, so that
   * `addDetection()` after construction counts), a created topic and its subscriptions would
   * never receive anything.
   */
  private warnAlarmDestinationsWithoutDetection() {
    if (this.detectionItems.length > 0 || this.deliveryHealthAlarm || this.ingestionBudgetAlarm) return;
    const given = (['alarmEmails', 'alarmTopic', 'alarmActions'] as const).filter(p => {
      const value = this.props[p];
      return Array.isArray(value) ? value.length > 0 : value !== undefined;
    });
    if (given.length === 0) return;
    Annotations.of(this).addWarningV2('cdk-flow-logs-to-cloudwatch:alarmWithoutDetection',
      `${given.map(p => '`' + p + '`').join(', ')} ${given.length === 1 ? 'is' : 'are'} set, but there is no detection, so no alarm exists and nothing will ever be notified${this.props.alarmEmails?.length && !this.props.alarmTopic ? ' (the topic and its e-mail subscriptions are created anyway)' : ''}. Add \`detections\` (e.g. [FlowLogDetection.rejectedSsh()]) or call addDetection(), or remove ${given.length === 1 ? 'it' : 'them'}.`);
  }

  /**
   * Whether the record format is settled: given as `logFormat`, or the default of the
   * first target's kind. Until then, what depends on it is checked at synth time.
   */
  private formatKnown(): boolean {
    return this.kind !== undefined || this.explicitFormat !== undefined;
  }
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
