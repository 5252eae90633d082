import { Annotations, ArnFormat, AspectPriority, Aspects, CfnResource, IAspect, Lazy, Names, NestedStack, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct, Dependable, DependencyGroup, IConstruct, IDependable } from 'constructs';
import { FlowLogContributorRule } from './flow-log-contributor-rule';
import { FlowLogDetection } from './flow-log-detection';
import { FlowLogField, FlowLogRecordKind } from './flow-log-field';
import { FlowLogFilter } from './flow-log-filter';
import { FlowLogQuery } from './flow-log-query';
import { FlowLogTarget } from './flow-log-target';
import { alarmPublishStatement, allowAlarmsToPublishToSuppliedTopic, CLOUDWATCH_SERVICE } from './private/alarm-topic';
import { describeValue } from './private/describe';
import {
  defaultFormat, fieldConstant, formatNames, kindName, renderLogFormat, sameFormat, validateFormatForKind, validateFormatShape,
} from './private/format';
import { InsightRuleWidget } from './private/insight-rule-widget';
import { suppressNagFindings } from './private/nag';

const FLOW_LOGS_SERVICE = 'vpc-flow-logs.amazonaws.com';

/**
 * Delivery grants made by any FlowLogsToCloudWatch in the app: role -> log group
 * -> what a flow log must depend on. Two constructs sharing a role and a log group
 * grant once.
 */
const DELIVERY_GRANTS = new WeakMap<iam.IRole, Map<logs.ILogGroup, IDependable>>();

/** CloudWatch Logs allows 100 metric filters per log group (not adjustable). */
const MAX_METRIC_FILTERS = 100;
/** Metric filters by log group, over every FlowLogsToCloudWatch in the app (constructs may share a group). */
const METRIC_FILTERS = new WeakMap<logs.ILogGroup, number>();
/** CloudFormation's limit of resources per stack. */
const MAX_RESOURCES = 500;
/** CloudFormation's limit on a template's size (uploaded to S3, as CDK does), in bytes. */
const MAX_TEMPLATE_BYTES = 1_000_000;
const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

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
   * @default - none; add them with `addContributorInsightRule()`
   */
  readonly contributorInsightRules?: FlowLogContributorRule[];

  /**
   * Saved CloudWatch Logs Insights queries on the log group, generated from
   * `logFormat`. Saving a query is free; running one is billed per GB scanned.
   *
   * @default - none; add them with `addQuery()`
   */
  readonly queries?: FlowLogQuery[];

  /**
   * Create a CloudWatch dashboard with a graph per detection (with its alarm
   * threshold), the top contributors of each Contributor Insights rule, and each
   * saved query as a log widget. A dashboard is billed per month.
   *
   * @default false
   */
  readonly dashboard?: boolean;

  /**
   * The dashboard's name (only with `dashboard: true`).
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
  /** The Contributor Insights rules, one per `FlowLogContributorRule`. */
  public readonly insightRules: cloudwatch.CfnInsightRule[] = [];
  /** The saved Logs Insights queries, one per `FlowLogQuery`. */
  public readonly queryDefinitions: logs.CfnQueryDefinition[] = [];
  /**
   * The dashboard.
   * @default - none unless `dashboard` is true
   */
  public readonly dashboard?: cloudwatch.Dashboard;

  private readonly props: FlowLogsToCloudWatchProps;
  private readonly trafficType: ec2.FlowLogTrafficType;
  private readonly explicitFormat?: FlowLogField[];
  private readonly deliveryPolicy: IDependable;
  private readonly targetKeys = new Set<string>();
  /** Estimated bytes the flow logs add to each stack's template (this construct's, or its nested ones). */
  private readonly templateBytes = new Map<Stack, number>();
  private sharedFlowLogBytes?: number;
  /** Keys (construct paths) of VPC and subnet targets, to spot a subnet inside a VPC target. */
  private readonly vpcKeys: string[] = [];
  private readonly subnetKeys: string[] = [];
  private readonly targetIds = new Set<string>();
  private readonly detections: FlowLogDetection[] = [];
  private readonly rules: FlowLogContributorRule[] = [];
  private readonly queries: FlowLogQuery[] = [];
  private kind?: FlowLogRecordKind;
  /** The name given to the created log group (a literal unless `logGroupName` is a token). */
  private createdLogGroupName?: string;

  constructor(scope: Construct, id: string, props: FlowLogsToCloudWatchProps = {}) {
    super(scope, id);
    if (props === null || typeof props !== 'object') {
      throw new Error(`FlowLogsToCloudWatch: props must be an object, got ${describeValue(props)}.`);
    }
    this.props = props;
    this.trafficType = props.trafficType ?? ec2.FlowLogTrafficType.ALL;
    this.validateEnumProps(props);
    if (props.logFormat !== undefined) {
      this.explicitFormat = [...validateFormatShape(props.logFormat, 'logFormat')];
    }
    for (const prop of ['targets', 'detections', 'alarmActions', 'alarmEmails', 'contributorInsightRules', 'queries'] as const) {
      if (props[prop] !== undefined && !Array.isArray(props[prop])) {
        throw new Error(`FlowLogsToCloudWatch: \`${prop}\` must be an array, got ${describeValue(props[prop])}.`);
      }
    }
    this.validateResourceProps(props);
    if (props.dashboardName !== undefined && (typeof props.dashboardName !== 'string'
      || (!Token.isUnresolved(props.dashboardName) && !/^[A-Za-z0-9_-]{1,255}$/.test(props.dashboardName)))) {
      throw new Error(`FlowLogsToCloudWatch: \`dashboardName\` must be 1-255 characters of A-Z, a-z, 0-9, '-' and '_', got ${describeValue(props.dashboardName)}.`);
    }
    if (props.dashboardName !== undefined && !props.dashboard) {
      throw new Error(`FlowLogsToCloudWatch: \`dashboardName\` (${describeValue(props.dashboardName)}) is set but \`dashboard\` is not; set \`dashboard: true\` to create the dashboard, or remove \`dashboardName\`.`);
    }

    this.logGroup = this.createOrUseLogGroup(props);
    this.role = props.role ?? new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal(FLOW_LOGS_SERVICE).withConditions({
        StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
        ArnLike: {
          'aws:SourceArn': Stack.of(this).formatArn({
            service: 'ec2', resource: 'vpc-flow-log', resourceName: '*',
          }),
        },
      }),
      description: `Delivers VPC flow logs to CloudWatch Logs (${printable(this.node.path)})`,
    });
    this.deliveryPolicy = this.grantDelivery(props.logGroup !== undefined);
    this.checkSuppliedRoleTrust();

    this.alarmTopic = this.createOrUseTopic(props);

    for (const target of props.targets ?? []) this.addTarget(target);
    if (props.dashboard) {
      this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { dashboardName: props.dashboardName });
    }
    for (const detection of props.detections ?? []) this.addDetection(detection);
    for (const rule of props.contributorInsightRules ?? []) this.addContributorInsightRule(rule);
    for (const query of props.queries ?? []) this.addQuery(query);

    this.node.addValidation({ validate: () => this.validateAtSynth() });
    this.checkRenderingAtSynth();
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
    if (!(target instanceof FlowLogTarget)) {
      throw new Error(`FlowLogsToCloudWatch: a target must be a FlowLogTarget (e.g. FlowLogTarget.fromVpc(vpc)), got ${describeValue(target)}.`);
    }
    const kind = target.recordKind;
    if (this.kind !== undefined && this.kind !== kind) {
      throw new Error(`FlowLogsToCloudWatch: ${target.resourceType} target ${describeValue(target.key)} cannot join this construct, which already has ${kindName(this.kind)} targets: transit gateway records have other fields than VPC records. Use a second FlowLogsToCloudWatch for it (it may share this one's log group and role: { logGroup: first.logGroup, role: first.role }).`);
    }
    // Sets, not a scan of earlier targets: fleets of thousands of targets stay linear.
    const targetKey = `${target.resourceType}:${target.key}`;
    const literalId = Token.isUnresolved(target.resourceId) ? undefined : target.resourceId;
    if (this.targetKeys.has(targetKey) || (literalId !== undefined && this.targetIds.has(literalId))) {
      throw new Error(`FlowLogsToCloudWatch: target ${target.resourceType} ${describeValue(target.key)} was added twice; each target gets exactly one flow log. Remove the duplicate from \`targets\` / \`addTarget()\`.`);
    }
    if (kind === FlowLogRecordKind.TRANSIT_GATEWAY) this.validateTransitGateway(target);
    if (this.explicitFormat) validateFormatForKind(this.explicitFormat, kind, 'logFormat');
    this.kind = kind;
    this.targetKeys.add(targetKey);
    if (literalId !== undefined) this.targetIds.add(literalId);

    const format = this.logFormat;
    const isTgw = kind === FlowLogRecordKind.TRANSIT_GATEWAY;
    const scope = this.flowLogScope(target);
    const id = target._constructId(this);
    if (scope.node.tryFindChild(id)) {
      throw new Error(`FlowLogsToCloudWatch: target ${target.resourceType} ${describeValue(target.key)} would get the construct ID ${describeValue(id)}, which another target of this construct already has (keys that differ only in '/' and '.'). Give one of them another \`key\`.`);
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
      // Transit gateway flow logs only take 60 s, and the API's default (600 s) is refused for them.
      maxAggregationInterval: isTgw ? ec2.FlowLogMaxAggregationInterval.ONE_MINUTE : this.props.maxAggregationInterval,
    };
    const flowLog = new ec2.CfnFlowLog(scope, id, flowLogProps);
    flowLog.node.addDependency(this.deliveryPolicy);
    this.flowLogs.push(flowLog);
    this.countTemplateBytes(flowLog, flowLogProps, target.resourceId);
    return flowLog;
  }

  /**
   * Adds a detection: a metric filter on the log group and an alarm on its metric.
   */
  public addDetection(detection: FlowLogDetection): cloudwatch.Alarm {
    if (!(detection instanceof FlowLogDetection)) {
      throw new Error(`FlowLogsToCloudWatch: a detection must be a FlowLogDetection (e.g. FlowLogDetection.rejectedSsh()), got ${describeValue(detection)}.`);
    }
    if (this.detections.some(d => d.name === detection.name)) {
      throw new Error(`FlowLogsToCloudWatch: two detections are named ${describeValue(detection.name)}; names must be unique in a construct. Give one its own \`name\`, e.g. FlowLogDetection.rejectedSsh({ name: '${detection.name}Strict', ... }).`);
    }
    // Until the first target is added, the default format (VPC or transit gateway) is not
    // known: such detections are checked at synth time instead.
    const sameAlarmName = detection.alarmName !== undefined && !Token.isUnresolved(detection.alarmName)
      && this.detections.find(d => d.alarmName === detection.alarmName);
    if (sameAlarmName) {
      throw new Error(`FlowLogsToCloudWatch: detections ${JSON.stringify(sameAlarmName.name)} and ${JSON.stringify(detection.name)} both have \`alarmName\` ${JSON.stringify(detection.alarmName)}; alarm names are unique in an account and region. Give one another \`alarmName\`, or leave it out to have one generated.`);
    }
    const metricNamespace = detection.metricNamespace ?? this.defaultMetricNamespace();
    const sameMetric = this.detections.find(d => d.metricName === detection.metricName
      && (d.metricNamespace ?? this.defaultMetricNamespace()) === metricNamespace);
    if (sameMetric && !Token.isUnresolved(detection.metricName) && !Token.isUnresolved(metricNamespace)) {
      throw new Error(`FlowLogsToCloudWatch: detections ${describeValue(sameMetric.name)} and ${describeValue(detection.name)} would both write metric ${describeValue(detection.metricName)} in namespace ${describeValue(metricNamespace)}, so each alarm would count both. Give one another \`metricName\`.`);
    }
    const filters = (METRIC_FILTERS.get(this.logGroup) ?? 0) + 1;
    if (filters > MAX_METRIC_FILTERS) {
      throw new Error(`FlowLogsToCloudWatch: detection ${describeValue(detection.name)} would be metric filter number ${filters} on the log group; CloudWatch Logs allows ${MAX_METRIC_FILTERS} per log group. Use fewer detections, or another log group.`);
    }
    if (this.formatKnown()) this.validateDetection(detection);
    METRIC_FILTERS.set(this.logGroup, filters);
    this.detections.push(detection);

    const metricFilter = new logs.MetricFilter(this, `${detection.name}MetricFilter`, {
      logGroup: this.logGroup,
      filterPattern: { logPatternString: this.renderAtSynth(() => detection.filter.renderPattern(this.logFormat)) },
      metricNamespace,
      metricName: detection.metricName,
      metricValue: this.renderAtSynth(() => detection.renderMetricValue(this.logFormat)),
      defaultValue: 0,
    });
    const alarm = new cloudwatch.Alarm(this, `${detection.name}Alarm`, {
      metric: metricFilter.metric({ statistic: cloudwatch.Stats.SUM, period: detection.period }),
      threshold: detection.threshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: detection.evaluationPeriods,
      datapointsToAlarm: detection.datapointsToAlarm,
      treatMissingData: detection.treatMissingData,
      alarmName: detection.alarmName,
      alarmDescription: detection._describe(),
    });
    for (const action of this.props.alarmActions ?? []) alarm.addAlarmAction(action);
    if (this.alarmTopic) alarm.addAlarmAction(new cw_actions.SnsAction(this.alarmTopic));
    this.metricFilters.push(metricFilter);
    this.alarms.push(alarm);
    this.dashboard?.addWidgets(new cloudwatch.GraphWidget({
      title: `${detection.name} (alarm at >= ${detection.threshold} per ${detection.period.toHumanString()})`,
      left: [alarm.metric],
      leftAnnotations: [alarm.toAnnotation()],
      width: 12,
    }));
    return alarm;
  }

  /**
   * Adds a Contributor Insights rule on the log group, its field positions taken from `logFormat`.
   */
  public addContributorInsightRule(rule: FlowLogContributorRule): cloudwatch.CfnInsightRule {
    if (!(rule instanceof FlowLogContributorRule)) {
      throw new Error(`FlowLogsToCloudWatch: a Contributor Insights rule must be a FlowLogContributorRule (e.g. FlowLogContributorRule.topRejectedSources()), got ${describeValue(rule)}.`);
    }
    if (this.rules.some(r => r.name === rule.name)) {
      throw new Error(`FlowLogsToCloudWatch: two Contributor Insights rules are named ${describeValue(rule.name)}; give one its own \`name\`.`);
    }
    if (this.formatKnown()) this.validateRule(rule);
    this.rules.push(rule);
    const insightRule = new cloudwatch.CfnInsightRule(this, `${rule.name}InsightRule`, {
      ruleName: rule.ruleName ?? this.defaultName(rule.name, '-', 128),
      ruleState: 'ENABLED',
      ruleBody: this.renderAtSynth(() => rule.renderBody(this.logGroup.logGroupName, this.logFormat)),
    });
    this.insightRules.push(insightRule);
    this.dashboard?.addWidgets(new InsightRuleWidget(insightRule, `Top contributors: ${rule.name}`));
    return insightRule;
  }

  /**
   * Adds a saved Logs Insights query on the log group, written for `logFormat`.
   */
  public addQuery(query: FlowLogQuery): logs.CfnQueryDefinition {
    if (!(query instanceof FlowLogQuery)) {
      throw new Error(`FlowLogsToCloudWatch: a query must be a FlowLogQuery (e.g. FlowLogQuery.rejectedBySource()), got ${describeValue(query)}.`);
    }
    if (this.queries.some(q => q.name === query.name)) {
      throw new Error(`FlowLogsToCloudWatch: two queries are named ${describeValue(query.name)}; give one its own \`name\`.`);
    }
    if (this.formatKnown()) query.renderQuery(this.logFormat);
    this.queries.push(query);
    const queryString = this.renderAtSynth(() => query.renderQuery(this.logFormat));
    const definition = new logs.CfnQueryDefinition(this, `${query.name}Query`, {
      name: query.queryName ?? this.defaultName(query.name, '/', 255),
      queryString,
      logGroupNames: [this.logGroup.logGroupName],
    });
    this.queryDefinitions.push(definition);
    this.dashboard?.addWidgets(new cloudwatch.LogQueryWidget({
      title: `Logs Insights: ${query.name}`,
      logGroupNames: [this.logGroup.logGroupName],
      queryString,
      width: 24,
    }));
    return definition;
  }

  /**
   * Grants `iam:PassRole` on this construct's role (and no other), for
   * `vpc-flow-logs.amazonaws.com` only: what a user or pipeline that creates
   * flow logs with this role needs.
   */
  public grantPassRole(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['iam:PassRole'],
      resourceArns: [this.role.roleArn],
      conditions: { StringEquals: { 'iam:PassedToService': FLOW_LOGS_SERVICE } },
    });
  }

  private createOrUseLogGroup(props: FlowLogsToCloudWatchProps): logs.ILogGroup {
    if (props.logGroup) {
      const conflicting = (['logGroupName', 'retention', 'encryptionKey', 'removalPolicy'] as const)
        .filter(p => props[p] !== undefined);
      if (conflicting.length > 0) {
        throw new Error(`FlowLogsToCloudWatch: ${conflicting.map(p => '`' + p + '`').join(', ')} ${conflicting.length === 1 ? 'applies' : 'apply'} only to a log group the construct creates, but \`logGroup\` was given. Provide \`logGroup\` or ${conflicting.map(p => '`' + p + '`').join(', ')}, not both (set them on your log group instead).`);
      }
      return props.logGroup;
    }
    if (typeof props.logGroupName === 'string' && !Token.isUnresolved(props.logGroupName) && props.logGroupName.startsWith('aws/')) {
      throw new Error(`FlowLogsToCloudWatch: \`logGroupName\` may not start with "aws/" (reserved by AWS), got ${describeValue(props.logGroupName)}. Use e.g. "/vpc-flow-logs/..." instead.`);
    }
    if (props.logGroupName !== undefined && (typeof props.logGroupName !== 'string'
      || (!Token.isUnresolved(props.logGroupName) && !LOG_GROUP_NAME.test(props.logGroupName)))) {
      throw new Error(`FlowLogsToCloudWatch: \`logGroupName\` must be 1-512 characters of a-z, A-Z, 0-9, '_', '-', '/', '.' and '#', got ${describeValue(props.logGroupName)}${typeof props.logGroupName === 'string' ? ` (${props.logGroupName.length} characters)` : ''}.`);
    }
    // A name known at synth, with or without a key: a key policy names the group it may be used
    // for (a CloudFormation-generated name would be a circular reference), and adding or removing
    // `encryptionKey` later must not rename, and so replace, the group (the retained old group
    // would be orphaned with its history). Derived from the construct path: stable and unique.
    const logGroupName = props.logGroupName
      ?? `/vpc-flow-logs/${Names.uniqueResourceName(this, { maxLength: 480, separator: '-' })}`;
    this.createdLogGroupName = logGroupName;
    const logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName,
      retention: props.retention ?? logs.RetentionDays.TWO_YEARS,
      encryptionKey: props.encryptionKey,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    if (props.encryptionKey) this.allowLogsToUseKey(props.encryptionKey, logGroupName);
    return logGroup;
  }

  private allowLogsToUseKey(key: kms.IKey, logGroupName: string) {
    const stack = Stack.of(this);
    const result = key.addToResourcePolicy(new iam.PolicyStatement({
      sid: `AllowCloudWatchLogsFor${Names.uniqueId(this).slice(-200)}`,
      principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: {
        ArnEquals: {
          'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
            service: 'logs', resource: 'log-group', resourceName: logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        },
      },
    }));
    if (!result.statementAdded) {
      Annotations.of(this).addWarningV2('cdk-flow-logs-to-cloudwatch:kmsKeyPolicy',
        `The key given as \`encryptionKey\` is imported, so its key policy cannot be changed here. Make sure it allows the service principal logs.${stack.region}.amazonaws.com kms:Encrypt*, kms:Decrypt*, kms:ReEncrypt*, kms:GenerateDataKey* and kms:Describe* for this log group, or creating the log group fails.`);
    }
  }

  /**
   * Grants the role delivery to the log group: the source document's actions,
   * each on the narrowest resource IAM allows. Returns what the flow logs must
   * depend on.
   *
   * - a created role gets a managed policy of its own (compliance packs flag
   *   inline policies), with cdk-nag suppressions for the wildcards AWS requires;
   * - a supplied role gets the statements in its default policy;
   * - a role that some FlowLogsToCloudWatch already granted delivery to this same
   *   log group (two constructs sharing both) gets nothing more.
   */
  private grantDelivery(logGroupIsReferenced: boolean): IDependable {
    const grants = DELIVERY_GRANTS.get(this.role) ?? new Map<logs.ILogGroup, IDependable>();
    DELIVERY_GRANTS.set(this.role, grants);
    const existing = grants.get(this.logGroup);
    if (existing) return existing;

    const stack = Stack.of(this);
    const groupArn = stack.formatArn({
      service: 'logs', resource: 'log-group', resourceName: this.logGroup.logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
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
    if (logGroupIsReferenced) {
      // The service creates a missing group itself, as the source document describes.
      statements.push(new iam.PolicyStatement({ actions: ['logs:CreateLogGroup'], resources: [groupArn, `${groupArn}:*`] }));
    }

    let dependable: IDependable;
    if (!this.props.role) {
      const policy = new iam.ManagedPolicy(this, 'DeliveryPolicy', {
        description: `Lets VPC flow logs deliver records to one log group (${printable(this.node.path)})`,
        statements,
        roles: [this.role],
      });
      suppressNagFindings(policy.node.defaultChild as CfnResource, [{
        id: 'AwsSolutions-IAM5',
        reason: 'The flow logs service names one log stream per network interface, so streams are only known as log-group:<name>:log-stream:* (and log-group:<name>:* for DescribeLogStreams); logs:DescribeLogGroups supports no resource-level permission, so IAM requires "*".',
        appliesTo: [
          { regex: '/^Resource::arn:<AWS::Partition>:logs:.*:log-group:.*:(log-stream:)?\\*$/g' },
          'Resource::*',
        ],
      }]);
      dependable = policy;
    } else {
      const dependables: IDependable[] = [];
      for (const statement of statements) {
        const result = this.role.addToPrincipalPolicy(statement);
        if (result.statementAdded && result.policyDependable) dependables.push(result.policyDependable);
      }
      // An immutable role (`mutable: false`) accepts statements but adds them to no policy.
      // Which policy holds a statement is only settled at synth time, so look then.
      this.node.addValidation({
        validate: () => {
          if (dependables.every(d => Dependable.of(d).dependencyRoots.length === 0)) {
            Annotations.of(this).addWarningV2('cdk-flow-logs-to-cloudwatch:immutableRole',
              `The role given as \`role\` is immutable, so no delivery policy was added to it. Make sure it allows ${statements.flatMap(st => st.actions).join(', ')} on log group ${this.logGroupNameForMessages()}, and trusts ${FLOW_LOGS_SERVICE}.`);
          }
          return [];
        },
      });
      dependable = new DependencyGroup(...dependables);
    }
    grants.set(this.logGroup, dependable);
    return dependable;
  }

  private createOrUseTopic(props: FlowLogsToCloudWatchProps): sns.ITopic | undefined {
    const emails = props.alarmEmails ?? [];
    emails.forEach((email, i) => {
      if (typeof email !== 'string' || (!Token.isUnresolved(email) && !EMAIL.test(email))) {
        throw new Error(`FlowLogsToCloudWatch: \`alarmEmails[${i}]\` is not an e-mail address: ${describeValue(email)}. Use the form name@example.com.`);
      }
    });
    const dupe = emails.find((e, i) => emails.indexOf(e) !== i);
    if (dupe !== undefined) {
      throw new Error(`FlowLogsToCloudWatch: \`alarmEmails\` lists ${describeValue(dupe)} twice; each address gets one subscription. Remove the duplicate.`);
    }
    const key = props.alarmTopicKey;
    if (key && props.alarmTopic) {
      throw new Error('FlowLogsToCloudWatch: `alarmTopicKey` encrypts the topic the construct creates, but `alarmTopic` was given. Provide `alarmTopic` or `alarmTopicKey`, not both (encrypt your topic with its own `masterKey`).');
    }
    if (key && emails.length === 0) {
      throw new Error('FlowLogsToCloudWatch: `alarmTopicKey` is set but `alarmEmails` is not, so no topic is created to encrypt. Add `alarmEmails`, or remove `alarmTopicKey`.');
    }
    let topic = props.alarmTopic;
    if (topic) {
      allowAlarmsToPublishToSuppliedTopic(this, topic);
    } else if (emails.length > 0) {
      topic = new sns.Topic(this, 'AlarmTopic', { enforceSSL: true, displayName: 'VPC flow log alarms', masterKey: key });
      // enforceSSL gives the topic a policy, which replaces SNS's default one: allow the alarms.
      topic.addToResourcePolicy(alarmPublishStatement(this, topic));
      if (key) this.allowAlarmsToUseKey(key);
    }
    for (const email of emails) topic!.addSubscription(new subs.EmailSubscription(email));
    return topic;
  }

  /**
   * A role created in the app (`iam.Role`) has a trust policy we can read: it must let the
   * flow logs service assume it, or delivery fails after deployment with no error before.
   * Decided at synth (statements may be added after this construct), on the `Allow`
   * statements only (a `Deny` naming the service does not let it in).
   */
  private checkSuppliedRoleTrust() {
    const role = this.props.role;
    if (!(role instanceof iam.Role) || !role.assumeRolePolicy) return;
    const trustPolicy = role.assumeRolePolicy;
    this.node.addValidation({
      validate: () => {
        const document = Stack.of(role).resolve(trustPolicy.toJSON()) as { Statement?: unknown[] } | undefined;
        if (!(document?.Statement ?? []).some(trustsFlowLogs)) {
          Annotations.of(this).addWarningV2('cdk-flow-logs-to-cloudwatch:roleTrust',
            `The role given as \`role\` (${role.node.path}) has no trust statement allowing ${FLOW_LOGS_SERVICE} to sts:AssumeRole, so the flow logs service cannot assume it and delivery will fail (DeliverLogsStatus FAILED). Add it to the role's assumedBy, or leave \`role\` out to have one created.`);
        }
        return [];
      },
    });
  }

  /** The log group's name where it is known at synth, else its construct path. */
  private logGroupNameForMessages(): string {
    const name = this.createdLogGroupName ?? this.logGroup.logGroupName;
    return Token.isUnresolved(name) ? `${this.logGroup.node.path} (its name is only known at deploy time)` : name;
  }

  /**
   * Alarm destinations notify only through detections' alarms: with none (at synth, so that
   * `addDetection()` after construction counts), a created topic and its subscriptions would
   * never receive anything.
   */
  private warnAlarmDestinationsWithoutDetection() {
    if (this.detections.length > 0) return;
    const given = (['alarmEmails', 'alarmTopic', 'alarmActions'] as const).filter(p => {
      const value = this.props[p];
      return Array.isArray(value) ? value.length > 0 : value !== undefined;
    });
    if (given.length === 0) return;
    Annotations.of(this).addWarningV2('cdk-flow-logs-to-cloudwatch:alarmWithoutDetection',
      `${given.map(p => '`' + p + '`').join(', ')} ${given.length === 1 ? 'is' : 'are'} set, but there is no detection, so no alarm exists and nothing will ever be notified${this.props.alarmEmails?.length && !this.props.alarmTopic ? ' (the topic and its e-mail subscriptions are created anyway)' : ''}. Add \`detections\` (e.g. [FlowLogDetection.rejectedSsh()]) or call addDetection(), or remove ${given.length === 1 ? 'it' : 'them'}.`);
  }

  /** CloudWatch alarms publish to a KMS-encrypted topic only if the key lets them. */
  private allowAlarmsToUseKey(key: kms.IKey) {
    const result = key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowCloudWatchAlarmsToPublishToTheEncryptedTopic',
      principals: [new iam.ServicePrincipal(CLOUDWATCH_SERVICE)],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
    }));
    if (!result.statementAdded) {
      Annotations.of(this).addWarningV2('cdk-flow-logs-to-cloudwatch:alarmTopicKeyPolicy',
        'The key given as `alarmTopicKey` is imported, so its key policy cannot be changed here. Make sure it allows the service principal cloudwatch.amazonaws.com kms:Decrypt and kms:GenerateDataKey*, or alarm notifications are dropped.');
    }
  }

  /** Bring-your-own props must be what their types say (a JavaScript or Python caller can pass anything). */
  private validateResourceProps(props: FlowLogsToCloudWatchProps) {
    const expect: Array<[keyof FlowLogsToCloudWatchProps, string, string[]]> = [
      ['logGroup', 'a logs.ILogGroup (e.g. logs.LogGroup.fromLogGroupName(this, \'Group\', \'name\'))', ['logGroupName', 'logGroupArn']],
      ['role', 'an iam.IRole (e.g. iam.Role.fromRoleArn(this, \'Role\', arn))', ['roleArn', 'addToPrincipalPolicy']],
      ['encryptionKey', 'a kms.IKey (e.g. new kms.Key(this, \'Key\'))', ['keyArn', 'addToResourcePolicy']],
      ['alarmTopicKey', 'a kms.IKey (e.g. new kms.Key(this, \'Key\'))', ['keyArn', 'addToResourcePolicy']],
      ['alarmTopic', 'an sns.ITopic (e.g. sns.Topic.fromTopicArn(this, \'Topic\', arn))', ['topicArn', 'addSubscription']],
    ];
    for (const [prop, what, members] of expect) {
      const value = props[prop] as unknown;
      if (value === undefined) continue;
      if (value === null || typeof value !== 'object' || !members.every(m => m in (value as object))) {
        throw new Error(`FlowLogsToCloudWatch: \`${prop}\` must be ${what}, got ${describeValue(value)}.`);
      }
    }
    (props.alarmActions ?? []).forEach((action, i) => {
      if (action === null || typeof action !== 'object' || typeof (action as cloudwatch.IAlarmAction).bind !== 'function') {
        throw new Error(`FlowLogsToCloudWatch: \`alarmActions[${i}]\` must be a cloudwatch.IAlarmAction (e.g. new cw_actions.SnsAction(topic)), got ${describeValue(action)}.`);
      }
    });
  }

  private validateEnumProps(props: FlowLogsToCloudWatchProps) {
    const nested = props.flowLogNestedStacks;
    if (nested !== undefined && (typeof nested !== 'number' || !Number.isInteger(nested) || nested < 1 || nested > 100)) {
      throw new Error(`FlowLogsToCloudWatch: \`flowLogNestedStacks\` must be a whole number from 1 to 100 (each nested stack holds up to 500 flow logs), got ${describeValue(nested)}.`);
    }
    if (!Object.values(ec2.FlowLogTrafficType).includes(this.trafficType)) {
      throw new Error(`FlowLogsToCloudWatch: \`trafficType\` must be an ec2.FlowLogTrafficType (ALL, ACCEPT or REJECT), got ${describeValue(props.trafficType)}.`);
    }
    const interval = props.maxAggregationInterval;
    if (interval !== undefined && (typeof interval !== 'number' || !Object.values(ec2.FlowLogMaxAggregationInterval).includes(interval))) {
      throw new Error(`FlowLogsToCloudWatch: \`maxAggregationInterval\` must be ec2.FlowLogMaxAggregationInterval.ONE_MINUTE or TEN_MINUTES, got ${describeValue(interval)}.`);
    }
    if (props.retention !== undefined && !(typeof props.retention === 'number'
      && (Token.isUnresolved(props.retention) || Object.values(logs.RetentionDays).includes(props.retention)))) {
      throw new Error(`FlowLogsToCloudWatch: \`retention\` must be a logs.RetentionDays value, got ${describeValue(props.retention)}.`);
    }
    if (props.retention === logs.RetentionDays.INFINITE) {
      Annotations.of(this).addWarningV2('cdk-flow-logs-to-cloudwatch:infiniteRetention',
        '`retention` is INFINITE: flow log records are kept (and billed for storage) forever. Prefer a finite logs.RetentionDays.');
    }
  }

  private validateTransitGateway(target: FlowLogTarget) {
    if (this.props.trafficType !== undefined && this.trafficType !== ec2.FlowLogTrafficType.ALL) {
      throw new Error(`FlowLogsToCloudWatch: \`trafficType\` ${this.trafficType} cannot apply to ${target.resourceType} target ${describeValue(target.key)}: transit gateway flow logs capture all traffic and have no traffic filter. Remove \`trafficType\`.`);
    }
    if (this.props.maxAggregationInterval === ec2.FlowLogMaxAggregationInterval.TEN_MINUTES) {
      throw new Error(`FlowLogsToCloudWatch: \`maxAggregationInterval\` TEN_MINUTES (600 s) cannot apply to ${target.resourceType} target ${describeValue(target.key)}: transit gateway flow logs only allow ONE_MINUTE. Remove \`maxAggregationInterval\` or set ec2.FlowLogMaxAggregationInterval.ONE_MINUTE.`);
    }
  }

  private validateRule(rule: FlowLogContributorRule) {
    if (this.logGroupClass() === logs.LogGroupClass.INFREQUENT_ACCESS) {
      throw new Error(`FlowLogsToCloudWatch: Contributor Insights rule ${describeValue(rule.name)} needs a log group of class STANDARD, but the log group given as \`logGroup\` is of class INFREQUENT_ACCESS, which offers only a subset of CloudWatch Logs features (metric filters, subscription filters and Contributor Insights are not among them; see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CloudWatch_Logs_Log_Classes.html). Use a STANDARD log group, or remove the rule (saved Logs Insights queries do work on it).`);
    }
    rule.renderBody(this.logGroup.logGroupName, this.logFormat);
  }

  /** The class of the log group, where the app says it (a created or app-defined group). */
  private logGroupClass(): string | undefined {
    return (this.logGroup.node.defaultChild as logs.CfnLogGroup | undefined)?.logGroupClass;
  }

  private validateDetection(detection: FlowLogDetection) {
    const format = this.logFormat;
    if (this.kind === FlowLogRecordKind.TRANSIT_GATEWAY) {
      const missing = detection.filter.fields.filter(f => !f.appliesTo(FlowLogRecordKind.TRANSIT_GATEWAY));
      if (missing.length > 0) {
        throw new Error(`FlowLogsToCloudWatch: detection ${describeValue(detection.name)} reads ${missing.map(f => '`' + f.name + '`').join(', ')}, which transit gateway flow log records do not have. Use a detection on fields of transit gateway records (e.g. packets-lost-blackhole), or put it on a construct with VPC, subnet or network interface targets.`);
      }
    }
    const absent = detection.filter.fields.filter(f => !format.some(g => g.name === f.name));
    if (absent.length > 0) {
      throw new Error(`FlowLogsToCloudWatch: detection ${describeValue(detection.name)} has a condition on ${absent.map(f => '`' + f.name + '`').join(', ')}, which ${absent.length === 1 ? 'is' : 'are'} not in the record format (${formatNames(format)}). Add ${absent.map(fieldConstant).join(', ')} to \`logFormat\`, or remove the condition from the detection's filter.`);
    }
    detection.filter.renderPattern(format);
    detection.renderMetricValue(format);

    const actions = detection.filter.conditions.filter(c => c.field.name === 'action');
    if (actions.length > 0 && this.trafficType !== ec2.FlowLogTrafficType.ALL && !Token.isUnresolved(this.trafficType)) {
      const captured = this.trafficType === ec2.FlowLogTrafficType.ACCEPT ? 'ACCEPT' : 'REJECT';
      // Evaluate only the action conditions against the one action the flow logs capture.
      const probe = actions.reduce((f, c) => f.whereString(c.field, c.comparison, c.value), FlowLogFilter.all());
      if (!probe.matches(captured, [FlowLogField.ACTION])) {
        throw new Error(`FlowLogsToCloudWatch: detection ${describeValue(detection.name)} counts records whose action is never ${captured}, but \`trafficType\` is ${this.trafficType}, so the flow logs only capture ${captured} records and the detection can never fire. Set \`trafficType\` to ALL, or change the detection's action condition.`);
      }
    }

    if (this.logGroupClass() === logs.LogGroupClass.INFREQUENT_ACCESS) {
      throw new Error(`FlowLogsToCloudWatch: detection ${describeValue(detection.name)} needs a metric filter, but the log group given as \`logGroup\` is of class INFREQUENT_ACCESS, which CloudWatch Logs does not allow metric filters on. Use a STANDARD log group, or remove the detection.`);
    }
  }

  /**
   * A VPC and one of its subnets (or a subnet and a VPC containing it) in one construct
   * deliver every record of the subnet twice into the same log stream, so detections and
   * Contributor Insights count it twice.
   */
  private warnOnOverlap(target: FlowLogTarget) {
    // Few VPCs, many subnets: a subnet is checked against the VPCs, a (rare) VPC against the subnets.
    const [others, mine] = target.resourceType === 'VPC' ? [this.subnetKeys, this.vpcKeys] : [this.vpcKeys, this.subnetKeys];
    if (target.resourceType !== 'VPC' && target.resourceType !== 'Subnet') return;
    for (const other of others) {
      const [vpc, subnet] = target.resourceType === 'VPC' ? [target.key, other] : [other, target.key];
      if (subnet.startsWith(vpc + '/')) {
        Annotations.of(this).addWarningV2('cdk-flow-logs-to-cloudwatch:overlappingTargets',
          `Subnet target ${describeValue(subnet)} is in VPC target ${describeValue(vpc)}: its records would be delivered twice (once per flow log) and every detection would count them twice. Keep the VPC target or the subnet targets, not both.`);
      }
    }
    mine.push(target.key);
  }

  /**
   * Adds a flow log's share of its stack's template size. The properties other than the
   * resource ID render the same for every flow log of this construct, so they are resolved
   * once; each flow log then adds its ID, path and resource ID.
   */
  private countTemplateBytes(flowLog: ec2.CfnFlowLog, props: ec2.CfnFlowLogProps, resourceId: string) {
    if (this.sharedFlowLogBytes === undefined) {
      const shared = Stack.of(this).resolve({ ...props, resourceId: '' });
      // 1-space indentation, as CDK writes templates, plus Type, DependsOn and the braces around them.
      this.sharedFlowLogBytes = JSON.stringify(shared, undefined, 1).length + 200;
    }
    const own = flowLog.node.path.length * 2 + (Token.isUnresolved(resourceId) ? 40 : resourceId.length);
    const stack = Stack.of(flowLog);
    this.templateBytes.set(stack, (this.templateBytes.get(stack) ?? 0) + this.sharedFlowLogBytes + own);
  }

  /** Where a target's flow log goes: this construct, or its nested stack. */
  private flowLogScope(target: FlowLogTarget): Construct {
    const count = this.props.flowLogNestedStacks;
    if (count === undefined) return this;
    const id = `NestedFlowLogs${stableHash(`${target.resourceType}:${target.key}`) % count}`;
    return (this.node.tryFindChild(id) as NestedStack | undefined) ?? new NestedStack(this, id, {
      description: `VPC flow logs of ${this.node.path} (${id})`,
    });
  }

  private validateAtSynth(): string[] {
    const errors: string[] = [];
    const stack = Stack.of(this);
    const resources = stack.node.findAll().filter(c => CfnResource.isCfnResource(c) && Stack.of(c) === stack).length;
    if (resources > MAX_RESOURCES) {
      const here = this.flowLogs.filter(f => Stack.of(f) === stack).length;
      if (here === 0) {
        errors.push(`FlowLogsToCloudWatch: stack ${stack.stackName} would have ${resources} resources, none of them flow logs of this construct; CloudFormation allows ${MAX_RESOURCES} per stack. Move other resources to another stack.`);
      } else {errors.push(`FlowLogsToCloudWatch: stack ${stack.stackName} would have ${resources} resources, ${here} of them flow logs of this construct; CloudFormation allows ${MAX_RESOURCES} per stack. Set \`flowLogNestedStacks\` (e.g. ${Math.max(2, Math.ceil(here / 400))}) to place the flow logs in nested stacks, or split the targets over constructs in several stacks.`);}
    }
    for (const [s, bytes] of this.templateBytes) {
      if (bytes > MAX_TEMPLATE_BYTES) {
        errors.push(`FlowLogsToCloudWatch: the flow logs of this construct would make the template of stack ${s.node.id} about ${Math.round(bytes / 1000)} kB; CloudFormation accepts templates of up to ${MAX_TEMPLATE_BYTES / 1000} kB. ${this.props.flowLogNestedStacks ? 'Raise' : 'Set'} \`flowLogNestedStacks\` (now ${this.props.flowLogNestedStacks ?? 'unset'}), or use a shorter \`logFormat\`.`);
      }
    }
    for (const nested of this.node.children.filter((c): c is NestedStack => c instanceof NestedStack)) {
      const n = nested.node.findAll().filter(c => CfnResource.isCfnResource(c) && Stack.of(c) === nested).length;
      if (n > MAX_RESOURCES) {
        errors.push(`FlowLogsToCloudWatch: nested stack ${nested.node.id} would have ${n} flow logs; CloudFormation allows ${MAX_RESOURCES} resources per stack. Raise \`flowLogNestedStacks\` (now ${this.props.flowLogNestedStacks}).`);
      }
    }
    this.warnAlarmDestinationsWithoutDetection();
    if (this.targetKeys.size === 0) {
      errors.push('FlowLogsToCloudWatch: no target was given, so no flow log would be created. Pass `targets` (e.g. [FlowLogTarget.fromVpc(vpc)]) or call addTarget().');
    }
    return errors;
  }

  /**
   * What is rendered for the record format (filter patterns, metric values, rule bodies, query
   * strings) is checked once the app is built, before anything is resolved: an aspect, which
   * runs even when validation is skipped (`app.synth({ skipValidation: true })`), so a template
   * never carries a value that could not be rendered. All problems are reported together.
   */
  private checkRenderingAtSynth() {
    const check: IAspect = {
      visit: (node: IConstruct) => {
        if (node !== this) return;
        const errors: string[] = [];
        const checks = [
          ...this.detections.map(d => () => this.validateDetection(d)),
          ...this.rules.map(r => () => this.validateRule(r)),
          ...this.queries.map(q => () => q.renderQuery(this.logFormat)),
        ];
        for (const run of checks) {
          try {
            run();
          } catch (e) {
            errors.push((e as Error).message);
          }
        }
        if (errors.length > 0) throw new Error(errors.join('\n'));
      },
    };
    Aspects.of(this).add(check, { priority: AspectPriority.READONLY });
  }

  /**
   * A value rendered at synth time, when the format is final (checked by `checkRenderingAtSynth`
   * before anything is resolved).
   */
  private renderAtSynth(render: () => string): string {
    return Lazy.string({ produce: render });
  }

  /**
   * Whether the record format is settled: given as `logFormat`, or the default of the
   * first target's kind. Until then, what depends on it is checked at synth time.
   */
  private formatKnown(): boolean {
    return this.kind !== undefined || this.explicitFormat !== undefined;
  }

  /** `FlowLogs/<stack name>/<construct path>`, without the characters metric filters refuse. */
  private defaultMetricNamespace(): string {
    const ns = `FlowLogs/${this.qualifiedPath('/')}`.replace(/[:*$]/g, '_');
    return ns.length > 255 ? `FlowLogs/${Names.uniqueResourceName(this, { maxLength: 240 })}` : ns;
  }

  /**
   * `<stack name><sep><construct path><sep><name>`: unique per construct in an
   * account and region (stack names are), within `maxLength`.
   */
  private defaultName(name: string, separator: string, maxLength: number): string {
    const full = `${this.qualifiedPath(separator)}${separator}${name}`;
    return full.length <= maxLength ? full
      : `${Names.uniqueResourceName(this, { maxLength: maxLength - name.length - 1, separator })}${separator}${name}`;
  }

  /**
   * `<stack name><sep><construct path relative to the stack>` in printable ASCII: the
   * per-construct part of every default name (stack names are unique in an account and region).
   */
  private qualifiedPath(separator: string): string {
    const stack = Stack.of(this);
    const relative = this.node.path.slice(stack.node.path.length + 1).replace(/\//g, separator);
    return printable(`${stack.stackName}${separator}${relative}`);
  }
}

/**
 * A hash of a text that is the same on every machine and every run (djb2 over
 * UTF-16 code units, kept below 2^32 with arithmetic rather than bit operators).
 */
function stableHash(text: string): number {
  let hash = 5381;
  for (let i = 0; i < text.length; i++) {
    hash = (hash * 33 + text.charCodeAt(i)) % 4294967296;
  }
  return hash;
}

/** Text for IAM descriptions and CloudWatch names, which take printable ASCII only. */
function printable(text: string): string {
  return text.replace(/[^\x20-\x7E]/g, '_');
}

/** Whether a resolved trust-policy statement allows the flow logs service to assume the role. */
function trustsFlowLogs(statement: unknown): boolean {
  const st = statement as { Effect?: string; Action?: unknown; Principal?: { Service?: unknown } };
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);
  return st.Effect === 'Allow'
    && list(st.Action).some(a => a === 'sts:AssumeRole' || a === 'sts:*' || a === '*')
    && list(st.Principal?.Service).includes(FLOW_LOGS_SERVICE);
}
