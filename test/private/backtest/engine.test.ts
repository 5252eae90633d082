/**
 * The backtest engine end to end (lib/private/backtest/run.ts runSync): small templates written
 * here as JSON, events written here, and every transition and notification computed by hand from
 * AWS's rules (alarms evaluated every minute on sliding periods: at minute t the newest period is
 * [t - Period, t); the evaluation range is EvaluationPeriods + 2 periods; a datapoint is visible
 * once its event was ingested; metric filters publish per event minute, their DefaultValue in
 * minutes with events but no match, nothing in minutes without events).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { anomalyBandAlarm } from './fixtures';
import { EngineResult } from '../../../lib/private/backtest/engine';
import { run as runAsync, runSync } from '../../../lib/private/backtest/run';
import { ContributorSeries } from '../../../lib/private/backtest/series';
import { BacktestInputError } from '../../../lib/private/backtest/template';

const MIN = 60_000;
/** Minute 0 of every scenario. */
const T0 = Date.UTC(2026, 0, 5, 0, 0, 0);
/** The ISO time of minute `m`. */
const at = (m: number) => new Date(T0 + m * MIN).toISOString();

let dir: string;
beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backtest-engine-')); });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let files = 0;

interface Rec { src?: string; dstport?: number; protocol?: number; action?: string; bytes?: number }
/** A default-format flow log record starting at `ms`. */
function record(ms: number, r: Rec = {}): string {
  const start = Math.floor(ms / 1000);
  return `2 123456789012 eni-1a2b3c4d ${r.src ?? '203.0.113.7'} 10.0.0.5 40000 ${r.dstport ?? 22} ${r.protocol ?? 6} 1 ${r.bytes ?? 40} ${start} ${start + 60} ${r.action ?? 'REJECT'} OK`;
}

interface Ev { timestamp: number; ingestionTime?: number; message: string }
/** `n` events in minute `m` (a second apart, from second 5), ingested `lateMinutes` later. */
function burst(m: number, n: number, r: Rec | ((i: number) => Rec) = {}, lateMinutes = 0): Ev[] {
  return Array.from({ length: n }, (_, i) => {
    const timestamp = T0 + m * MIN + 5000 + i * (50_000 / Math.max(n, 1));
    return { timestamp, ingestionTime: timestamp + lateMinutes * MIN, message: record(timestamp, typeof r === 'function' ? r(i) : r) };
  });
}
/** One accepted (non-matching) HTTPS record per minute, minutes `from` to `to` inclusive. */
function background(from: number, to: number): Ev[] {
  const out: Ev[] = [];
  for (let m = from; m <= to; m++) out.push(...burst(m, 1, { dstport: 443, action: 'ACCEPT' }));
  return out;
}

function eventsFile(events: Ev[]): string {
  const p = path.join(dir, `events-${++files}.json`);
  fs.writeFileSync(p, JSON.stringify({ events: [...events].sort((a, b) => a.timestamp - b.timestamp) }));
  return p;
}

function templateFile(resources: Record<string, unknown>): string {
  const p = path.join(dir, `template-${++files}.json`);
  fs.writeFileSync(p, JSON.stringify({ Resources: resources }, null, 1));
  return p;
}

const SSH_PATTERN = '[version, account, eni, source, destination, srcport, destport="22", protocol="6", packets, bytes, windowstart, windowend, action="REJECT", flowlogstatus]';
const RDP_PATTERN = '[version, account, eni, source, destination, srcport, destport=3389, protocol=6, packets, bytes, windowstart, windowend, action=REJECT, flowlogstatus]';
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:alarms';

const LOG_GROUP = { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: 'flow-logs', RetentionInDays: 30 } };

function metricFilter(metricName: string, opts: { pattern?: string; defaultValue?: number; value?: string; group?: unknown } = {}) {
  return {
    Type: 'AWS::Logs::MetricFilter',
    Properties: {
      LogGroupName: opts.group ?? { Ref: 'LogGroup' },
      FilterPattern: opts.pattern ?? SSH_PATTERN,
      MetricTransformations: [{
        MetricNamespace: 'Test',
        MetricName: metricName,
        MetricValue: opts.value ?? '1',
        ...(opts.defaultValue === undefined ? {} : { DefaultValue: opts.defaultValue }),
      }],
    },
  };
}

/** A single-metric alarm: by default Sum >= 10 of Test/<metricName> per 60 minutes, 1 of 1. */
function alarm(metricName: string, props: Record<string, unknown> = {}) {
  return {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      Namespace: 'Test',
      MetricName: metricName,
      Statistic: 'Sum',
      Period: 3600,
      EvaluationPeriods: 1,
      Threshold: 10,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      ...props,
    },
  };
}

const CLF_FIELDS = {
  1: 'version',
  2: 'account-id',
  3: 'interface-id',
  4: 'srcaddr',
  5: 'dstaddr',
  6: 'srcport',
  7: 'dstport',
  8: 'protocol',
  9: 'packets',
  10: 'bytes',
  11: 'start',
  12: 'end',
  13: 'action',
  14: 'log-status',
};
/** A Contributor Insights rule: rejected records per source address. */
function ruleBody(logGroupName: string) {
  return {
    Schema: { Name: 'CloudWatchLogRule', Version: 1 },
    LogGroupNames: [logGroupName],
    LogFormat: 'CLF',
    Fields: CLF_FIELDS,
    Contribution: { Keys: ['srcaddr'], Filters: [{ Match: 'action', In: ['REJECT'] }] },
    AggregateOn: 'Count',
  };
}

function run(resources: Record<string, unknown>, events: Ev[] | Ev[][], opts: { from?: number; to?: number; logGroup?: string } = {}): EngineResult {
  const lists = Array.isArray(events[0]) ? events as Ev[][] : [events as Ev[]];
  return runSync({
    template: templateFile(resources),
    events: lists.map(eventsFile),
    from: opts.from === undefined ? undefined : at(opts.from),
    to: opts.to === undefined ? undefined : at(opts.to),
    logGroup: opts.logGroup,
  });
}

function result(r: EngineResult, logicalId: string) {
  const a = r.alarms.find(x => x.logicalId === logicalId);
  if (!a) throw new Error(`no alarm ${logicalId} in ${r.alarms.map(x => x.logicalId).join(', ')}`);
  return a;
}

/** [time, from, to] per transition. */
function transitions(r: EngineResult, logicalId: string): Array<[string, string, string]> {
  return result(r, logicalId).transitions.map(t => [t.time, t.from, t.to]);
}
function notifications(r: EngineResult, logicalId: string): Array<[string, string, string]> {
  return result(r, logicalId).notifications.map(t => [t.time, t.from, t.to]);
}

function inputError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(BacktestInputError);
    return (e as Error).message;
  }
  throw new Error('no BacktestInputError');
}

describe('a Sum >= 10 per 60 minutes alarm', () => {
  test('12 matching events in one minute: ALARM the minute after, OK when the hour has passed (DefaultValue 0)', () => {
    const r = run({
      LogGroup: LOG_GROUP,
      Filter: metricFilter('RejectedSsh', { defaultValue: 0 }),
      Ssh: alarm('RejectedSsh'),
    }, [...background(0, 130), ...burst(10, 12)], { from: 0, to: 130 });
    expect(transitions(r, 'Ssh')).toEqual([
      // minute 0's default value (0) is visible at minute 1: OK
      [at(1), 'INSUFFICIENT_DATA', 'OK'],
      // the 12 events of minute 10 are in the newest period [t - 60, t) from t = 11 ...
      [at(11), 'OK', 'ALARM'],
      // ... to t = 70; at 71 the newest period [11, 71) holds only zeros
      [at(71), 'ALARM', 'OK'],
    ]);
    expect(result(r, 'Ssh').finalState).toBe('OK');
    expect(r.events).toBe(131 + 12);
    expect(r.logGroup).toBe('flow-logs');
    expect([r.from, r.to]).toEqual([at(0), at(130)]);
  });

  test('11 or fewer matching events in the hour: never ALARM', () => {
    const r = run({
      LogGroup: LOG_GROUP,
      Filter: metricFilter('RejectedSsh', { defaultValue: 0 }),
      Ssh: alarm('RejectedSsh'),
    }, [...background(0, 130), ...burst(10, 5), ...burst(75, 5)], { from: 0, to: 130 });
    expect(transitions(r, 'Ssh')).toEqual([[at(1), 'INSUFFICIENT_DATA', 'OK']]);
  });

  test('9 events: not enough; 10: enough (>= is inclusive); > needs 11', () => {
    const resources = {
      LogGroup: LOG_GROUP,
      Filter: metricFilter('RejectedSsh'),
      Gte: alarm('RejectedSsh'),
      Gt: alarm('RejectedSsh', { ComparisonOperator: 'GreaterThanThreshold' }),
    };
    const nine = run(resources, burst(10, 9), { from: 0, to: 20 });
    expect(transitions(nine, 'Gte')).toEqual([[at(11), 'INSUFFICIENT_DATA', 'OK']]);
    const ten = run(resources, burst(10, 10), { from: 0, to: 20 });
    expect(transitions(ten, 'Gte')).toEqual([[at(11), 'INSUFFICIENT_DATA', 'ALARM']]);
    expect(transitions(ten, 'Gt')).toEqual([[at(11), 'INSUFFICIENT_DATA', 'OK']]);
  });

  test('events ingested 10 minutes late delay the ALARM by 10 minutes', () => {
    const resources = {
      LogGroup: LOG_GROUP,
      Filter: metricFilter('RejectedSsh', { defaultValue: 0 }),
      Ssh: alarm('RejectedSsh'),
    };
    const onTime = run(resources, [...background(0, 100), ...burst(10, 12)], { from: 0, to: 100 });
    const late = run(resources, [...background(0, 100), ...burst(10, 12, {}, 10)], { from: 0, to: 100 });
    expect(transitions(onTime, 'Ssh')[1]).toEqual([at(11), 'OK', 'ALARM']);
    expect(transitions(late, 'Ssh')).toEqual([
      [at(1), 'INSUFFICIENT_DATA', 'OK'],
      [at(21), 'OK', 'ALARM'],
      // the datapoints belong to minute 10: they leave the newest period at the same time
      [at(71), 'ALARM', 'OK'],
    ]);
  });

  test('the default window: from the first event\'s minute to the minute after the last ingestion', () => {
    const r = run({ LogGroup: LOG_GROUP, Filter: metricFilter('RejectedSsh'), Ssh: alarm('RejectedSsh') }, burst(10, 12));
    expect([r.from, r.to]).toEqual([at(10), at(11)]);
    expect(transitions(r, 'Ssh')).toEqual([[at(11), 'INSUFFICIENT_DATA', 'ALARM']]);
  });

  test('events before `from` are history: they count in the first evaluations', () => {
    const r = run({ LogGroup: LOG_GROUP, Filter: metricFilter('RejectedSsh'), Ssh: alarm('RejectedSsh') },
      [...burst(5, 6), ...burst(20, 6)], { from: 15, to: 40 });
    expect(transitions(r, 'Ssh')).toEqual([
      // minute 5's 6 events are real data at minute 16 (not missing): OK, not INSUFFICIENT_DATA
      [at(16), 'INSUFFICIENT_DATA', 'OK'],
      // 6 + 6 in [t - 60, t) at minute 21
      [at(21), 'OK', 'ALARM'],
    ]);
    expect(r.events).toBe(12);
  });

  test('the streamed run gives the same result, and reports progress per file', async () => {
    const template = templateFile({ LogGroup: LOG_GROUP, Filter: metricFilter('RejectedSsh'), Ssh: alarm('RejectedSsh') });
    const paths = [eventsFile(burst(10, 6)), eventsFile(burst(30, 6))];
    const progress: number[][] = [];
    const streamed = await runAsync({ template, events: paths, from: at(0), to: at(40) }, (file, read, size) => progress.push([file, read, size]));
    expect(streamed).toEqual(runSync({ template, events: paths, from: at(0), to: at(40) }));
    expect(transitions(streamed, 'Ssh')).toEqual([[at(11), 'INSUFFICIENT_DATA', 'OK'], [at(31), 'OK', 'ALARM']]);
    expect(progress).toEqual(paths.map((f, i) => [i, fs.statSync(f).size, fs.statSync(f).size]));
  });

  test('several event files are one stream', () => {
    const r = run({ LogGroup: LOG_GROUP, Filter: metricFilter('RejectedSsh'), Ssh: alarm('RejectedSsh') },
      [burst(10, 6), burst(30, 6)], { from: 0, to: 40 });
    expect(transitions(r, 'Ssh')).toEqual([[at(11), 'INSUFFICIENT_DATA', 'OK'], [at(31), 'OK', 'ALARM']]);
  });
});

describe('sliding periods and the evaluation range', () => {
  const resources = {
    LogGroup: LOG_GROUP,
    Filter: metricFilter('RejectedSsh'),
    Ssh: alarm('RejectedSsh', { Period: 300 }),
  };

  test('5-minute periods slide by the minute: 6 events at minute 12 and 6 at minute 16 make one period of 12', () => {
    // Periods aligned to multiples of 5 minutes ([10, 15), [15, 20)) would never hold 12.
    const r = run(resources, [...burst(12, 6), ...burst(16, 6)], { from: 0, to: 20 });
    expect(transitions(r, 'Ssh')).toEqual([
      [at(13), 'INSUFFICIENT_DATA', 'OK'], // [8, 13): 6
      [at(17), 'OK', 'ALARM'], // [12, 17): 12
      [at(18), 'ALARM', 'OK'], // [13, 18): 6
    ]);
  });

  test('with the newest period empty, the most recent real datapoint of the range decides (AWS\'s rule 2)', () => {
    const r = run(resources, [...burst(12, 6), ...burst(16, 6)], { from: 0, to: 35 });
    expect(transitions(r, 'Ssh')).toEqual([
      [at(13), 'INSUFFICIENT_DATA', 'OK'],
      [at(17), 'OK', 'ALARM'],
      [at(18), 'ALARM', 'OK'],
      // t = 22: periods [7, 12) -, [12, 17) 12, [17, 22) -: the newest real one breaches
      [at(22), 'OK', 'ALARM'],
      // t = 23: [8, 13) 6, [13, 18) 6, [18, 23) -
      [at(23), 'ALARM', 'OK'],
      // t = 27: [12, 17) 12, [17, 22) -, [22, 27) -
      [at(27), 'OK', 'ALARM'],
      // t = 28: [13, 18) 6, then nothing
      [at(28), 'ALARM', 'OK'],
      // t = 32: [17, 22), [22, 27), [27, 32): no data in the range
      [at(32), 'OK', 'INSUFFICIENT_DATA'],
    ]);
  });

  test('2 out of 3 one-minute periods', () => {
    const r = run({
      LogGroup: LOG_GROUP,
      Filter: metricFilter('RejectedSsh', { defaultValue: 0 }),
      Ssh: alarm('RejectedSsh', { Period: 60, EvaluationPeriods: 3, DatapointsToAlarm: 2, Threshold: 1 }),
    }, [...background(0, 20), ...burst(10, 1), ...burst(12, 1)], { from: 0, to: 20 });
    expect(transitions(r, 'Ssh')).toEqual([
      [at(1), 'INSUFFICIENT_DATA', 'OK'], // one real datapoint, not breaching
      [at(13), 'OK', 'ALARM'], // minutes 10, 11, 12: 1 0 1
      [at(14), 'ALARM', 'OK'], // minutes 11, 12, 13: 0 1 0
    ]);
  });
});

describe('DefaultValue and missing data', () => {
  test('DefaultValue 0: minutes with events but no match are 0 (OK); without it they are missing (INSUFFICIENT_DATA)', () => {
    const r = run({
      LogGroup: LOG_GROUP,
      WithDefault: metricFilter('WithDefault', { defaultValue: 0 }),
      NoDefault: metricFilter('NoDefault'),
      WithDefaultAlarm: alarm('WithDefault', { TreatMissingData: 'missing' }),
      NoDefaultAlarm: alarm('NoDefault', { TreatMissingData: 'missing' }),
    }, background(0, 30), { from: 0, to: 30 });
    expect(transitions(r, 'WithDefaultAlarm')).toEqual([[at(1), 'INSUFFICIENT_DATA', 'OK']]);
    expect(result(r, 'WithDefaultAlarm').finalState).toBe('OK');
    expect(transitions(r, 'NoDefaultAlarm')).toEqual([]);
    expect(result(r, 'NoDefaultAlarm').finalState).toBe('INSUFFICIENT_DATA');
  });

  test('DefaultValue is published only in minutes with events: a gap is missing data', () => {
    // Events at minutes 0-4 and 20-24 only; 1-minute periods, 1 of 1, treat missing as breaching,
    // alarm when Sum < 1... never with the default 0 (0 < 1 breaches), so use LessThanThreshold 0:
    // the default (0) never breaches, missing (breaching) does.
    const r = run({
      LogGroup: LOG_GROUP,
      Filter: metricFilter('RejectedSsh', { defaultValue: 0 }),
      Gap: alarm('RejectedSsh', { Period: 60, Threshold: 0, ComparisonOperator: 'LessThanThreshold', TreatMissingData: 'breaching' }),
    }, [...background(0, 4), ...background(20, 24)], { from: 0, to: 25 });
    expect(transitions(r, 'Gap')).toEqual([
      [at(1), 'INSUFFICIENT_DATA', 'OK'],
      // minute 4 is the last datapoint; it stays in the range (3 one-minute periods) until t = 8
      [at(8), 'OK', 'ALARM'],
      [at(21), 'ALARM', 'OK'],
    ]);
  });

  test('without DefaultValue the last datapoint decides until it leaves the evaluation range (3 periods)', () => {
    const r = run({ LogGroup: LOG_GROUP, Filter: metricFilter('RejectedSsh'), Ssh: alarm('RejectedSsh') },
      [...burst(10, 12)], { from: 0, to: 200 });
    expect(transitions(r, 'Ssh')).toEqual([
      [at(11), 'INSUFFICIENT_DATA', 'ALARM'],
      // at 190 the range [10, 190) still holds minute 10; at 191 it is [11, 191)
      [at(191), 'ALARM', 'INSUFFICIENT_DATA'],
    ]);
  });
});

describe('AWS/Logs IncomingLogEvents', () => {
  const delivery = (treatMissingData: string) => ({
    LogGroup: LOG_GROUP,
    Delivery: {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        Namespace: 'AWS/Logs',
        MetricName: 'IncomingLogEvents',
        Dimensions: [{ Name: 'LogGroupName', Value: { Ref: 'LogGroup' } }],
        Statistic: 'Sum',
        Period: 300,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: 'LessThanThreshold',
        TreatMissingData: treatMissingData,
        AlarmActions: [TOPIC],
      },
    },
  });

  test('< 1 per 5 minutes, missing data breaching: ALARM right after `from` when no events have arrived yet (AWS\'s row "- - - - -")', () => {
    const r = run(delivery('breaching'), background(30, 40), { from: 0, to: 40 });
    expect(transitions(r, 'Delivery')).toEqual([
      [at(1), 'INSUFFICIENT_DATA', 'ALARM'],
      // minute 30's event is counted at its ingestion minute, visible at 31
      [at(31), 'ALARM', 'OK'],
    ]);
    expect(notifications(r, 'Delivery')).toEqual([[at(1), 'INSUFFICIENT_DATA', 'ALARM']]);
  });

  test('the same alarm treating missing data as missing stays INSUFFICIENT_DATA until events arrive', () => {
    const r = run(delivery('missing'), background(30, 40), { from: 0, to: 40 });
    expect(transitions(r, 'Delivery')).toEqual([[at(31), 'INSUFFICIENT_DATA', 'OK']]);
    expect(notifications(r, 'Delivery')).toEqual([]);
  });

  test('events count at their ingestion minute', () => {
    const late = background(0, 0).map(e => ({ ...e, ingestionTime: e.timestamp + 7 * MIN }));
    const r = run(delivery('missing'), late, { from: 0, to: 10 });
    expect(transitions(r, 'Delivery')).toEqual([[at(8), 'INSUFFICIENT_DATA', 'OK']]);
  });

  test('IncomingBytes: the UTF-8 bytes of the messages', () => {
    const events = background(10, 10);
    const bytes = Buffer.byteLength(events[0].message, 'utf8');
    const bytesAlarm = (threshold: number) => ({
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        Namespace: 'AWS/Logs',
        MetricName: 'IncomingBytes',
        Dimensions: [{ Name: 'LogGroupName', Value: 'flow-logs' }],
        Statistic: 'Sum',
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: threshold,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      },
    });
    const r = run({ LogGroup: LOG_GROUP, AtSize: bytesAlarm(bytes), OverSize: bytesAlarm(bytes + 1) }, events, { from: 10, to: 11 });
    expect(result(r, 'AtSize').finalState).toBe('ALARM');
    expect(result(r, 'OverSize').finalState).toBe('OK');
  });
});

describe('notifications: transitions into a state with actions', () => {
  // 12 matches at minute 10 (ALARM at 11), gone from the range at 191 (INSUFFICIENT_DATA), one
  // match at minute 200 (OK at 201).
  const EVENTS = [...burst(10, 12), ...burst(200, 1)];
  const EXPECTED: Array<[string, string, string]> = [
    [at(11), 'INSUFFICIENT_DATA', 'ALARM'],
    [at(191), 'ALARM', 'INSUFFICIENT_DATA'],
    [at(201), 'INSUFFICIENT_DATA', 'OK'],
  ];
  let r: EngineResult;
  beforeAll(() => {
    r = run({
      LogGroup: LOG_GROUP,
      Filter: metricFilter('RejectedSsh'),
      OnAlarm: alarm('RejectedSsh', { AlarmActions: [TOPIC] }),
      OnOk: alarm('RejectedSsh', { OKActions: [TOPIC] }),
      OnInsufficient: alarm('RejectedSsh', { InsufficientDataActions: [TOPIC] }),
      OnAll: alarm('RejectedSsh', { AlarmActions: [TOPIC], OKActions: [TOPIC], InsufficientDataActions: [{ Ref: 'Topic' }] }),
      Disabled: alarm('RejectedSsh', { ActionsEnabled: false, AlarmActions: [TOPIC], OKActions: [TOPIC], InsufficientDataActions: [TOPIC] }),
      NoActions: alarm('RejectedSsh', { AlarmActions: [] }),
      Topic: { Type: 'AWS::SNS::Topic' },
    }, EVENTS, { from: 0, to: 210 });
  });

  test('every alarm makes the same transitions', () => {
    for (const id of ['OnAlarm', 'OnOk', 'OnInsufficient', 'OnAll', 'Disabled', 'NoActions']) {
      expect({ id, transitions: transitions(r, id) }).toEqual({ id, transitions: EXPECTED });
    }
  });

  test('AlarmActions: the transition to ALARM', () => {
    expect(notifications(r, 'OnAlarm')).toEqual([EXPECTED[0]]);
  });

  test('OKActions: the transition to OK', () => {
    expect(notifications(r, 'OnOk')).toEqual([EXPECTED[2]]);
  });

  test('InsufficientDataActions: the transition to INSUFFICIENT_DATA', () => {
    expect(notifications(r, 'OnInsufficient')).toEqual([EXPECTED[1]]);
  });

  test('all three: every transition', () => {
    expect(notifications(r, 'OnAll')).toEqual(EXPECTED);
  });

  test('ActionsEnabled false, or no actions: none', () => {
    expect(notifications(r, 'Disabled')).toEqual([]);
    expect(notifications(r, 'NoActions')).toEqual([]);
  });
});

describe('Contributor Insights: INSIGHT_RULE_METRIC', () => {
  const resources = {
    LogGroup: LOG_GROUP,
    Rule: {
      Type: 'AWS::CloudWatch::InsightRule',
      Properties: { RuleName: 'rejected-sources', RuleState: 'ENABLED', RuleBody: JSON.stringify(ruleBody('flow-logs')) },
    },
    MaxContributor: {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        Metrics: [{ Id: 'm1', Expression: 'INSIGHT_RULE_METRIC(\'rejected-sources\', \'MaxContributorValue\')', Period: 300, ReturnData: true }],
        EvaluationPeriods: 1,
        Threshold: 20,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [TOPIC],
      },
    },
    Unique: {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        Metrics: [{ Id: 'u', Expression: 'INSIGHT_RULE_METRIC("rejected-sources", "UniqueContributors")', Period: 300 }],
        EvaluationPeriods: 1,
        Threshold: 50,
        ComparisonOperator: 'GreaterThanThreshold',
      },
    },
  };

  test('100 rejected records from one source: MaxContributorValue 100 >= 20, ALARM', () => {
    const r = run(resources, burst(10, 100, { src: '198.51.100.1' }), { from: 0, to: 15 });
    expect(transitions(r, 'MaxContributor')).toEqual([[at(11), 'INSUFFICIENT_DATA', 'ALARM']]);
    expect(notifications(r, 'MaxContributor')).toEqual([[at(11), 'INSUFFICIENT_DATA', 'ALARM']]);
    expect(transitions(r, 'Unique')).toEqual([[at(11), 'INSUFFICIENT_DATA', 'OK']]);
  });

  test('100 rejected records from 100 sources (and 100 accepted from one): no ALARM', () => {
    const events = [
      ...burst(10, 100, i => ({ src: `198.51.100.${i + 1}` })),
      ...burst(10, 100, { src: '192.0.2.1', action: 'ACCEPT' }),
    ];
    const r = run(resources, events, { from: 0, to: 15 });
    expect(transitions(r, 'MaxContributor')).toEqual([[at(11), 'INSUFFICIENT_DATA', 'OK']]);
    expect(transitions(r, 'Unique')).toEqual([[at(11), 'INSUFFICIENT_DATA', 'ALARM']]);
  });

  test('a disabled rule sees nothing', () => {
    const disabled = { ...resources, Rule: { ...resources.Rule, Properties: { ...resources.Rule.Properties, RuleState: 'DISABLED' } } };
    const r = run(disabled, burst(10, 100, { src: '198.51.100.1' }), { from: 0, to: 15 });
    expect(transitions(r, 'MaxContributor')).toEqual([]);
  });
});

describe('Contributor Insights series', () => {
  test('hundreds of thousands of contributors in a period (internet scanners): the top one, no stack overflow', () => {
    const s = new ContributorSeries();
    for (let i = 0; i < 300_000; i++) s.add(10, 10, `198.${Math.floor(i / 65536)}.${Math.floor(i / 256) % 256}.${i % 256}`, 1);
    s.add(11, 11, '198.0.0.7', 4);
    expect(s.window(10, 12, 12, 'MaxContributorValue')).toBe(5);
    expect(s.window(10, 12, 12, 'UniqueContributors')).toBe(300_000);
    // what was ingested at minute 11 is not visible at 11
    expect(s.window(10, 12, 11, 'MaxContributorValue')).toBe(1);
    expect(s.window(12, 13, 20, 'MaxContributorValue')).toBeUndefined();
  });
});

describe('Contributor Insights rule filters and aggregation', () => {
  /** Five records of minute 10 (srcaddr, dstport, action, bytes), one of them a NODATA record. */
  const LINES = [
    ['10.0.0.1', '22', 'REJECT', '100'],
    ['10.0.0.2', '80', 'ACCEPT', '200'],
    ['192.168.0.1', '443', 'ACCEPT', '300'],
    ['10.0.0.1', '3389', 'REJECT', '400'],
    ['-', '-', '-', '-'],
  ];
  const EVENTS = LINES.map(([src, port, action, bytes], i) => {
    const timestamp = T0 + 10 * MIN + 1000 * (i + 1);
    const s = Math.floor(timestamp / 1000);
    const status = src === '-' ? 'NODATA' : 'OK';
    return { timestamp, message: `2 123456789012 eni-1a2b3c4d ${src} ${src === '-' ? '-' : '10.0.0.9'} ${port === '-' ? '-' : '40000'} ${port} ${port === '-' ? '-' : '6'} 1 ${bytes} ${s} ${s + 60} ${action} ${status}` };
  });

  /** [name, Contribution filters, AggregateOn, metric, the value by hand] */
  const CASES: Array<[string, object[], string, string, number]> = [
    ['In', [{ Match: 'action', In: ['REJECT'] }], 'Count', 'SampleCount', 2],
    ['NotIn', [{ Match: 'action', NotIn: ['REJECT'] }], 'Count', 'SampleCount', 3],
    ['StartsWith', [{ Match: 'srcaddr', StartsWith: ['10.0.'] }], 'Count', 'SampleCount', 3],
    ['EqualTo', [{ Match: 'dstport', EqualTo: 22 }], 'Count', 'SampleCount', 1],
    ['NotEqualTo', [{ Match: 'dstport', NotEqualTo: 22 }], 'Count', 'SampleCount', 3],
    ['GreaterThan', [{ Match: 'dstport', GreaterThan: 400 }], 'Count', 'SampleCount', 2],
    ['LessThan', [{ Match: 'dstport', LessThan: 100 }], 'Count', 'SampleCount', 2],
    ['Both', [{ Match: 'srcaddr', StartsWith: ['10.0.'] }, { Match: 'action', In: ['ACCEPT'] }], 'Count', 'SampleCount', 1],
    ['CountMax', [{ Match: 'action', In: ['REJECT'] }], 'Count', 'MaxContributorValue', 2],
    ['CountUnique', [{ Match: 'dstport', GreaterThan: 0 }], 'Count', 'UniqueContributors', 3],
    ['SumSum', [{ Match: 'action', In: ['REJECT'] }], 'Sum', 'Sum', 500],
    ['SumMax', [{ Match: 'srcaddr', StartsWith: ['10.0.'] }], 'Sum', 'MaxContributorValue', 500],
    ['SumMinimum', [{ Match: 'action', In: ['REJECT'] }], 'Sum', 'Minimum', 100],
    ['SumMaximum', [{ Match: 'action', In: ['REJECT'] }], 'Sum', 'Maximum', 400],
    ['SumAverage', [{ Match: 'action', In: ['REJECT'] }], 'Sum', 'Average', 250],
  ];

  test.each(CASES)('%s: %j, %s, %s = %d', (name, filters, aggregateOn, metric, value) => {
    const body = { ...ruleBody('flow-logs'), Contribution: { Keys: ['srcaddr'], Filters: filters, ...(aggregateOn === 'Sum' ? { ValueOf: 'bytes' } : {}) }, AggregateOn: aggregateOn };
    const insightAlarm = (comparison: string) => ({
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        Metrics: [{ Id: 'm1', Expression: `INSIGHT_RULE_METRIC("r", "${metric}")`, Period: 60, ReturnData: true }],
        EvaluationPeriods: 1,
        Threshold: value,
        ComparisonOperator: comparison,
      },
    });
    const r = run({
      LogGroup: LOG_GROUP,
      Rule: { Type: 'AWS::CloudWatch::InsightRule', Properties: { RuleName: 'r', RuleState: 'ENABLED', RuleBody: body } },
      At: insightAlarm('GreaterThanOrEqualToThreshold'),
      Over: insightAlarm('GreaterThanThreshold'),
    }, EVENTS, { from: 10, to: 11 });
    expect({ name, at: result(r, 'At').finalState, over: result(r, 'Over').finalState }).toEqual({ name, at: 'ALARM', over: 'OK' });
  });

  test.each([
    ['a JSON log format', { ...ruleBody('flow-logs'), LogFormat: 'JSON', Fields: undefined }, /log format "JSON"/],
    ['a key its Fields do not name', { ...ruleBody('flow-logs'), Contribution: { Keys: ['nope'] } }, /names "nope", which its Fields do not map/],
    ['an operator the engine does not know', { ...ruleBody('flow-logs'), Contribution: { Keys: ['srcaddr'], Filters: [{ Match: 'action', Like: 'R*' }] } }, /operator "Like"/],
  ])('a rule with %s: its alarm is NOT_EVALUATED', (_name, body, reason) => {
    const r = run({
      LogGroup: LOG_GROUP,
      Rule: { Type: 'AWS::CloudWatch::InsightRule', Properties: { RuleName: 'r', RuleBody: body } },
      A: {
        Type: 'AWS::CloudWatch::Alarm',
        Properties: {
          Metrics: [{ Id: 'm1', Expression: 'INSIGHT_RULE_METRIC("r", "Sum")', Period: 60, ReturnData: true }],
          EvaluationPeriods: 1,
          Threshold: 1,
          ComparisonOperator: 'GreaterThanThreshold',
        },
      },
    }, EVENTS, { from: 10, to: 11 });
    expect(result(r, 'A').finalState).toBe('NOT_EVALUATED');
    expect(result(r, 'A').reason).toMatch(reason);
  });

  test('a RuleBody that is not JSON', () => {
    expect(inputError(() => run({
      LogGroup: LOG_GROUP,
      Rule: { Type: 'AWS::CloudWatch::InsightRule', Properties: { RuleName: 'r', RuleBody: '{"Schema": ' } },
      A: alarm('X'),
    }, EVENTS))).toMatch(/Contributor Insights rule Rule: RuleBody is not JSON/);
  });
});

describe('metric filters with dimensions and column values', () => {
  const DIMENSIONED = '[version, account, eni, srcaddr, dstaddr, srcport, dstport=22, protocol=6, packets, bytes, start, end, action=REJECT, status]';

  test('a dimension from a column: the alarm reads one source\'s series', () => {
    const bySource = (src: string) => alarm('RejectedSsh', { Dimensions: [{ Name: 'SourceAddress', Value: src }] });
    const r = run({
      LogGroup: LOG_GROUP,
      Filter: {
        Type: 'AWS::Logs::MetricFilter',
        Properties: {
          LogGroupName: 'flow-logs',
          FilterPattern: DIMENSIONED,
          MetricTransformations: [{ MetricNamespace: 'Test', MetricName: 'RejectedSsh', MetricValue: '1', Dimensions: [{ Key: 'SourceAddress', Value: '$srcaddr' }] }],
        },
      },
      One: bySource('10.0.0.1'),
      Two: bySource('10.0.0.2'),
      Three: bySource('10.0.0.3'),
    }, [...burst(10, 12, { src: '10.0.0.1' }), ...burst(10, 5, { src: '10.0.0.2' })], { from: 0, to: 15 });
    expect(transitions(r, 'One')).toEqual([[at(11), 'INSUFFICIENT_DATA', 'ALARM']]);
    expect(transitions(r, 'Two')).toEqual([[at(11), 'INSUFFICIENT_DATA', 'OK']]);
    expect(transitions(r, 'Three')).toEqual([]);
  });

  test('a column value that is not a number ("-") publishes nothing', () => {
    const nodata = (m: number) => {
      const timestamp = T0 + m * MIN + 1000;
      const s = Math.floor(timestamp / 1000);
      return { timestamp, message: `2 123456789012 eni-1a2b3c4d - - - - - - - ${s} ${s + 60} - NODATA` };
    };
    const r = run({
      LogGroup: LOG_GROUP,
      Bytes: metricFilter('Bytes', { value: '$bytes', pattern: '[version, account, eni, srcaddr, dstaddr, srcport, dstport, protocol, packets, bytes, start, end, action, status]' }),
      Count: alarm('Bytes', { Statistic: 'SampleCount', Period: 60, Threshold: 2 }),
    }, [...burst(10, 1), nodata(10), nodata(10)], { from: 10, to: 11 });
    // only the REJECT record has a number of bytes: SampleCount 1 < 2
    expect(transitions(r, 'Count')).toEqual([[at(11), 'INSUFFICIENT_DATA', 'OK']]);
  });

  test('MetricValue that is neither a number nor a column', () => {
    expect(inputError(() => run({ LogGroup: LOG_GROUP, F: metricFilter('X', { value: 'many' }), A: alarm('X') }, burst(10, 1))))
      .toMatch(/metric filter F: MetricValue "many" is neither a number nor a \$column/);
  });

  test('a $column MetricValue on a term pattern', () => {
    expect(inputError(() => run({ LogGroup: LOG_GROUP, F: metricFilter('X', { value: '$bytes', pattern: 'REJECT' }), A: alarm('X') }, burst(10, 1))))
      .toMatch(/\$bytes names a column, but the pattern "REJECT" has no columns/);
  });

  test.each([
    ['$nosuch, not a column of the pattern', { value: '$nosuch' }, /\$nosuch is not a column of the pattern/],
    ['$15 on a 14-column pattern', { value: '$15' }, /\$15 is not a column of the pattern/],
    ['an empty MetricValue', { value: '' }, /MetricValue "" is neither a number nor a \$column/],
  ])('MetricValue %s', (_name, opts, message) => {
    expect(inputError(() => run({ LogGroup: LOG_GROUP, F: metricFilter('X', opts), A: alarm('X') }, burst(10, 1)))).toMatch(message);
  });

  test('$N: the N-th column of the pattern as the value (AWS\'s "numeric identifiers")', () => {
    const r = run({
      LogGroup: LOG_GROUP,
      Bytes: metricFilter('Bytes', { value: '$10' }),
      Big: alarm('Bytes', { Statistic: 'Maximum', Period: 60, Threshold: 4249 }),
      Bigger: alarm('Bytes', { Statistic: 'Maximum', Period: 60, Threshold: 4250 }),
    }, burst(10, 1, { bytes: 4249 }), { from: 10, to: 11 });
    expect(transitions(r, 'Big')).toEqual([[at(11), 'INSUFFICIENT_DATA', 'ALARM']]);
    expect(transitions(r, 'Bigger')).toEqual([[at(11), 'INSUFFICIENT_DATA', 'OK']]);
  });

  test('an alarm asking for another unit than the filter publishes reads no data (AWS: "stuck in the INSUFFICIENT DATA state")', () => {
    const f = metricFilter('X');
    Object.assign(f.Properties.MetricTransformations[0], { Unit: 'Count' });
    const r = run({
      LogGroup: LOG_GROUP,
      F: f,
      Same: alarm('X', { Unit: 'Count' }),
      Other: alarm('X', { Unit: 'Seconds' }),
      Any: alarm('X'),
      Bytes: alarm('IncomingBytes', { Namespace: 'AWS/Logs', Dimensions: [{ Name: 'LogGroupName', Value: 'flow-logs' }], Unit: 'Bytes', Threshold: 1 }),
      NotBytes: alarm('IncomingBytes', { Namespace: 'AWS/Logs', Dimensions: [{ Name: 'LogGroupName', Value: 'flow-logs' }], Unit: 'Count', Threshold: 1 }),
    }, burst(10, 12), { from: 10, to: 11 });
    expect(transitions(r, 'Same')).toEqual([[at(11), 'INSUFFICIENT_DATA', 'ALARM']]);
    expect(transitions(r, 'Any')).toEqual([[at(11), 'INSUFFICIENT_DATA', 'ALARM']]);
    expect(transitions(r, 'Other')).toEqual([]);
    expect(transitions(r, 'Bytes')).toEqual([[at(11), 'INSUFFICIENT_DATA', 'ALARM']]);
    expect(transitions(r, 'NotBytes')).toEqual([]);
  });

  test('dimensions: only with a space-delimited pattern, from its columns, never with a DefaultValue', () => {
    const withDims = (pattern: string, dims: Array<{ Key: string; Value: string }>, extra: Record<string, unknown> = {}) => {
      const f = metricFilter('X', { pattern });
      Object.assign(f.Properties.MetricTransformations[0], { Dimensions: dims, ...extra });
      return f;
    };
    expect(inputError(() => run({ LogGroup: LOG_GROUP, F: withDims('REJECT', [{ Key: 'Src', Value: '$source' }]), A: alarm('X') }, burst(10, 1))))
      .toMatch(/metric filter F: Dimensions need a space-delimited pattern/);
    expect(inputError(() => run({ LogGroup: LOG_GROUP, F: withDims(SSH_PATTERN, [{ Key: 'Src', Value: '$src' }]), A: alarm('X') }, burst(10, 1))))
      .toMatch(/\$src is not a column of the pattern/);
    expect(inputError(() => run({ LogGroup: LOG_GROUP, F: withDims(SSH_PATTERN, [{ Key: 'Src', Value: '$source' }], { DefaultValue: 0 }), A: alarm('X') }, burst(10, 1))))
      .toMatch(/with Dimensions cannot have a DefaultValue/);
  });

  test('a term pattern counts the messages containing its terms', () => {
    const r = run({ LogGroup: LOG_GROUP, F: metricFilter('X', { pattern: 'REJECT' }), A: alarm('X') },
      [...burst(10, 12), ...burst(10, 12, { action: 'ACCEPT' })], { from: 10, to: 11 });
    expect(result(r, 'A').finalState).toBe('ALARM');
    const r2 = run({ LogGroup: LOG_GROUP, F: metricFilter('X', { pattern: 'REJECT' }), A: alarm('X') },
      [...burst(10, 9), ...burst(10, 12, { action: 'ACCEPT' })], { from: 10, to: 11 });
    expect(result(r2, 'A').finalState).toBe('OK');
  });

  test('an empty FilterPattern counts every event', () => {
    const r = run({ LogGroup: LOG_GROUP, F: metricFilter('X', { pattern: '' }), A: alarm('X') },
      [...burst(10, 5), ...burst(10, 5, { action: 'ACCEPT' })], { from: 10, to: 11 });
    expect(result(r, 'A').finalState).toBe('ALARM');
  });
});

describe('partly late data', () => {
  test('a minute whose events are ingested at different minutes counts each part once it is visible', () => {
    // minute 10: 6 records ingested 5 minutes late (the first ones of the minute), 6 on time
    const late = burst(10, 6, {}, 5);
    const onTime = burst(10, 6).map(e => ({ ...e, timestamp: e.timestamp + 2000, ingestionTime: (e.ingestionTime ?? e.timestamp) + 2000 }));
    const r = run({ LogGroup: LOG_GROUP, Filter: metricFilter('RejectedSsh'), Ssh: alarm('RejectedSsh') }, [...late, ...onTime], { from: 0, to: 20 });
    expect(transitions(r, 'Ssh')).toEqual([[at(11), 'INSUFFICIENT_DATA', 'OK'], [at(16), 'OK', 'ALARM']]);
  });
});

describe('the Metrics-array form', () => {
  test('MetricStat entries and an expression over them', () => {
    const stat = (id: string, name: string, returnData: boolean) => ({
      Id: id, ReturnData: returnData, MetricStat: { Metric: { Namespace: 'Test', MetricName: name }, Period: 3600, Stat: 'Sum' },
    });
    const base = { EvaluationPeriods: 1, Threshold: 10, ComparisonOperator: 'GreaterThanOrEqualToThreshold' };
    const r = run({
      LogGroup: LOG_GROUP,
      Ssh: metricFilter('RejectedSsh'),
      Rdp: metricFilter('RejectedRdp', { pattern: RDP_PATTERN }),
      SshOnly: { Type: 'AWS::CloudWatch::Alarm', Properties: { ...base, Metrics: [stat('ssh', 'RejectedSsh', true)] } },
      Both: {
        Type: 'AWS::CloudWatch::Alarm',
        Properties: {
          ...base,
          Metrics: [stat('ssh', 'RejectedSsh', false), stat('rdp', 'RejectedRdp', false), { Id: 'total', Expression: 'ssh + rdp', ReturnData: true }],
        },
      },
    }, [...burst(10, 6), ...burst(10, 6, { dstport: 3389 })], { from: 0, to: 15 });
    expect(transitions(r, 'SshOnly')).toEqual([[at(11), 'INSUFFICIENT_DATA', 'OK']]);
    expect(transitions(r, 'Both')).toEqual([[at(11), 'INSUFFICIENT_DATA', 'ALARM']]);
  });

  test('a metric value read from a column ($bytes)', () => {
    const r = run({
      LogGroup: LOG_GROUP,
      Bytes: metricFilter('RejectedBytes', { value: '$bytes' }),
      Big: alarm('RejectedBytes', { Threshold: 1000, Period: 300, ComparisonOperator: 'GreaterThanThreshold' }),
    }, [...burst(10, 3, { bytes: 400 }), ...burst(20, 2, { bytes: 400 })], { from: 0, to: 25 });
    // 1200 > 1000 at minute 11; [16, 21) holds 800 at minute 21
    expect(transitions(r, 'Big')).toEqual([[at(11), 'INSUFFICIENT_DATA', 'ALARM'], [at(21), 'ALARM', 'OK']]);
  });
});

describe('statistics', () => {
  test('Sum, SampleCount, Average, Minimum and Maximum of a $bytes metric', () => {
    const stat = (statistic: string, threshold: number, comparison = 'GreaterThanOrEqualToThreshold') =>
      alarm('RejectedBytes', { Statistic: statistic, Threshold: threshold, Period: 300, ComparisonOperator: comparison });
    // one evaluation, at minute 13: the period [8, 13) holds 100, 400 and 700
    const r = run({
      LogGroup: LOG_GROUP,
      Bytes: metricFilter('RejectedBytes', { value: '$bytes' }),
      SumAt: stat('Sum', 1200),
      SumOver: stat('Sum', 1200, 'GreaterThanThreshold'),
      CountAt: stat('SampleCount', 3),
      CountOver: stat('SampleCount', 3, 'GreaterThanThreshold'),
      AverageAt: stat('Average', 400),
      AverageOver: stat('Average', 400, 'GreaterThanThreshold'),
      MinimumAt: stat('Minimum', 100, 'LessThanOrEqualToThreshold'),
      MinimumUnder: stat('Minimum', 100, 'LessThanThreshold'),
      MaximumAt: stat('Maximum', 700),
      MaximumOver: stat('Maximum', 700, 'GreaterThanThreshold'),
    }, [...burst(10, 1, { bytes: 100 }), ...burst(11, 1, { bytes: 400 }), ...burst(12, 1, { bytes: 700 })], { from: 12, to: 13 });
    expect(Object.fromEntries(r.alarms.map(a => [a.logicalId, a.finalState]))).toEqual({
      SumAt: 'ALARM',
      SumOver: 'OK',
      CountAt: 'ALARM',
      CountOver: 'OK',
      AverageAt: 'ALARM',
      AverageOver: 'OK',
      MinimumAt: 'ALARM',
      MinimumUnder: 'OK',
      MaximumAt: 'ALARM',
      MaximumOver: 'OK',
    });
  });

  test('DefaultValue is published once per event of a minute without a match (SampleCount)', () => {
    const r = run({
      LogGroup: LOG_GROUP,
      Filter: metricFilter('RejectedSsh', { defaultValue: 0 }),
      Five: alarm('RejectedSsh', { Statistic: 'SampleCount', Period: 60, Threshold: 5 }),
      Six: alarm('RejectedSsh', { Statistic: 'SampleCount', Period: 60, Threshold: 6 }),
    }, burst(10, 5, { dstport: 443, action: 'ACCEPT' }), { from: 10, to: 11 });
    expect(result(r, 'Five').finalState).toBe('ALARM');
    expect(result(r, 'Six').finalState).toBe('OK');
  });
});

describe('metric math', () => {
  const stat = (id: string, name: string) => ({
    Id: id, ReturnData: false, MetricStat: { Metric: { Namespace: 'Test', MetricName: name }, Period: 3600, Stat: 'Sum' },
  });
  /** An alarm on `expression` over ssh (6 at minute 10) and rdp (3 at minute 10): >= 10. */
  const math = (expression: string, extra: object[] = []) => ({
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      Metrics: [stat('ssh', 'RejectedSsh'), stat('rdp', 'RejectedRdp'), ...extra, { Id: 'e', Expression: expression, ReturnData: true }],
      EvaluationPeriods: 1,
      Threshold: 10,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    },
  });
  const base = {
    LogGroup: LOG_GROUP,
    Ssh: metricFilter('RejectedSsh'),
    Rdp: metricFilter('RejectedRdp', { pattern: RDP_PATTERN }),
  };
  const EVENTS = [...burst(10, 6), ...burst(10, 3, { dstport: 3389 })];

  test('+ - * / and parentheses, with the usual precedence', () => {
    const r = run({
      ...base,
      Product: math('(ssh - rdp) * 4'), // 12
      Precedence: math('ssh - rdp * 4'), // -6
      Quotient: math('ssh / rdp * 5'), // 10
      Negation: math('-rdp + 13'), // 10
      NegationLow: math('-rdp + 12.5'), // 9.5
      Exponent: math('ssh + 0.4e1'), // 10
    }, EVENTS, { from: 0, to: 15 });
    const states = Object.fromEntries(r.alarms.map(a => [a.logicalId, a.finalState]));
    expect(states).toEqual({ Product: 'ALARM', Precedence: 'OK', Quotient: 'ALARM', Negation: 'ALARM', NegationLow: 'OK', Exponent: 'ALARM' });
    expect(transitions(r, 'Product')).toEqual([[at(11), 'INSUFFICIENT_DATA', 'ALARM']]);
  });

  test('comparisons (1 or 0), AND / && , OR / ||, NOT / !, and IF: the floor the library puts under anomaly bands', () => {
    const r = run({
      ...base,
      IfTrue: math('IF(ssh >= 6, 10, 0)'), // 10
      IfFalse: math('IF(ssh > 6, 10, 0)'), // 0
      Floored: math('IF(ssh >= 5, ssh, 0) + 4'), // 6 + 4
      FlooredOut: math('IF(ssh >= 7, ssh, 0) + 4'), // 0 + 4
      And: math('(ssh == 6 AND rdp == 3) * 10'), // 10
      AndSymbol: math('(ssh == 6 && rdp != 3) * 10'), // 0
      Or: math('(ssh < 6 OR rdp <= 3) * 10'), // 10
      Not: math('(NOT ssh > 5) * 10'), // 0
      NotSymbol: math('(!(rdp > 5)) * 10'), // 10
      Precedence: math('IF(ssh - 1 > rdp * 2 - 2, 10, 0)'), // 5 > 4: 10
    }, EVENTS, { from: 0, to: 15 });
    const states = Object.fromEntries(r.alarms.map(a => [a.logicalId, a.finalState]));
    expect(states).toEqual({
      IfTrue: 'ALARM', IfFalse: 'OK', Floored: 'ALARM', FlooredOut: 'OK', And: 'ALARM', AndSymbol: 'OK', Or: 'ALARM', Not: 'OK', NotSymbol: 'ALARM', Precedence: 'ALARM',
    });
  });

  test('IF over a metric without data has no data (no FILL)', () => {
    const r = run({ ...base, NoData: math('IF(rdp >= 1, 10, 10)') }, burst(10, 12), { from: 0, to: 15 });
    expect(transitions(r, 'NoData')).toEqual([]);
  });

  test('an expression over a metric without data has no data', () => {
    const r = run({ ...base, Sum: math('ssh + rdp') }, burst(10, 12), { from: 0, to: 15 });
    expect(transitions(r, 'Sum')).toEqual([]);
  });

  test('FILL(metric, value) fills a metric without data', () => {
    const r = run({ ...base, Filled: math('ssh + FILL(rdp, 0)') }, burst(10, 12), { from: 0, to: 15 });
    expect(result(r, 'Filled').finalState).toBe('ALARM');
    expect(transitions(r, 'Filled').pop()).toEqual([at(11), 'INSUFFICIENT_DATA', 'ALARM']);
  });

  test.each([
    ['RATE(ssh)', /metric math function RATE is not evaluated/],
    ['SUM([ssh, rdp])', /metric math function SUM is not evaluated/],
    ['IF(ssh > 2, 1)', /expected ","/],
    ['ssh > > 2', /unexpected ">"/],
    ['INSIGHT_RULE_METRIC("rule(1)", "Sum") + ABS(ssh)', /metric math function ABS is not evaluated/],
    ['ANOMALY_DETECTION_BAND(ssh)', /ANOMALY_DETECTION_BAND/],
    ['FILL(ssh, REPEAT)', /FILL with a non-numeric value/],
    ['ssh + nope', /reads "nope", which is not one of its Metrics/],
    ['ssh +', /ends too early/],
    ['ssh $ rdp', /unexpected "\$"/],
    ['ssh rdp', /unexpected text after/],
    ['(ssh + rdp', /expected "\)"/],
    ['INSIGHT_RULE_METRIC("rule, "Sum")', /unterminated string|expected/],
    ['INSIGHT_RULE_METRIC(1, "Sum")', /expected a name/],
    ['INSIGHT_RULE_METRIC("rule", "Bogus")', /"Bogus" is not one of UniqueContributors/],
    ['INSIGHT_RULE_METRIC("no-such-rule", "Sum")', /not an AWS::CloudWatch::InsightRule of the template/],
    [', ssh', /unexpected ","/],
  ])('%s: NOT_EVALUATED', (expression, reason) => {
    const r = run({ ...base, Bad: math(expression), Good: math('ssh + rdp') }, EVENTS, { from: 0, to: 15 });
    const bad = result(r, 'Bad');
    expect(bad.finalState).toBe('NOT_EVALUATED');
    expect(bad.reason).toMatch(reason);
    expect(result(r, 'Good').finalState).toBe('OK');
  });

  test('expressions referring to each other in a cycle: NOT_EVALUATED', () => {
    const r = run({ ...base, Cycle: math('a + 1', [{ Id: 'a', Expression: 'e + 1', ReturnData: false }]) }, EVENTS, { from: 0, to: 15 });
    expect(result(r, 'Cycle').reason).toMatch(/cycle/);
  });

  test('a statistic the engine does not evaluate, and two results', () => {
    const r = run({
      ...base,
      P90: {
        Type: 'AWS::CloudWatch::Alarm',
        Properties: {
          Metrics: [{ Id: 'm', ReturnData: true, MetricStat: { Metric: { Namespace: 'Test', MetricName: 'RejectedSsh' }, Period: 60, Stat: 'p90' } }],
          EvaluationPeriods: 1,
          Threshold: 1,
          ComparisonOperator: 'GreaterThanThreshold',
        },
      },
      Two: {
        Type: 'AWS::CloudWatch::Alarm',
        Properties: {
          Metrics: [{ ...stat('a', 'RejectedSsh'), ReturnData: true }, { ...stat('b', 'RejectedRdp'), ReturnData: true }],
          EvaluationPeriods: 1,
          Threshold: 1,
          ComparisonOperator: 'GreaterThanThreshold',
        },
      },
    }, EVENTS, { from: 0, to: 15 });
    expect(result(r, 'P90').reason).toMatch(/statistic "p90" is not evaluated/);
    expect(result(r, 'Two').reason).toMatch(/return 2 results/);
  });
});

describe('alarms the engine does not evaluate', () => {
  test('an anomaly detection band and a metric no filter publishes: NOT_EVALUATED, with the reason', () => {
    const r = run({
      LogGroup: LOG_GROUP,
      Filter: metricFilter('RejectedSsh'),
      Ssh: alarm('RejectedSsh'),
      Band: anomalyBandAlarm(),
      Cpu: {
        Type: 'AWS::CloudWatch::Alarm',
        Properties: {
          Namespace: 'AWS/EC2',
          MetricName: 'CPUUtilization',
          Dimensions: [{ Name: 'InstanceId', Value: 'i-0123456789abcdef0' }],
          Statistic: 'Average',
          Period: 300,
          EvaluationPeriods: 1,
          Threshold: 90,
          ComparisonOperator: 'GreaterThanThreshold',
        },
      },
    }, burst(10, 12), { from: 0, to: 15 });
    const band = result(r, 'Band');
    expect(band.evaluated).toBe(false);
    expect(band.finalState).toBe('NOT_EVALUATED');
    expect(band.reason).toMatch(/anomaly detection/i);
    expect(band.transitions).toEqual([]);
    expect(band.notifications).toEqual([]);
    const cpu = result(r, 'Cpu');
    expect(cpu.evaluated).toBe(false);
    expect(cpu.finalState).toBe('NOT_EVALUATED');
    expect(cpu.reason).toMatch(/AWS\/EC2/);
    expect(cpu.reason).toMatch(/CPUUtilization/);
    // the others are evaluated all the same
    expect(result(r, 'Ssh').finalState).toBe('ALARM');
  });

  test('a percentile statistic and a sub-minute period', () => {
    const r = run({
      LogGroup: LOG_GROUP,
      Filter: metricFilter('RejectedSsh'),
      P99: alarm('RejectedSsh', { Statistic: undefined, ExtendedStatistic: 'p99' }),
      Fast: alarm('RejectedSsh', { Period: 10 }),
    }, burst(10, 12), { from: 0, to: 15 });
    expect(result(r, 'P99').reason).toMatch(/p99/);
    expect(result(r, 'Fast').reason).toMatch(/period \(10 s\)/);
  });
});

describe('alarm settings the engine does not evaluate', () => {
  test('a band comparison without a band, and no Threshold', () => {
    const r = run({
      LogGroup: LOG_GROUP,
      Filter: metricFilter('RejectedSsh'),
      Band: alarm('RejectedSsh', { ComparisonOperator: 'LessThanLowerOrGreaterThanUpperThreshold' }),
      NoThreshold: alarm('RejectedSsh', { Threshold: undefined }),
    }, burst(10, 12), { from: 0, to: 15 });
    expect(result(r, 'Band').reason).toMatch(/LessThanLowerOrGreaterThanUpperThreshold is not a fixed-threshold comparison/);
    expect(result(r, 'NoThreshold').reason).toMatch(/no numeric Threshold/);
  });
});

describe('intrinsic functions', () => {
  test('Fn::Join, Ref and Fn::GetAtt in LogGroupName, RuleBody and a Metrics expression resolve', () => {
    const body = JSON.stringify(ruleBody('LOG_GROUP_NAME')).split('LOG_GROUP_NAME');
    const r = run({
      LogGroup: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: { 'Fn::Join': ['-', ['flow', 'logs']] } } },
      Filter: metricFilter('RejectedSsh', { group: { Ref: 'LogGroup' } }),
      Rule: {
        Type: 'AWS::CloudWatch::InsightRule',
        Properties: {
          RuleName: { 'Fn::Join': ['', [{ Ref: 'AWS::StackName' }, '-rejected-sources']] },
          RuleState: 'ENABLED',
          RuleBody: { 'Fn::Join': ['', [body[0], { Ref: 'LogGroup' }, body[1]]] },
        },
      },
      Contributor: {
        Type: 'AWS::CloudWatch::Alarm',
        Properties: {
          Metrics: [{
            Id: 'm1',
            Expression: { 'Fn::Join': ['', ['INSIGHT_RULE_METRIC("', { 'Fn::GetAtt': ['Rule', 'RuleName'] }, '", "MaxContributorValue")']] },
            Period: 300,
            ReturnData: true,
          }],
          EvaluationPeriods: 1,
          Threshold: 20,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        },
      },
      Delivery: {
        Type: 'AWS::CloudWatch::Alarm',
        Properties: {
          Namespace: 'AWS/Logs',
          MetricName: 'IncomingLogEvents',
          Dimensions: [{ Name: 'LogGroupName', Value: { 'Fn::Sub': '${LogGroup}' } }],
          Statistic: 'SampleCount',
          Period: 60,
          EvaluationPeriods: 1,
          Threshold: 100,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        },
      },
      Ssh: alarm('RejectedSsh'),
    }, burst(10, 100, { src: '198.51.100.1' }), { from: 0, to: 12 });
    expect(r.logGroup).toBe('flow-logs');
    expect(r.alarms.every(a => a.evaluated)).toBe(true);
    expect(result(r, 'Contributor').finalState).toBe('ALARM');
    expect(result(r, 'Delivery').finalState).toBe('ALARM');
    expect(result(r, 'Ssh').finalState).toBe('ALARM');
  });
});

describe('more intrinsic functions', () => {
  test('a parameter\'s Default, Fn::Select, Fn::Sub with variables and pseudo parameters, Fn::GetAtt as a string', () => {
    const p = templateFile({});
    fs.writeFileSync(p, JSON.stringify({
      Parameters: { GroupName: { Type: 'String', Default: 'flow-logs' }, NoDefault: { Type: 'String' } },
      Resources: {
        LogGroup: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: { Ref: 'GroupName' } } },
        Filter: metricFilter('RejectedSsh', { group: { 'Fn::Select': [1, ['other', { Ref: 'LogGroup' }]] } }),
        Ssh: alarm('RejectedSsh', {
          AlarmName: { 'Fn::Sub': ['${Prefix}-${AWS::Region}-${NoDefault}', { Prefix: 'ssh' }] },
          AlarmDescription: { 'Fn::Join': [' ', ['logs in', { 'Fn::GetAtt': 'LogGroup.Arn' }, { 'Fn::GetAtt': ['Filter', 'Anything'] }]] },
        }),
      },
    }));
    const r = runSync({ template: p, events: [eventsFile(burst(10, 12))] });
    expect(r.logGroup).toBe('flow-logs');
    expect(result(r, 'Ssh').alarmName).toBe('ssh-us-east-1-${NoDefault}');
    expect(result(r, 'Ssh').finalState).toBe('ALARM');
  });

  test('Fn::If in a Threshold: a BacktestInputError', () => {
    expect(inputError(() => run({
      LogGroup: LOG_GROUP, Filter: metricFilter('RejectedSsh'), Ssh: alarm('RejectedSsh', { Threshold: { 'Fn::If': ['Cond', 10, 20] } }),
    }, burst(10, 1)))).toMatch(/alarm Ssh \(Threshold\): the intrinsic function Fn::If cannot be resolved offline/);
  });

  test('a Ref to nothing in Dimensions: a BacktestInputError', () => {
    expect(inputError(() => run({
      LogGroup: LOG_GROUP, Filter: metricFilter('RejectedSsh'), Ssh: alarm('RejectedSsh', { Dimensions: [{ Name: 'A', Value: { Ref: 'Nope' } }] }),
    }, burst(10, 1)))).toMatch(/alarm Ssh \(Dimensions\): Ref to "Nope", which is neither a resource nor a parameter/);
  });

  test('Fn::GetAtt of nothing in a LogGroupName: a BacktestInputError', () => {
    expect(inputError(() => run({
      LogGroup: LOG_GROUP, Filter: metricFilter('RejectedSsh', { group: { 'Fn::GetAtt': ['Nope', 'LogGroupName'] } }), Ssh: alarm('RejectedSsh'),
    }, burst(10, 1)))).toMatch(/metric filter Filter: Fn::GetAtt of "Nope", which is not a resource/);
  });

  test('an AWS/Logs alarm on another log group gets no data from these events', () => {
    const r = run({
      LogGroup: LOG_GROUP,
      Other: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: 'other' } },
      Filter: metricFilter('RejectedSsh'),
      Ssh: alarm('RejectedSsh'),
      OtherDelivery: alarm('IncomingLogEvents', { Namespace: 'AWS/Logs', Dimensions: [{ Name: 'LogGroupName', Value: 'other' }], Threshold: 1 }),
    }, burst(10, 12), { from: 0, to: 15, logGroup: 'LogGroup' });
    expect(result(r, 'Ssh').finalState).toBe('ALARM');
    expect(result(r, 'OtherDelivery').evaluated).toBe(true);
    expect(transitions(r, 'OtherDelivery')).toEqual([]);
  });
});

describe('bad input', () => {
  test.each([
    ['DatapointsToAlarm above EvaluationPeriods', { EvaluationPeriods: 3, DatapointsToAlarm: 4 }, /alarm A: DatapointsToAlarm 4 must be a whole number from 1 to EvaluationPeriods \(3\)/],
    ['DatapointsToAlarm 0', { DatapointsToAlarm: 0 }, /DatapointsToAlarm 0 must be a whole number/],
    ['EvaluationPeriods 0', { EvaluationPeriods: 0 }, /alarm A: EvaluationPeriods 0 is not a whole number of at least 1/],
    ['EvaluationPeriods 1.5', { EvaluationPeriods: 1.5 }, /EvaluationPeriods 1.5 is not a whole number/],
    ['TreatMissingData not one of the four', { TreatMissingData: 'sometimes' }, /alarm A: TreatMissingData "sometimes" is not one of breaching, notBreaching, ignore, missing/],
  ])('an alarm CloudWatch refuses: %s', (_name, props, message) => {
    expect(inputError(() => run({ LogGroup: LOG_GROUP, F: metricFilter('X'), A: alarm('X', props) }, burst(10, 1)))).toMatch(message);
  });

  const twoGroups = {
    LogGroupA: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: 'flow-logs-a' } },
    LogGroupB: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: 'flow-logs-b' } },
    FilterA: metricFilter('A', { group: { Ref: 'LogGroupA' } }),
    FilterB: metricFilter('B', { group: { Ref: 'LogGroupB' } }),
    AlarmA: alarm('A'),
    AlarmB: alarm('B'),
  };

  test('two log groups and no logGroup option: asks for --log-group', () => {
    const message = inputError(() => run(twoGroups, burst(10, 12), { from: 0, to: 15 }));
    expect(message).toMatch(/--log-group/);
    expect(message).toContain('"flow-logs-a"');
    expect(message).toContain('"flow-logs-b"');
  });

  test('two log groups with logGroup (a name or a logical ID): the events are that group\'s', () => {
    for (const logGroup of ['flow-logs-b', 'LogGroupB']) {
      const r = run(twoGroups, burst(10, 12), { from: 0, to: 15, logGroup });
      expect(r.logGroup).toBe('flow-logs-b');
      expect(transitions(r, 'AlarmB')).toEqual([[at(11), 'INSUFFICIENT_DATA', 'ALARM']]);
      // the other group's metric gets no data from these events
      expect(transitions(r, 'AlarmA')).toEqual([]);
    }
  });

  test('a logGroup the template does not read', () => {
    expect(inputError(() => run(twoGroups, burst(10, 12), { logGroup: 'other' }))).toMatch(/--log-group "other".*flow-logs-a/);
  });

  test('a template without alarms', () => {
    expect(inputError(() => run({ LogGroup: LOG_GROUP, Filter: metricFilter('RejectedSsh') }, burst(10, 12))))
      .toMatch(/no AWS::CloudWatch::Alarm resources/);
  });

  test('alarms that read no log group', () => {
    expect(inputError(() => run({ Cpu: alarm('X', { Namespace: 'AWS/EC2' }) }, burst(10, 12)))).toMatch(/read no log group/);
  });

  test('to before from', () => {
    const message = inputError(() => run({ LogGroup: LOG_GROUP, Filter: metricFilter('RejectedSsh'), Ssh: alarm('RejectedSsh') },
      burst(10, 12), { from: 30, to: 20 }));
    expect(message).toMatch(/before/);
    expect(message).toContain(at(20));
  });

  test('a time that is not ISO 8601', () => {
    const message = inputError(() => runSync({
      template: templateFile({ LogGroup: LOG_GROUP, Filter: metricFilter('RejectedSsh'), Ssh: alarm('RejectedSsh') }),
      events: [eventsFile(burst(10, 1))],
      from: 'yesterday',
    }));
    expect(message).toMatch(/--from "yesterday" is not an ISO 8601 time/);
  });

  test('a filter pattern the engine cannot evaluate names the metric filter', () => {
    const message = inputError(() => run({
      LogGroup: LOG_GROUP, JsonFilter: metricFilter('X', { pattern: '{ $.a = 1 }' }), X: alarm('X'),
    }, burst(10, 1)));
    expect(message).toMatch(/metric filter JsonFilter/);
    expect(message).toMatch(/JSON/);
  });

  test('a template that is not JSON, or has no Resources', () => {
    const notJson = path.join(dir, 'not.json');
    fs.writeFileSync(notJson, 'Resources:\n  A: 1\n');
    expect(inputError(() => runSync({ template: notJson, events: [eventsFile(burst(10, 1))] }))).toMatch(/not a JSON template/);
    const empty = path.join(dir, 'empty.json');
    fs.writeFileSync(empty, '{}');
    expect(inputError(() => runSync({ template: empty, events: [eventsFile(burst(10, 1))] }))).toMatch(/no "Resources"/);
  });

  test('a missing template or events file, or none', () => {
    const template = templateFile({ LogGroup: LOG_GROUP, Filter: metricFilter('RejectedSsh'), Ssh: alarm('RejectedSsh') });
    expect(inputError(() => runSync({ template: path.join(dir, 'nope.json'), events: [eventsFile(burst(10, 1))] }))).toMatch(/cannot read the template/);
    expect(inputError(() => runSync({ template, events: [path.join(dir, 'nope-events.json')] }))).toMatch(/nope-events\.json does not exist/);
    expect(inputError(() => runSync({ template, events: [] }))).toMatch(/no events file/);
  });

  test('no events and no window: nothing to evaluate', () => {
    const template = templateFile({ LogGroup: LOG_GROUP, Filter: metricFilter('RejectedSsh'), Ssh: alarm('RejectedSsh') });
    const p = path.join(dir, 'no-events.json');
    fs.writeFileSync(p, '{"events": []}');
    expect(inputError(() => runSync({ template, events: [p] }))).toMatch(/no events were read/);
  });
});

describe('fixes found by review', () => {
  test('a metric math alarm as CDK writes it (ReturnData left out on the expression) is evaluated', () => {
    const r = run({
      LogGroup: LOG_GROUP,
      Ssh: metricFilter('RejectedSsh'),
      Rdp: metricFilter('RejectedRdp', { pattern: RDP_PATTERN }),
      Both: {
        Type: 'AWS::CloudWatch::Alarm',
        Properties: {
          EvaluationPeriods: 1,
          Threshold: 10,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          AlarmActions: [TOPIC],
          Metrics: [
            { Id: 'a', MetricStat: { Metric: { Namespace: 'Test', MetricName: 'RejectedSsh' }, Period: 3600, Stat: 'Sum' }, ReturnData: false },
            { Id: 'b', MetricStat: { Metric: { Namespace: 'Test', MetricName: 'RejectedRdp' }, Period: 3600, Stat: 'Sum' }, ReturnData: false },
            { Id: 'expr_1', Expression: 'a + b' },
          ],
        },
      },
    }, [...burst(1, 6), ...burst(1, 4, { dstport: 3389 })], { from: 0, to: 5 });
    expect(result(r, 'Both').evaluated).toBe(true);
    expect(notifications(r, 'Both')).toEqual([[at(2), 'INSUFFICIENT_DATA', 'ALARM']]);
  });

  test('two metric filters publishing one metric add up, as in CloudWatch', () => {
    const r = run({
      LogGroup: LOG_GROUP,
      Ssh: metricFilter('Rejected'),
      Rdp: metricFilter('Rejected', { pattern: RDP_PATTERN }),
      Alarm: alarm('Rejected', { AlarmActions: [TOPIC] }),
    }, [...burst(1, 6), ...burst(1, 4, { dstport: 3389 })], { from: 0, to: 5 });
    expect(notifications(r, 'Alarm')).toEqual([[at(2), 'INSUFFICIENT_DATA', 'ALARM']]);
  });

  test('actions are counted, not resolved: an imported topic is an action', () => {
    const r = run({
      LogGroup: LOG_GROUP,
      Ssh: metricFilter('RejectedSsh'),
      Alarm: alarm('RejectedSsh', { AlarmActions: [{ 'Fn::ImportValue': 'SecOpsTopicArn' }], AlarmDescription: { 'Fn::If': ['C', 'a', 'b'] } }),
    }, burst(1, 10), { from: 0, to: 5 });
    expect(notifications(r, 'Alarm')).toEqual([[at(2), 'INSUFFICIENT_DATA', 'ALARM']]);
  });

  test('a metric filter no alarm reads, on another log group, does not ask for --log-group', () => {
    const r = run({
      LogGroup: LOG_GROUP,
      Ssh: metricFilter('RejectedSsh'),
      Other: metricFilter('Unread', { group: 'another-group' }),
      Alarm: alarm('RejectedSsh'),
    }, burst(1, 10), { from: 0, to: 5 });
    expect(r.logGroup).toBe('flow-logs');
  });

  test('--from / --to need a zone (a time without one would depend on the machine)', () => {
    expect(inputError(() => runSync({
      template: templateFile({ LogGroup: LOG_GROUP, Ssh: metricFilter('RejectedSsh'), Alarm: alarm('RejectedSsh') }),
      events: [eventsFile(burst(1, 1))],
      from: '2026-01-05T00:00:00',
    }))).toMatch(/--from "2026-01-05T00:00:00" is not an ISO 8601 time with a zone/);
    const r = run({ LogGroup: LOG_GROUP, Ssh: metricFilter('RejectedSsh'), Alarm: alarm('RejectedSsh') }, burst(1, 1));
    expect(r.from).toBe(at(1).replace(/:05\.000Z$/, ':00.000Z'));
  });
});
