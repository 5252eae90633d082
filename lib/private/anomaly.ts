import { Duration, Token, Tokenization } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/**
 * Anomaly detection bands for detections: the alarm compares the metric with
 * `ANOMALY_DETECTION_BAND(m1, width)` (CloudWatch creates and trains the model for it), and the
 * dashboard graphs the band. aws-cdk-lib's `Alarm` takes a fixed threshold only (its
 * `AnomalyDetectionAlarm` came after this library's floor), so the alarm's L1 properties are
 * set to the band form CloudFormation documents (`Metrics` + `ThresholdMetricId`).
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudwatch-alarm.html#cfn-cloudwatch-alarm-thresholdmetricid
 */

const METRIC_ID = 'm1';
const FLOORED_ID = 'floored';
const BAND_ID = 'band';

/** Whether a floor changes anything: a token, or a literal above 0. */
function hasFloor(floor: number): boolean {
  return Token.isUnresolved(floor) || floor > 0;
}

/** `IF(m1 >= <floor>, m1, 0)`: the metric, with periods below the floor counted as 0. */
function flooredExpression(floor: number): string {
  return `IF(${METRIC_ID} >= ${Tokenization.stringifyNumber(floor)}, ${METRIC_ID}, 0)`;
}

/**
 * What the alarm and its band read, for the dashboard: the metric, or with a floor the metric
 * with periods below the floor counted as 0.
 */
export function bandInput(metric: cloudwatch.Metric, floor: number): cloudwatch.IMetric {
  if (!hasFloor(floor)) return metric;
  return new cloudwatch.MathExpression({
    expression: flooredExpression(floor),
    usingMetrics: { [METRIC_ID]: metric },
    label: `${metric.metricName} (0 below ${Tokenization.stringifyNumber(floor)})`,
    period: metric.period,
  });
}

/** The band of `input` (a metric with a period and the Sum statistic, or `bandInput`'s expression), `width` standard deviations wide. */
export function anomalyBand(input: cloudwatch.IMetric, width: number, period: Duration): cloudwatch.MathExpression {
  const id = input instanceof cloudwatch.MathExpression ? FLOORED_ID : METRIC_ID;
  return new cloudwatch.MathExpression({
    expression: bandExpression(width, id),
    usingMetrics: { [id]: input },
    label: `Expected (band of ${Tokenization.stringifyNumber(width)} standard deviations)`,
    period,
  });
}

/**
 * Makes `alarm` fire when `metric` rises above its anomaly band instead of crossing a threshold;
 * with a floor above 0, when `IF(m1 >= floor, m1, 0)` rises above its band (the band is trained on
 * that expression: CloudWatch's anomaly detection takes a metric math expression as its input).
 */
export function useAnomalyBand(alarm: cloudwatch.Alarm, metric: cloudwatch.Metric, width: number, floor: number) {
  const cfn = alarm.node.defaultChild as cloudwatch.CfnAlarm;
  cfn.metricName = undefined;
  cfn.namespace = undefined;
  cfn.statistic = undefined;
  cfn.period = undefined;
  cfn.dimensions = undefined;
  cfn.threshold = undefined;
  cfn.comparisonOperator = 'GreaterThanUpperThreshold';
  cfn.thresholdMetricId = BAND_ID;
  const floored = hasFloor(floor);
  cfn.metrics = [
    {
      id: METRIC_ID,
      returnData: !floored,
      metricStat: {
        metric: { namespace: metric.namespace, metricName: metric.metricName },
        period: metric.period.toSeconds(),
        stat: 'Sum',
      },
    },
    ...(floored ? [{ id: FLOORED_ID, expression: flooredExpression(floor), returnData: true }] : []),
    { id: BAND_ID, expression: bandExpression(width, floored ? FLOORED_ID : METRIC_ID), returnData: true },
  ];
}

/** `ANOMALY_DETECTION_BAND(<id>, <width>)`; a token width stays a token (not its encoded number). */
function bandExpression(width: number, id: string): string {
  return `ANOMALY_DETECTION_BAND(${id}, ${Tokenization.stringifyNumber(width)})`;
}
