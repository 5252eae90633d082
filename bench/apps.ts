/**
 * The three equivalent apps the benchmark synthesizes (see bench/README.md for
 * why they are equivalent). Each defines flow logs for `n` imported subnets,
 * delivered to CloudWatch Logs, and one alarm on ">= 10 rejected SSH attempts
 * (TCP to port 22, action REJECT) in one hour" over all of them.
 */
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { FlowLogComparison, FlowLogDetection, FlowLogsToCloudWatch, FlowLogsToCloudWatchProps, FlowLogTarget } from '../lib';

/** `a`: this construct; `b`: aws-cdk-lib L2s as documented; `c`: the same L2s, hand-tuned. */
export type Variant = 'a' | 'b' | 'c';

export const VARIANTS: Variant[] = ['a', 'b', 'c'];

export const VARIANT_NAMES: Record<Variant, string> = {
  a: '(a) FlowLogsToCloudWatch',
  b: '(b) ec2.FlowLog as documented',
  c: '(c) ec2.FlowLog hand-tuned',
};

export interface AppOptions {
  /** Number of subnet targets. */
  readonly n: number;
  /** Cloud assembly directory. */
  readonly outdir: string;
  /** Variant (a) only: the `flowLogNestedStacks` prop. */
  readonly nestedStacks?: number;
}

/** The stack every app synthesizes. */
export const STACK_NAME = 'Bench';

/** The source document's columns: the 14 fields of the default (version 2) record. */
const COLUMNS = [
  'version', 'account_id', 'interface_id', 'srcaddr', 'dstaddr', 'srcport', 'dstport',
  'protocol', 'packets', 'bytes', 'start', 'end', 'action', 'log_status',
];

/** The metric every (b) and (c) filter writes, and the alarm reads. */
const METRIC_NAMESPACE = 'FlowLogs/Bench';
const METRIC_NAME = 'RejectedSsh';

/** A deterministic, valid subnet ID: `subnet-` and 8 hex digits. */
export function subnetId(i: number): string {
  return `subnet-${(0x1a2b0000 + i).toString(16).padStart(8, '0')}`;
}

/**
 * An app as `cdk synth` would make it: path metadata on, stack traces off. The
 * CDKMetadata (version reporting) resource is off, so resource counts are the
 * constructs' own (it would add one resource to every variant).
 */
function newApp(outdir: string): App {
  return new App({
    outdir,
    analyticsReporting: false,
    context: {
      'aws:cdk:enable-path-metadata': true,
      'aws:cdk:disable-stack-trace': true,
    },
  });
}

function importSubnets(stack: Stack, n: number): ec2.ISubnet[] {
  return Array.from({ length: n }, (_, i) => ec2.Subnet.fromSubnetId(stack, `S${i}`, subnetId(i)));
}

/** `[version, ..., dstport=22, protocol=6, ..., action="REJECT", log_status]`, as the construct writes it. */
function rejectedSshPattern(): logs.IFilterPattern {
  return logs.FilterPattern.spaceDelimited(...COLUMNS)
    .whereNumber('dstport', FlowLogComparison.EQUAL, 22)
    .whereNumber('protocol', FlowLogComparison.EQUAL, 6)
    .whereString('action', FlowLogComparison.EQUAL, 'REJECT');
}

/** The document's alarm: Sum >= 10 over one hour, one evaluation period. */
function rejectedSshAlarm(stack: Stack, metric: cloudwatch.IMetric): cloudwatch.Alarm {
  return new cloudwatch.Alarm(stack, 'RejectedSshAlarm', {
    metric,
    threshold: 10,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    alarmDescription: '>= 10 rejected SSH attempts in one hour',
  });
}

/** (a) this construct. */
function buildA(stack: Stack, subnets: ec2.ISubnet[], nestedStacks?: number) {
  const props: FlowLogsToCloudWatchProps = {
    targets: subnets.map(subnet => FlowLogTarget.fromSubnet(subnet)),
    detections: [FlowLogDetection.rejectedSsh()],
  };
  // Set loosely so that this file compiles against a library without the prop
  // (the worker then reports the row as not available).
  if (nestedStacks !== undefined) Object.assign(props, { flowLogNestedStacks: nestedStacks });
  new FlowLogsToCloudWatch(stack, 'FlowLogs', props);
}

/**
 * (b) ec2.FlowLog as its documentation shows it (default destination: a role,
 * its policy and a log group per flow log), plus what a user must add to watch
 * every target: one metric filter per log group, all writing the same metric,
 * and one alarm on that metric.
 */
function buildB(stack: Stack, subnets: ec2.ISubnet[]) {
  subnets.forEach((subnet, i) => {
    const flowLog = new ec2.FlowLog(stack, `FlowLog${i}`, {
      resourceType: ec2.FlowLogResourceType.fromSubnet(subnet),
    });
    new logs.MetricFilter(stack, `RejectedSshFilter${i}`, {
      logGroup: flowLog.logGroup!,
      filterPattern: rejectedSshPattern(),
      metricNamespace: METRIC_NAMESPACE,
      metricName: METRIC_NAME,
      metricValue: '1',
      defaultValue: 0,
    });
  });
  rejectedSshAlarm(stack, new cloudwatch.Metric({
    namespace: METRIC_NAMESPACE,
    metricName: METRIC_NAME,
    statistic: cloudwatch.Stats.SUM,
    period: Duration.hours(1),
  }));
}

/**
 * (c) the same L2s, hand-tuned: one role and one log group made by hand, every
 * ec2.FlowLog delivering to them, one metric filter and one alarm.
 */
function buildC(stack: Stack, subnets: ec2.ISubnet[]) {
  const role = new iam.Role(stack, 'Role', {
    assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com'),
  });
  const logGroup = new logs.LogGroup(stack, 'LogGroup', {
    retention: logs.RetentionDays.TWO_YEARS,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  subnets.forEach((subnet, i) => new ec2.FlowLog(stack, `FlowLog${i}`, {
    resourceType: ec2.FlowLogResourceType.fromSubnet(subnet),
    destination: ec2.FlowLogDestination.toCloudWatchLogs(logGroup, role),
  }));
  const filter = new logs.MetricFilter(stack, 'RejectedSshFilter', {
    logGroup,
    filterPattern: rejectedSshPattern(),
    metricNamespace: METRIC_NAMESPACE,
    metricName: METRIC_NAME,
    metricValue: '1',
    defaultValue: 0,
  });
  rejectedSshAlarm(stack, filter.metric({ statistic: cloudwatch.Stats.SUM, period: Duration.hours(1) }));
}

/** Defines the app of `variant` (construction only; the caller synthesizes). */
export function buildApp(variant: Variant, options: AppOptions): App {
  const app = newApp(options.outdir);
  const stack = new Stack(app, STACK_NAME);
  const subnets = importSubnets(stack, options.n);
  switch (variant) {
    case 'a': buildA(stack, subnets, options.nestedStacks); break;
    case 'b': buildB(stack, subnets); break;
    case 'c': buildC(stack, subnets); break;
  }
  return app;
}
