import { Tokenization } from 'aws-cdk-lib';
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
const BAND_ID = 'band';

/** The band of `metric` (a metric with a period and the Sum statistic), `width` standard deviations wide. */
export function anomalyBand(metric: cloudwatch.Metric, width: number): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({
    expression: bandExpression(width),
    usingMetrics: { [METRIC_ID]: metric },
    label: `Expected (band of ${Tokenization.stringifyNumber(width)} standard deviations)`,
    period: metric.period,
  });
}

/** Makes `alarm` fire when `metric` rises above its anomaly band instead of crossing a threshold. */
export function useAnomalyBand(alarm: cloudwatch.Alarm, metric: cloudwatch.Metric, width: number) {
  const cfn = alarm.node.defaultChild as cloudwatch.CfnAlarm;
  cfn.metricName = undefined;
  cfn.namespace = undefined;
  cfn.statistic = undefined;
  cfn.period = undefined;
  cfn.dimensions = undefined;
  cfn.threshold = undefined;
  cfn.comparisonOperator = 'GreaterThanUpperThreshold';
  cfn.thresholdMetricId = BAND_ID;
  cfn.metrics = [
    {
      id: METRIC_ID,
      returnData: true,
      metricStat: {
        metric: { namespace: metric.namespace, metricName: metric.metricName },
        period: metric.period.toSeconds(),
        stat: 'Sum',
      },
    },
    { id: BAND_ID, expression: bandExpression(width), returnData: true },
  ];
}

/** `ANOMALY_DETECTION_BAND(m1, <width>)`; a token width stays a token (not its encoded number). */
function bandExpression(width: number): string {
  return `ANOMALY_DETECTION_BAND(${METRIC_ID}, ${Tokenization.stringifyNumber(width)})`;
}
