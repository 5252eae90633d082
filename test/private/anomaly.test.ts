import { Duration, Token } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { FlowLogComparison, FlowLogDetection, FlowLogField, FlowLogFilter } from '../../lib';
import { build } from '../util';

describe('anomaly detection bands', () => {
  test('the alarm compares the metric with ANOMALY_DETECTION_BAND(m1, width): above the band, no fixed threshold', () => {
    const { template } = build({ detections: [FlowLogDetection.rejectedSsh({ anomalyBandWidth: 3, period: Duration.minutes(15) })] });
    const [alarm] = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((r: any) => r.Properties);
    expect(alarm.ComparisonOperator).toBe('GreaterThanUpperThreshold');
    expect(alarm.ThresholdMetricId).toBe('band');
    expect(alarm.Metrics).toEqual([
      { Id: 'm1', ReturnData: true, MetricStat: { Metric: { Namespace: 'FlowLogs/TestStack/FlowLogs', MetricName: 'RejectedSsh' }, Period: 900, Stat: 'Sum' } },
      { Id: 'band', Expression: 'ANOMALY_DETECTION_BAND(m1, 3)', ReturnData: true },
    ]);
    for (const absent of ['Threshold', 'MetricName', 'Namespace', 'Statistic', 'Period', 'Dimensions']) expect(alarm[absent]).toBeUndefined();
    // The metric filter is unchanged: it writes the metric the band is computed on.
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      MetricTransformations: [Match.objectLike({ MetricName: 'RejectedSsh', MetricNamespace: 'FlowLogs/TestStack/FlowLogs' })],
    });
  });

  test('the dashboard graphs the metric with its band', () => {
    const { template } = build({ dashboard: true, detections: [FlowLogDetection.rejectedSsh({ anomalyBandWidth: 2 })] });
    const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard')) as any[];
    const body = JSON.parse((dashboard.Properties.DashboardBody['Fn::Join'][1] as unknown[]).map(p => (typeof p === 'string' ? p : 'REGION')).join(''));
    const [widget] = body.widgets;
    expect(widget.properties.title).toBe('RejectedSsh (alarm above the anomaly band)');
    expect(widget.properties.metrics).toEqual([
      ['FlowLogs/TestStack/FlowLogs', 'RejectedSsh', { period: 3600, stat: 'Sum', id: 'm1' }],
      [{ label: 'Expected (band of 2 standard deviations)', expression: 'ANOMALY_DETECTION_BAND(m1, 2)', period: 3600 }],
    ]);
  });

  test('a custom detection with a band needs no threshold; a fixed-threshold detection beside it is unchanged', () => {
    const { template } = build({
      detections: [
        FlowLogDetection.custom({ name: 'Egress', filter: FlowLogFilter.all().whereNumber(FlowLogField.BYTES, FlowLogComparison.GREATER_THAN, 0), anomalyBandWidth: 2, valueField: FlowLogField.BYTES }),
        FlowLogDetection.rejectedSsh(),
      ],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { ThresholdMetricId: 'band' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Threshold: 10, ComparisonOperator: 'GreaterThanOrEqualToThreshold', ThresholdMetricId: Match.absent() });
  });

  test.each([0, -1, NaN, Infinity])('a band width of %p is refused', (anomalyBandWidth) => {
    expect(() => FlowLogDetection.rejectedSsh({ anomalyBandWidth }))
      .toThrow(`FlowLogDetection.rejectedSsh: \`anomalyBandWidth\` must be a number of standard deviations greater than 0, got ${anomalyBandWidth}.`);
  });

  test('threshold and a band together are refused (one would be ignored)', () => {
    expect(() => FlowLogDetection.rejectedSsh({ anomalyBandWidth: 2, threshold: 5 }))
      .toThrow(/detection "RejectedSsh" has both `threshold` and `anomalyBandWidth`/);
    expect(() => FlowLogDetection.custom({ name: 'X', filter: FlowLogFilter.all() }))
      .toThrow(/`threshold` is required for detection "X".*or give `anomalyBandWidth`/);
  });

  test('a token width skips the check and stays a token in the expression', () => {
    const d = FlowLogDetection.rejectedSsh({ anomalyBandWidth: Token.asNumber({ Ref: 'Width' }) });
    build({ detections: [d] }).template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([{ Id: 'band', ReturnData: true, Expression: { 'Fn::Join': ['', ['ANOMALY_DETECTION_BAND(m1, ', { Ref: 'Width' }, ')']] } }]),
    });
  });
});
