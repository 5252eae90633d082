import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../examples/app';

/**
 * The example app is what users copy and what `npm run example` shows: its
 * whole template is snapshotted (a changed template fails until someone runs
 * `npm run test:update` on purpose), beside fine-grained checks of the
 * source document's scenario.
 */
describe('examples/app.ts', () => {
  const { stack } = buildApp();
  const template = Template.fromStack(stack);

  test('template snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('one role, one log group, one flow log per target, and nothing else of those kinds', () => {
    template.resourceCountIs('AWS::IAM::Role', 1);
    template.resourceCountIs('AWS::Logs::LogGroup', 1);
    template.resourceCountIs('AWS::EC2::FlowLog', 2);
    template.hasResourceProperties('AWS::EC2::FlowLog', { ResourceType: 'VPC' });
    template.hasResourceProperties('AWS::EC2::FlowLog', { ResourceType: 'NetworkInterface', ResourceId: 'eni-1a2b3c4d' });
  });

  test("the document's rejected-SSH metric filter and alarm, e-mailed", () => {
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '[version, account_id, interface_id, srcaddr, dstaddr, srcport, dstport=22, protocol=6, packets, bytes, start, end, action="REJECT", log_status]',
      MetricTransformations: [{ MetricValue: '1', DefaultValue: 0, MetricName: 'RejectedSsh', MetricNamespace: 'FlowLogs/FlowLogsExample/FlowLogs' }],
    });
    const topics = Object.keys(template.findResources('AWS::SNS::Topic'));
    expect(topics).toHaveLength(1);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'RejectedSsh',
      Statistic: 'Sum',
      Period: 3600,
      Threshold: 10,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      AlarmActions: [{ Ref: topics[0] }],
    });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'secops@example.com', TopicArn: { Ref: topics[0] } });
  });

  test('operations: rejected admin ports (22 || 3389) on an anomaly band, and the delivery health alarm', () => {
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '[version, account_id, interface_id, srcaddr, dstaddr, srcport, dstport=22 || dstport=3389, protocol=6, packets, bytes, start, end, action="REJECT", log_status]',
      MetricTransformations: [Match.objectLike({ MetricName: 'RejectedAdminPorts' })],
    });
    const topic = { Ref: Object.keys(template.findResources('AWS::SNS::Topic'))[0] };
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ComparisonOperator: 'GreaterThanUpperThreshold', ThresholdMetricId: 'band', AlarmActions: [topic],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Logs', MetricName: 'IncomingLogEvents', Period: 3600, TreatMissingData: 'missing', InsufficientDataActions: [topic],
    });
  });
});
