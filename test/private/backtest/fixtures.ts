/** Template resources the backtest tests share. */

/** An alarm above the anomaly band of Test/<metricName> (Sum per 5 minutes): one the engine cannot evaluate. */
export function anomalyBandAlarm(metricName = 'RejectedSsh') {
  return {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      Metrics: [
        { Id: 'm1', ReturnData: true, MetricStat: { Metric: { Namespace: 'Test', MetricName: metricName }, Period: 300, Stat: 'Sum' } },
        { Id: 'ad1', Expression: 'ANOMALY_DETECTION_BAND(m1, 2)', ReturnData: true },
      ],
      ThresholdMetricId: 'ad1',
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanUpperThreshold',
    },
  };
}
