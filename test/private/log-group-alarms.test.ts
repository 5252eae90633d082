import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CfnElement, Duration, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { FlowLogBacktest, FlowLogsToCloudWatch } from '../../lib';
import { build, ENI_TARGET, newStack } from '../util';

function alarmsOf(template: Template): Record<string, any> {
  return template.findResources('AWS::CloudWatch::Alarm');
}

describe('delivery health', () => {
  test('no records: IncomingLogEvents of the group, missing data as missing, the detections\' destinations on INSUFFICIENT_DATA', () => {
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
      TreatMissingData: 'missing',
      InsufficientDataActions: [{ Ref: topicId }],
      // never reached (a count of records is never below 1): there for Control Tower's CT.CLOUDWATCH.PR.1
      AlarmActions: [{ Ref: topicId }],
      AlarmDescription: Match.stringLikeRegexp('^INSUFFICIENT_DATA means the flow log group received no records for about 3 x 2 hours'),
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
      InsufficientDataActions: [{ Ref: Match.stringLikeRegexp('^Ops') }],
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

  describe('over time (backtest of the synthesized alarm, 30-minute period)', () => {
    const MINUTE = 60_000;
    const T0 = Date.parse('2026-01-05T00:00:00Z');
    let dir: string;
    beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'health-')); });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    /** Records every 10 minutes from `first` (minutes after T0) to the end, except in `gaps`, ingested 8 minutes later. */
    function events(file: string, first: number, end: number, gaps: Array<[number, number]> = []) {
      const pages = [];
      for (let m = first; m < end; m += 10) {
        if (gaps.some(([a, b]) => m >= a && m < b)) continue;
        const start = T0 + m * MINUTE;
        pages.push({ timestamp: start, ingestionTime: start + 8 * MINUTE, message: `2 123456789012 eni-1a2b3c4d 10.0.0.5 10.0.0.9 40000 443 6 10 800 ${start / 1000} ${start / 1000 + 50} ACCEPT OK` });
      }
      fs.writeFileSync(path.join(dir, file), JSON.stringify({ events: pages }));
      return path.join(dir, file);
    }

    function health(file: string, hours: number) {
      const stack = newStack();
      const c = new FlowLogsToCloudWatch(stack, 'FlowLogs', { targets: [ENI_TARGET], deliveryHealthPeriod: Duration.minutes(30), alarmEmails: ['secops@example.com'] });
      const report = FlowLogBacktest.run({
        stack, eventFiles: [file], startTime: new Date(T0).toISOString(), endTime: new Date(T0 + hours * 60 * MINUTE).toISOString(),
      });
      return report.alarms.find(a => a.logicalId === stack.getLogicalId(c.deliveryHealthAlarm!.node.defaultChild as CfnElement))!;
    }

    test('a healthy first deploy (first records 13 minutes in) does not notify', () => {
      const a = health(events('first.json', 5, 6 * 60), 6);
      expect(a.notifications).toEqual([]);
      expect(a.transitions.map(t => [t.fromState, t.toState])).toEqual([['INSUFFICIENT_DATA', 'OK']]);
    });

    test('a 4-hour outage notifies once, about 3 periods after the last record, and clears when records return', () => {
      const a = health(events('outage.json', 0, 10 * 60, [[120, 360]]), 10);
      expect(a.notifications).toHaveLength(1);
      expect(a.notifications[0].toState).toBe('INSUFFICIENT_DATA');
      // Last record before the outage: minute 110, ingested at 118; silent range of 3 x 30 minutes from then.
      expect(a.notifications[0].time).toBe(new Date(T0 + (118 + 1 + 90) * MINUTE).toISOString());
      expect(a.finalState).toBe('OK');
    });

    test('an outage shorter than the evaluation range does not notify', () => {
      const a = health(events('short.json', 0, 6 * 60, [[120, 180]]), 6);
      expect(a.notifications).toEqual([]);
    });
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
