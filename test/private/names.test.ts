import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import {
  FlowLogDetection, FlowLogsToCloudWatch,
  FlowLogTarget,
} from '../../lib';
import { ENI, ENI_TARGET, newStack } from '../util';

describe('metric identity', () => {
  test('two constructs in two stacks do not share a metric by default', () => {
    const app = new App();
    const stacks = ['Prod', 'Staging'].map(name => {
      const stack = new Stack(app, name);
      new FlowLogsToCloudWatch(stack, 'FlowLogs', { targets: [ENI_TARGET], detections: [FlowLogDetection.rejectedSsh()] });
      return stack;
    });
    const namespaces = stacks.map(stack => {
      const [filter] = Object.values(Template.fromStack(stack).findResources('AWS::Logs::MetricFilter'));
      const t = filter.Properties.MetricTransformations[0];
      return `${t.MetricNamespace}|${t.MetricName}`;
    });
    expect(namespaces[0]).not.toEqual(namespaces[1]);
  });

  test('two constructs in one stack do not share a metric by default', () => {
    const stack = newStack();
    new FlowLogsToCloudWatch(stack, 'A', { targets: [ENI_TARGET], detections: [FlowLogDetection.rejectedSsh()] });
    new FlowLogsToCloudWatch(stack, 'B', { targets: [ENI_TARGET], detections: [FlowLogDetection.rejectedSsh()] });
    const ns = Object.values(Template.fromStack(stack).findResources('AWS::Logs::MetricFilter'))
      .map(f => f.Properties.MetricTransformations[0].MetricNamespace);
    expect(new Set(ns).size).toBe(2);
  });
});

describe('printable names', () => {
  test('construct paths with non-ASCII IDs give printable ASCII descriptions', () => {
    const stack = newStack();
    new FlowLogsToCloudWatch(stack, 'Flüsse', { targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)] });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Role', { Description: 'Delivers VPC flow logs to CloudWatch Logs (TestStack/Fl_sse)' });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', { Description: Match.stringLikeRegexp('\\(TestStack/Fl_sse\\)$') });
  });
});
