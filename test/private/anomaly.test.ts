import { Duration, Token } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { FlowLogComparison, FlowLogDetection, FlowLogField, FlowLogFilter } from '../../lib';
import { build } from '../util';

describe('anomaly detection bands', () => {
  test('the alarm compares the metric, floored at the preset\'s threshold, with its ANOMALY_DETECTION_BAND: above the band, no fixed threshold', () => {
    const { template } = build({ detections: [FlowLogDetection.rejectedSsh({ anomalyBandWidth: 3, period: Duration.minutes(15) })] });
    const [alarm] = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((r: any) => r.Properties);
    expect(alarm.ComparisonOperator).toBe('GreaterThanUpperThreshold');
    expect(alarm.ThresholdMetricId).toBe('band');
    expect(alarm.Metrics).toEqual([
      { Id: 'm1', ReturnData: false, MetricStat: { Metric: { Namespace: 'FlowLogs/TestStack/FlowLogs', MetricName: 'RejectedSsh' }, Period: 900, Stat: 'Sum' } },
      { Id: 'floored', Expression: 'IF(m1 >= 10, m1, 0)', ReturnData: true },
      { Id: 'band', Expression: 'ANOMALY_DETECTION_BAND(floored, 3)', ReturnData: true },
    ]);
    for (const absent of ['Threshold', 'MetricName', 'Namespace', 'Statistic', 'Period', 'Dimensions']) expect(alarm[absent]).toBeUndefined();
    // The metric filter is unchanged: it writes the metric the band is computed on.
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      MetricTransformations: [Match.objectLike({ MetricName: 'RejectedSsh', MetricNamespace: 'FlowLogs/TestStack/FlowLogs' })],
    });
  });

  test('anomalyBandFloor 0: the alarm compares the metric itself with ANOMALY_DETECTION_BAND(m1, width)', () => {
    const { template } = build({ detections: [FlowLogDetection.rejectedTraffic({ anomalyBandWidth: 2, anomalyBandFloor: 0 })] });
    const [alarm] = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((r: any) => r.Properties);
    expect(alarm.Metrics).toEqual([
      { Id: 'm1', ReturnData: true, MetricStat: { Metric: { Namespace: 'FlowLogs/TestStack/FlowLogs', MetricName: 'RejectedTraffic' }, Period: 3600, Stat: 'Sum' } },
      { Id: 'band', Expression: 'ANOMALY_DETECTION_BAND(m1, 2)', ReturnData: true },
    ]);
  });

  test.each([
    ['rejectedSsh', FlowLogDetection.rejectedSsh({ anomalyBandWidth: 2 }), 10],
    ['rejectedRdp', FlowLogDetection.rejectedRdp({ anomalyBandWidth: 2 }), 10],
    ['rejectedAdminPorts', FlowLogDetection.rejectedAdminPorts({ anomalyBandWidth: 2 }), 10],
    ['rejectedAdminPortsFromInside', FlowLogDetection.rejectedAdminPortsFromInside({ anomalyBandWidth: 2 }), 5],
    ['rejectedTraffic', FlowLogDetection.rejectedTraffic({ anomalyBandWidth: 2 }), 100],
    ['custom', FlowLogDetection.custom({ name: 'Egress', filter: FlowLogFilter.all(), anomalyBandWidth: 2 }), 0],
    ['a given floor', FlowLogDetection.rejectedSsh({ anomalyBandWidth: 2, anomalyBandFloor: 25 }), 25],
  ])('the floor of %s by default is its threshold', (_name, d, floor) => {
    expect(d.anomalyBandFloor).toBe(floor);
  });

  test('without a band there is no floor', () => {
    expect(FlowLogDetection.rejectedSsh().anomalyBandFloor).toBeUndefined();
  });

  test.each([-1, NaN, Infinity])('a floor of %p is refused', (anomalyBandFloor) => {
    expect(() => FlowLogDetection.rejectedSsh({ anomalyBandWidth: 2, anomalyBandFloor }))
      .toThrow(/`anomalyBandFloor` must be a number of 0 or more/);
  });

  test('a floor without a band is refused (it would be ignored)', () => {
    expect(() => FlowLogDetection.rejectedSsh({ anomalyBandFloor: 5 }))
      .toThrow(/detection "RejectedSsh" has `anomalyBandFloor` without `anomalyBandWidth`/);
  });

  test('the history query of a band detection marks the periods at or above its floor; without a floor, none', () => {
    const withFloor = build({ detections: [FlowLogDetection.rejectedSsh({ anomalyBandWidth: 2 })] }).template;
    withFloor.hasResourceProperties('AWS::Logs::QueryDefinition', {
      QueryString: Match.stringLikeRegexp('stats count\\(\\*\\) as matches, least\\(greatest\\(floor\\(count\\(\\*\\) - 10 \\+ 1\\), 0\\), 1\\) as atFloor by bin\\(60m\\)'),
    });
    const noFloor = build({ detections: [FlowLogDetection.rejectedSsh({ anomalyBandWidth: 2, anomalyBandFloor: 0 })] }).template;
    const [q] = Object.values(noFloor.findResources('AWS::Logs::QueryDefinition')).map((r: any) => r.Properties.QueryString);
    expect(q).toMatch(/\| stats count\(\*\) as matches by bin\(60m\)\n/);
  });

  test('the dashboard graphs what the alarm reads with its band', () => {
    const { template } = build({ dashboard: true, detections: [FlowLogDetection.rejectedSsh({ anomalyBandWidth: 2 })] });
    const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard')) as any[];
    const body = JSON.parse((dashboard.Properties.DashboardBody['Fn::Join'][1] as unknown[]).map(p => (typeof p === 'string' ? p : 'REGION')).join(''));
    const [widget] = body.widgets;
    expect(widget.properties.title).toBe('RejectedSsh (alarm above the anomaly band)');
    expect(widget.properties.metrics).toEqual([
      [{ label: 'RejectedSsh (0 below 10)', expression: 'IF(m1 >= 10, m1, 0)', period: 3600, id: 'floored' }],
      ['FlowLogs/TestStack/FlowLogs', 'RejectedSsh', { period: 3600, stat: 'Sum', visible: false, id: 'm1' }],
      [{ label: 'Expected (band of 2 standard deviations)', expression: 'ANOMALY_DETECTION_BAND(floored, 2)', period: 3600 }],
    ]);
  });

  test('the dashboard without a floor graphs the metric with its band', () => {
    const { template } = build({ dashboard: true, detections: [FlowLogDetection.rejectedSsh({ anomalyBandWidth: 2, anomalyBandFloor: 0 })] });
    const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard')) as any[];
    const body = JSON.parse((dashboard.Properties.DashboardBody['Fn::Join'][1] as unknown[]).map(p => (typeof p === 'string' ? p : 'REGION')).join(''));
    expect(body.widgets[0].properties.metrics).toEqual([
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

  test('a token width or floor skips the check and stays a token in the expression', () => {
    const d = FlowLogDetection.rejectedSsh({ anomalyBandWidth: Token.asNumber({ Ref: 'Width' }), anomalyBandFloor: Token.asNumber({ Ref: 'Floor' }) });
    build({ detections: [d] }).template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([
        { Id: 'floored', ReturnData: true, Expression: { 'Fn::Join': ['', ['IF(m1 >= ', { Ref: 'Floor' }, ', m1, 0)']] } },
        { Id: 'band', ReturnData: true, Expression: { 'Fn::Join': ['', ['ANOMALY_DETECTION_BAND(floored, ', { Ref: 'Width' }, ')']] } },
      ]),
    });
  });
});
