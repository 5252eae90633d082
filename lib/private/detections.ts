import { Lazy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { FlowLogContributorRule } from '../flow-log-contributor-rule';
import { FlowLogDetection } from '../flow-log-detection';
import { FlowLogField, FlowLogRecordKind } from '../flow-log-field';
import { FlowLogFilter } from '../flow-log-filter';
import { useAnomalyBand } from './anomaly';
import { describeValue } from './describe';
import { libraryError, warn } from './errors';
import { logGroupClass } from './log-group';
import { defaultName } from './names';
import { registerName } from './unique-names';

/** What a construct's detections, rules and queries read: its log group and record format. */
export interface RecordContext {
  readonly logGroup: logs.ILogGroup;
  /** The record format (read when rendering: the first target may settle it after an item is added). */
  readonly format: () => FlowLogField[];
  /** The kind of the targets' records, once known. */
  readonly kind?: FlowLogRecordKind;
  readonly trafficType: ec2.FlowLogTrafficType;
}

/** What one detection made. */
export interface DetectionResources {
  readonly detection: FlowLogDetection;
  readonly alarm: cloudwatch.Alarm;
  /** What the alarm reads: the metric filter's Sum, or the top contributor of its rule. */
  readonly metric: cloudwatch.IMetric;
  readonly metricFilter?: logs.MetricFilter;
  readonly insightRule?: cloudwatch.CfnInsightRule;
}

/**
 * Refuses a detection whose name, alarm name or metric another of the construct's detections
 * (`earlier`) already has: constructs would collide, or two alarms would count one metric.
 */
export function checkNewDetection(earlier: FlowLogDetection[], detection: FlowLogDetection, namespaceOf: (d: FlowLogDetection) => string) {
  const same = (what: (d: FlowLogDetection) => string | undefined) => {
    const value = what(detection);
    return value === undefined || Token.isUnresolved(value) ? undefined : earlier.find(d => what(d) === value);
  };
  if (earlier.some(d => d.name === detection.name)) {
    throw libraryError(`FlowLogsToCloudWatch: two detections are named ${describeValue(detection.name)}; names must be unique in a construct. Give one its own \`name\` option, e.g. ${detection.name}Strict.`);
  }
  const sameAlarm = same(d => d.alarmName);
  if (sameAlarm) {
    throw libraryError(`FlowLogsToCloudWatch: detections ${describeValue(sameAlarm.name)} and ${describeValue(detection.name)} both have \`alarmName\` ${describeValue(detection.alarmName)}; alarm names are unique in an account and region. Give one another \`alarmName\`, or leave it out to have one generated.`);
  }
  const sameMetric = Token.isUnresolved(namespaceOf(detection)) ? undefined : same(d => `${namespaceOf(d)}\n${d.metricName}`);
  if (sameMetric) {
    throw libraryError(`FlowLogsToCloudWatch: detections ${describeValue(sameMetric.name)} and ${describeValue(detection.name)} would both write metric ${describeValue(detection.metricName)} in namespace ${describeValue(namespaceOf(detection))}, so each alarm would count both. Give one another \`metricName\`.`);
  }
}

/**
 * A detection's resources: a metric filter and an alarm on its Sum, or (per contributor) a
 * Contributor Insights rule and an alarm on its top contributor.
 */
export function createDetection(scope: Construct, detection: FlowLogDetection, ctx: RecordContext, metricNamespace: string): DetectionResources {
  const rule = detection._contributorRule();
  let metric: cloudwatch.IMetric;
  let insightRule: cloudwatch.CfnInsightRule | undefined;
  let metricFilter: logs.MetricFilter | undefined;
  if (rule) {
    const ruleName = defaultName(scope, `${detection.name}-Detection`, '-', 128);
    registerName(scope, Stack.of(scope), 'Contributor Insights rule', ruleName);
    insightRule = new cloudwatch.CfnInsightRule(scope, `${detection.name}ContributorRule`, {
      ruleName,
      ruleState: 'ENABLED',
      ruleBody: Lazy.string({ produce: () => rule._render(ctx.logGroup.logGroupName, ctx.format()) }),
    });
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
    metricFilter = new logs.MetricFilter(scope, `${detection.name}MetricFilter`, {
      logGroup: ctx.logGroup,
      filterPattern: { logPatternString: Lazy.string({ produce: () => detection.filter._render(ctx.format()) }) },
      metricNamespace,
      metricName: detection.metricName,
      metricValue: detection._renderMetricValue(),
      defaultValue: 0,
    });
    metric = metricFilter.metric({ statistic: cloudwatch.Stats.SUM, period: detection.period });
  }
  const alarm = new cloudwatch.Alarm(scope, `${detection.name}Alarm`, {
    metric,
    threshold: detection.threshold,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: detection.evaluationPeriods,
    datapointsToAlarm: detection.datapointsToAlarm,
    treatMissingData: detection.treatMissingData,
    alarmName: detection.alarmName,
    alarmDescription: detection._describe(),
  });
  registerName(scope, Stack.of(scope), 'alarm', detection.alarmName);
  // The alarm reads the rule by name: create the rule first.
  if (insightRule) alarm.node.addDependency(insightRule);
  const band = detection.anomalyBandWidth;
  if (band !== undefined) useAnomalyBand(alarm, metric as cloudwatch.Metric, band, detection.anomalyBandFloor ?? 0);
  if (band === undefined && !Token.isUnresolved(detection.threshold) && detection.threshold <= 0) {
    warn(scope, 'thresholdAlwaysReached', `Detection ${describeValue(detection.name)} has \`threshold\` ${detection.threshold}: its alarm fires when the Sum is >= the threshold, and the metric is 0 or more in every period with records (the metric filter publishes 0 when records arrive but none match), so the alarm is in ALARM whenever records arrive. Use a threshold of 1 or more.`);
  }
  return { detection, alarm, metric, metricFilter, insightRule };
}

/** What keeps a detection from working on the construct's records (none: it works). */
export function detectionProblems(detection: FlowLogDetection, ctx: RecordContext): string[] {
  const name = describeValue(detection.name);
  if (ctx.kind === FlowLogRecordKind.TRANSIT_GATEWAY) {
    const missing = detection.filter.fields.filter(f => !f.appliesTo(FlowLogRecordKind.TRANSIT_GATEWAY));
    if (missing.length > 0) {
      return [`FlowLogsToCloudWatch: detection ${name} reads ${missing.map(f => '`' + f.name + '`').join(', ')}, which transit gateway flow log records do not have. Use a detection on fields of transit gateway records (e.g. packets-lost-blackhole), or put it on a construct with VPC, subnet or network interface targets.`];
    }
  }
  const problems = detection._problems(ctx.format());
  const actions = detection.filter.conditions.filter(c => c.field.name === 'action');
  if (actions.length > 0 && ctx.trafficType !== ec2.FlowLogTrafficType.ALL && !Token.isUnresolved(ctx.trafficType)) {
    const captured = ctx.trafficType === ec2.FlowLogTrafficType.ACCEPT ? 'ACCEPT' : 'REJECT';
    // Evaluate only the action conditions against the one action the flow logs capture.
    const probe = actions.reduce((f, c) => (c.values
      ? f.whereStringIn(c.field, c.values)
      : f.whereString(c.field, c.comparison, c.value)), FlowLogFilter.all());
    if (!probe.matches(captured, [FlowLogField.ACTION])) {
      problems.push(`FlowLogsToCloudWatch: detection ${name} counts records whose action is never ${captured}, but \`trafficType\` is ${ctx.trafficType}, so the flow logs only capture ${captured} records and the detection can never fire. Set \`trafficType\` to ALL, or change the detection's action condition.`);
    }
  }
  if (logGroupClass(ctx.logGroup) === logs.LogGroupClass.INFREQUENT_ACCESS) {
    problems.push(`FlowLogsToCloudWatch: detection ${name} needs a metric filter, but the log group given as \`logGroup\` is of class INFREQUENT_ACCESS, which CloudWatch Logs does not allow metric filters on. Use a STANDARD log group, or remove the detection.`);
  }
  return problems;
}

/** What keeps a Contributor Insights rule from working on the construct's records (none: it works). */
export function ruleProblems(rule: FlowLogContributorRule, ctx: RecordContext): string[] {
  const problems = rule._problems(ctx.format());
  if (logGroupClass(ctx.logGroup) === logs.LogGroupClass.INFREQUENT_ACCESS) {
    problems.push(`FlowLogsToCloudWatch: Contributor Insights rule ${describeValue(rule.name)} needs a log group of class STANDARD, but the log group given as \`logGroup\` is of class INFREQUENT_ACCESS, which offers only a subset of CloudWatch Logs features (AWS's table of log classes marks metric filters, subscription filters, Live Tail and anomaly detection as Standard only, and lists no Contributor Insights for Infrequent Access: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CloudWatch_Logs_Log_Classes.html). Use a STANDARD log group, or remove the rule (saved Logs Insights queries do work on it).`);
  }
  return problems;
}

/** A Contributor Insights rule on the log group, its field positions taken from the record format. */
export function createContributorRule(scope: Construct, rule: FlowLogContributorRule, ctx: RecordContext): cloudwatch.CfnInsightRule {
  const ruleName = rule.ruleName ?? defaultName(scope, rule.name, '-', 128);
  registerName(scope, Stack.of(scope), 'Contributor Insights rule', ruleName);
  return new cloudwatch.CfnInsightRule(scope, `${rule.name}InsightRule`, {
    ruleName,
    ruleState: 'ENABLED',
    ruleBody: Lazy.string({ produce: () => rule._render(ctx.logGroup.logGroupName, ctx.format()) }),
  });
}

/** CloudWatch PutInsightRule: a RuleDefinition of 1-8192 characters. */
const MAX_RULE_BYTES = 8192;

/**
 * Contributor Insights takes a rule definition of at most 8,192 bytes of ASCII (PutInsightRule's
 * RuleDefinition: length 1-8192, pattern [\x00-\x7F]+). Measured with the log group's name, or the
 * longest name a group may have when the name is only known at deploy time.
 */
export function ruleBodyProblems(rules: Array<[string, FlowLogContributorRule]>, groupName: string | undefined, format: FlowLogField[]): string[] {
  const problems: string[] = [];
  for (const [name, rule] of rules) {
    const body = rule._render(groupName ?? '#'.repeat(512), format);
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
