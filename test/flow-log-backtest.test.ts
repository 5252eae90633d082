/**
 * FlowLogBacktest.run, the jsii API of the backtest engine: on a synthesized template file and on
 * a stack of the library's own construct (the document's rejected-SSH detection).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { FlowLogBacktest, FlowLogBacktestReport, FlowLogDetection, FlowLogsToCloudWatch, FlowLogTarget } from '../lib';
import { newStack } from './util';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 5, 0, 0, 0);
const at = (m: number) => new Date(T0 + m * MIN).toISOString();

let dir: string;
let sshEvents: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flow-log-backtest-'));
  // 15 rejected SSH records (default format) in minute 10, one a few seconds after another
  const events = Array.from({ length: 15 }, (_, i) => {
    const timestamp = T0 + 10 * MIN + 2000 + i * 3000;
    const s = Math.floor(timestamp / 1000);
    return { timestamp, ingestionTime: timestamp, message: `2 123456789012 eni-1a2b3c4d 203.0.113.${i + 1} 10.0.0.5 ${40000 + i} 22 6 1 40 ${s} ${s + 30} REJECT OK` };
  });
  sshEvents = path.join(dir, 'ssh.json');
  fs.writeFileSync(sshEvents, JSON.stringify({ events }));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function flowLogStack(withEmails: boolean): Stack {
  const stack = newStack();
  new FlowLogsToCloudWatch(stack, 'FlowLogs', {
    targets: [FlowLogTarget.fromNetworkInterfaceId('eni-1a2b3c4d')],
    detections: [FlowLogDetection.rejectedSsh()],
    alarmEmails: withEmails ? ['secops@example.com'] : undefined,
  });
  return stack;
}

function templateOf(stack: Stack): string {
  const p = path.join(dir, `${Math.random().toString(36).slice(2)}.template.json`);
  fs.writeFileSync(p, JSON.stringify(Template.fromStack(stack).toJSON()));
  return p;
}

function rejectedSsh(report: FlowLogBacktestReport) {
  const alarms = report.alarms.filter(a => /RejectedSsh/.test(a.logicalId));
  expect(alarms).toHaveLength(1);
  return alarms[0];
}

/** The rejected-SSH alarm (>= 10 in 1 hour, missing data not breaching, DefaultValue 0) from minute 0 to 20. */
const TRANSITIONS = [
  // no events yet: every datapoint missing, treated as not breaching
  { time: at(1), fromState: 'INSUFFICIENT_DATA', toState: 'OK' },
  // the 15 records of minute 10 are in the newest hour from minute 11
  { time: at(11), fromState: 'OK', toState: 'ALARM' },
];

describe('FlowLogBacktest.run', () => {
  test('with `templateFile`: 15 rejected SSH records in one minute notify (an SNS action with alarmEmails)', () => {
    const template = templateOf(flowLogStack(true));
    const report = FlowLogBacktest.run({ templateFile: template, eventFiles: [sshEvents], startTime: at(0), endTime: at(20) });
    expect([report.startTime, report.endTime]).toEqual([at(0), at(20)]);
    expect(report.events).toBe(15);
    expect(report.logGroup).toMatch(/^\/vpc-flow-logs\//);
    const alarm = rejectedSsh(report);
    expect(alarm.evaluated).toBe(true);
    expect(alarm.reason).toBeUndefined();
    expect(alarm.finalState).toBe('ALARM');
    expect(alarm.transitions).toEqual(TRANSITIONS);
    expect(alarm.notifications).toEqual([TRANSITIONS[1]]);
  });

  test('with `stack`: the same', () => {
    const report = FlowLogBacktest.run({ stack: flowLogStack(true), eventFiles: [sshEvents], startTime: at(0), endTime: at(20) });
    const alarm = rejectedSsh(report);
    expect(alarm.transitions).toEqual(TRANSITIONS);
    expect(alarm.notifications).toEqual([TRANSITIONS[1]]);
  });

  test('without alarmEmails the alarm has no action: it goes to ALARM without a notification', () => {
    const report = FlowLogBacktest.run({ stack: flowLogStack(false), eventFiles: [sshEvents], startTime: at(0), endTime: at(20) });
    const alarm = rejectedSsh(report);
    expect(alarm.finalState).toBe('ALARM');
    expect(alarm.notifications).toEqual([]);
  });

  test('9 rejected SSH records: no ALARM', () => {
    const few = path.join(dir, 'few.json');
    fs.writeFileSync(few, JSON.stringify({ events: JSON.parse(fs.readFileSync(sshEvents, 'utf8')).events.slice(0, 9) }));
    const report = FlowLogBacktest.run({ stack: flowLogStack(true), eventFiles: [few], startTime: at(0), endTime: at(20) });
    const alarm = rejectedSsh(report);
    expect(alarm.transitions).toEqual([TRANSITIONS[0]]);
    expect(alarm.notifications).toEqual([]);
  });

  test('the default window: the first event\'s minute to the minute after the last ingestion', () => {
    const report = FlowLogBacktest.run({ stack: flowLogStack(true), eventFiles: [sshEvents] });
    expect([report.startTime, report.endTime]).toEqual([at(10), at(11)]);
    expect(rejectedSsh(report).notifications).toEqual([{ time: at(11), fromState: 'INSUFFICIENT_DATA', toState: 'ALARM' }]);
  });

  test('logGroup: the construct\'s log group by its logical ID', () => {
    const stack = flowLogStack(true);
    const groups = Object.keys(Template.fromStack(stack).findResources('AWS::Logs::LogGroup'));
    expect(groups).toHaveLength(1);
    const report = FlowLogBacktest.run({ templateFile: templateOf(stack), eventFiles: [sshEvents], logGroup: groups[0] });
    expect(rejectedSsh(report).finalState).toBe('ALARM');
  });
});

describe('FlowLogBacktest.run: bad input', () => {
  function runError(fn: () => unknown): string {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(Error);
      return (e as Error).message;
    }
    throw new Error('no error');
  }

  test('an events file that is not an accepted shape', () => {
    const text = path.join(dir, 'notes.txt');
    fs.writeFileSync(text, 'not flow logs\n');
    const message = runError(() => FlowLogBacktest.run({ stack: flowLogStack(true), eventFiles: [text] }));
    expect(message).toMatch(/^FlowLogBacktest\.run: /);
    expect(message).toMatch(/notes\.txt is not one of the accepted event files/);
  });

  test('endTime before startTime', () => {
    const message = runError(() => FlowLogBacktest.run({ stack: flowLogStack(true), eventFiles: [sshEvents], startTime: at(20), endTime: at(10) }));
    expect(message).toMatch(/^FlowLogBacktest\.run: .*before/);
  });

  test('a template file without alarms', () => {
    const empty = path.join(dir, 'no-alarms.json');
    fs.writeFileSync(empty, JSON.stringify({ Resources: { Topic: { Type: 'AWS::SNS::Topic' } } }));
    expect(runError(() => FlowLogBacktest.run({ templateFile: empty, eventFiles: [sshEvents] })))
      .toMatch(/^FlowLogBacktest\.run: .*no AWS::CloudWatch::Alarm/);
  });

  test('both `templateFile` and `stack`, or neither', () => {
    const stack = flowLogStack(true);
    const both = runError(() => FlowLogBacktest.run({ templateFile: templateOf(stack), stack, eventFiles: [sshEvents] }));
    expect(both).toMatch(/^FlowLogBacktest\.run: give exactly one of `templateFile`/);
    const neither = runError(() => FlowLogBacktest.run({ eventFiles: [sshEvents] }));
    expect(neither).toMatch(/^FlowLogBacktest\.run: give exactly one of `templateFile`/);
  });

  test('a stack without alarms', () => {
    const stack = newStack();
    new FlowLogsToCloudWatch(stack, 'FlowLogs', { targets: [FlowLogTarget.fromNetworkInterfaceId('eni-1a2b3c4d')] });
    expect(runError(() => FlowLogBacktest.run({ stack, eventFiles: [sshEvents] }))).toMatch(/^FlowLogBacktest\.run: .*no AWS::CloudWatch::Alarm/);
  });
});
