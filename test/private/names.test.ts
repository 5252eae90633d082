import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import {
  FlowLogDetection, FlowLogsToCloudWatch,
  FlowLogTarget,
} from '../../lib';
import { checkItemName, isMetricText } from '../../lib/private/names';
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

describe('isMetricText', () => {
  // PutMetricFilter's MetricTransformation: metricName and metricNamespace are at most 255
  // characters of the pattern [^:*$]*.
  // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_MetricTransformation.html
  test.each(['RejectedSsh', 'Flow Logs/Rejected-SSH_2', 'a'.repeat(255)])('accepts %j', (value) => {
    expect(isMetricText(value)).toBe(true);
  });

  test.each(['a:b', 'a*', 'cost$', '', 'a'.repeat(256), ' leading', 'trailing ', 'tab\there', 'ünïcode'])('refuses %j', (value) => {
    expect(isMetricText(value)).toBe(false);
  });
});

describe('checkItemName', () => {
  test.each(['A', 'RejectedSsh', 'rejected_ssh-2', 'x'.repeat(64)])('accepts %j', (name) => {
    expect(() => checkItemName('FlowLogQuery', name)).not.toThrow();
  });

  test.each(['', '1x', '-x', '_x', 'has space', 'a.b', 'a/b', 'x'.repeat(65), 'ünïcode'])('refuses %j, naming the owner', (name) => {
    expect(() => checkItemName('FlowLogDetection', name)).toThrow(
      "FlowLogDetection: `name` must be 1-64 letters, digits, '-' or '_', starting with a letter (it names constructs and default names); got " + JSON.stringify(name) + '.',
    );
  });
});
