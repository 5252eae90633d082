import { Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { isAlarmPeriod } from './alarm-period';
import { describeValue } from './describe';
import { libraryError, warn } from './errors';

/**
 * Alarms on the log group itself (`AWS/Logs` metrics CloudWatch Logs publishes for every group):
 * delivery health (records stopped arriving) and an ingestion budget (a day's bytes).
 */

/** Bytes in a GB as AWS bills CloudWatch Logs ingestion (2^30). */
const GB = 1024 ** 3;
/** Below this, a quiet but healthy group is likely to look silent (records come every ~10 minutes). */
const SHORTEST_QUIET_PERIOD_MINUTES = 15;

function groupMetric(logGroup: logs.ILogGroup, metricName: string, period: Duration): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'AWS/Logs',
    metricName,
    dimensionsMap: { LogGroupName: logGroup.logGroupName },
    statistic: cloudwatch.Stats.SUM,
    period,
  });
}

/**
 * How many periods of silence the delivery health alarm needs before it notifies: CloudWatch reads
 * an evaluation range wider than `EvaluationPeriods` (1) and uses the real datapoints in it before
 * it counts missing ones; AWS documents the range only by example (5 for 3 evaluation periods), so
 * this is EvaluationPeriods + 2, as the backtest engine evaluates it.
 */
export const DELIVERY_HEALTH_SILENT_PERIODS = 3;

/**
 * An alarm when the group receives no records: `IncomingLogEvents` (a silent group publishes no
 * datapoints at all) with missing data treated as missing, so that the alarm goes to
 * INSUFFICIENT_DATA when the whole evaluation range is silent, and the construct notifies on
 * that state. Alarms start in INSUFFICIENT_DATA: a new flow log, whose first records arrive
 * several minutes after deploy, takes the alarm from INSUFFICIENT_DATA to OK without a
 * notification (missing data treated as breaching would go to ALARM at once and notify on
 * every first deploy). The threshold (`< 1`) documents the intent; a group with records always
 * has a Sum of 1 or more.
 */
export function createDeliveryHealthAlarm(scope: Construct, logGroup: logs.ILogGroup, period: Duration): cloudwatch.Alarm {
  if (period.isUnresolved()) {
    throw libraryError('FlowLogsToCloudWatch: `deliveryHealthPeriod` is a token; it must be a literal Duration such as Duration.hours(1).');
  }
  if (!isAlarmPeriod(period)) {
    throw libraryError(`FlowLogsToCloudWatch: \`deliveryHealthPeriod\` must be a whole number of minutes from 1 minute to 1 day (an alarm period CloudWatch takes), got ${period.toHumanString()}. Use e.g. Duration.hours(1).`);
  }
  if (period.toMinutes() < SHORTEST_QUIET_PERIOD_MINUTES) {
    warn(scope, 'shortDeliveryHealthPeriod',
      `\`deliveryHealthPeriod\` is ${period.toHumanString()}: flow logs publish records in batches (every aggregation interval, up to 10 minutes, plus delivery time), so a quiet but healthy VPC may look silent and the alarm fire. Prefer ${SHORTEST_QUIET_PERIOD_MINUTES} minutes or more (an hour for quiet VPCs).`);
  }
  return new cloudwatch.Alarm(scope, 'DeliveryHealthAlarm', {
    metric: groupMetric(logGroup, 'IncomingLogEvents', period),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.MISSING,
    alarmDescription: `INSUFFICIENT_DATA means the flow log group received no records for about ${DELIVERY_HEALTH_SILENT_PERIODS} x ${period.toHumanString()} (CloudWatch's evaluation range): delivery may have stopped (check DeliverLogsStatus with aws ec2 describe-flow-logs). Notifies on INSUFFICIENT_DATA; OK once records arrive.`,
  });
}

/** An alarm when the group ingests more than `gigabytes` GB in a day (`IncomingBytes`, Sum over one day). */
export function createIngestionBudgetAlarm(scope: Construct, logGroup: logs.ILogGroup, gigabytes: number): cloudwatch.Alarm {
  if (!Token.isUnresolved(gigabytes) && !(Number.isFinite(gigabytes) && gigabytes > 0)) {
    throw libraryError(`FlowLogsToCloudWatch: \`ingestionBudgetGb\` must be a number of GB greater than 0 (e.g. 5), got ${describeValue(gigabytes)}.`);
  }
  return new cloudwatch.Alarm(scope, 'IngestionBudgetAlarm', {
    metric: groupMetric(logGroup, 'IncomingBytes', Duration.days(1)),
    threshold: Token.isUnresolved(gigabytes) ? gigabytes : Math.round(gigabytes * GB),
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    alarmDescription: `The flow log group ingested more than ${Token.isUnresolved(gigabytes) ? 'the budget' : `${gigabytes} GB`} in a day (CloudWatch Logs bills ingestion per GB).`,
  });
}
