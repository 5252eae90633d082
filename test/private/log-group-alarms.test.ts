import { Duration, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { FlowLogsToCloudWatch } from '../../lib';
import { build, ENI_TARGET, newStack } from '../util';

function alarmsOf(template: Template): Record<string, any> {
  return template.findResources('AWS::CloudWatch::Alarm');
}

describe('delivery health', () => {
  test('no records for the period: IncomingLogEvents of the group < 1, missing data breaching, the detections\' destinations', () => {
    const { c, template } = build({ deliveryHealthPeriod: Duration.hours(2), alarmEmails: ['secops@example.com'] });
    expect(c.deliveryHealthAlarm).toBeDefined();
    const groupId = Object.keys(template.findResources('AWS::Logs::LogGroup'))[0];
    const topicId = Object.keys(template.findResources('AWS::SNS::Topic'))[0];
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Logs',
      MetricName: 'IncomingLogEvents',
      Dimensions: [{ Name: 'LogGroupName', Value: { Ref: groupId } }],
      Statistic: 'Sum',
      Period: 7200,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'breaching',
      AlarmActions: [{ Ref: topicId }],
    });
  });

  test('on a supplied log group, with alarmActions first; no "alarm without detection" warning', () => {
    const stack = newStack();
    const topic = new sns.Topic(stack, 'Ops');
    const logGroup = logs.LogGroup.fromLogGroupName(stack, 'Existing', 'existing-flow-logs');
    new FlowLogsToCloudWatch(stack, 'FlowLogs', {
      targets: [ENI_TARGET], logGroup, deliveryHealthPeriod: Duration.hours(1), alarmActions: [new cw_actions.SnsAction(topic)],
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Dimensions: [{ Name: 'LogGroupName', Value: 'existing-flow-logs' }],
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^Ops') }],
    });
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });

  test('a period under 15 minutes is warned about (records come in batches)', () => {
    const stack = newStack();
    build({ deliveryHealthPeriod: Duration.minutes(5) }, stack);
    Annotations.fromStack(stack).hasWarning('/TestStack/FlowLogs', Match.stringLikeRegexp('`deliveryHealthPeriod` is 5 minutes: flow logs publish records in batches'));
  });

  test.each([
    [Duration.seconds(30), /whole number of minutes from 1 minute to 1 day.*got 30 seconds/],
    [Duration.seconds(90), /got 1 minute 30 seconds/],
    [Duration.days(2), /got 2 days/],
  ])('invalid period %s', (period, message) => {
    expect(() => build({ deliveryHealthPeriod: period })).toThrow(message);
  });

  test('a token period is refused (it must be checked)', () => {
    expect(() => build({ deliveryHealthPeriod: Duration.seconds(Token.asNumber({ Ref: 'P' })) })).toThrow(/`deliveryHealthPeriod` is a token/);
  });

  test('none by default', () => {
    const { c, template } = build({});
    expect(c.deliveryHealthAlarm).toBeUndefined();
    expect(Object.keys(alarmsOf(template))).toEqual([]);
  });
});

describe('ingestion budget', () => {
  test('IncomingBytes of the group over one day > the budget in GB (2^30 bytes)', () => {
    const { c, template } = build({ ingestionBudgetGb: 2.5 });
    expect(c.ingestionBudgetAlarm).toBeDefined();
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Logs',
      MetricName: 'IncomingBytes',
      Statistic: 'Sum',
      Period: 86400,
      Threshold: 2.5 * 1024 ** 3,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
  });

  test.each([0, -1, NaN, Infinity])('a budget of %p is refused', (ingestionBudgetGb) => {
    expect(() => build({ ingestionBudgetGb })).toThrow(/`ingestionBudgetGb` must be a number of GB greater than 0/);
  });

  test('a token budget skips the check', () => {
    build({ ingestionBudgetGb: Token.asNumber({ Ref: 'Budget' }) }).template
      .hasResourceProperties('AWS::CloudWatch::Alarm', { Threshold: { Ref: 'Budget' } });
  });
});
