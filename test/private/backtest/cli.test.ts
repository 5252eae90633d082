/**
 * The `cdk-flow-logs-backtest` command, run as a child process (bin/cdk-flow-logs-backtest, which
 * loads the compiled lib/private/backtest/cli.js): its JSON and text reports, `--plot`, and exit
 * code 2 with nothing on standard output (and no plot file) for bad input.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { anomalyBandAlarm } from './fixtures';
import { main } from '../../../lib/private/backtest/cli';
import { plotSpec } from '../../../lib/private/backtest/plot';
import { runSync } from '../../../lib/private/backtest/run';

const ROOT = path.join(__dirname, '..', '..', '..');
const BIN = path.join(ROOT, 'bin', 'cdk-flow-logs-backtest');
const TS_NODE = require.resolve('ts-node/register');

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 5, 0, 0, 0);
const at = (m: number) => new Date(T0 + m * MIN).toISOString();

const SSH_PATTERN = '[version, account, eni, source, destination, srcport, destport="22", protocol="6", packets, bytes, windowstart, windowend, action="REJECT", flowlogstatus]';

let dir: string;
let template: string;
let events: string;

function write(name: string, content: string | object): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
}

function resources(pattern = SSH_PATTERN, withAlarm = true) {
  return {
    Resources: {
      LogGroup: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: 'flow-logs' } },
      SshFilter: {
        Type: 'AWS::Logs::MetricFilter',
        Properties: {
          LogGroupName: { Ref: 'LogGroup' },
          FilterPattern: pattern,
          MetricTransformations: [{ MetricNamespace: 'Test', MetricName: 'RejectedSsh', MetricValue: '1' }],
        },
      },
      ...(withAlarm ? {
        SshAlarm: {
          Type: 'AWS::CloudWatch::Alarm',
          Properties: {
            AlarmName: 'rejected-ssh',
            Namespace: 'Test',
            MetricName: 'RejectedSsh',
            Statistic: 'Sum',
            Period: 3600,
            EvaluationPeriods: 1,
            Threshold: 10,
            ComparisonOperator: 'GreaterThanOrEqualToThreshold',
            AlarmActions: ['arn:aws:sns:us-east-1:123456789012:alarms'],
          },
        },
      } : {}),
    },
  };
}

/** 12 rejected SSH records in minute 10. */
function sshEvents() {
  return {
    events: Array.from({ length: 12 }, (_, i) => {
      const timestamp = T0 + 10 * MIN + 1000 + i * 1000;
      const s = Math.floor(timestamp / 1000);
      return { timestamp, ingestionTime: timestamp, message: `2 123456789012 eni-1a2b3c4d 203.0.113.7 10.0.0.5 40000 22 6 1 40 ${s} ${s + 60} REJECT OK` };
    }),
  };
}

function cli(...args: string[]) {
  // From the TypeScript sources (ts-node, transpile only): the compiled command is tested from the
  // packed tarball by the consumer test (test/consumer/check-backtest.js).
  const r = spawnSync(process.execPath, ['-r', TS_NODE, BIN, ...args], {
    cwd: dir, encoding: 'utf8', timeout: 60_000, env: { ...process.env, TS_NODE_PREFER_TS_EXTS: 'true', TS_NODE_TRANSPILE_ONLY: 'true', TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json') },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backtest-cli-'));
  template = write('template.json', resources());
  events = write('events.json', sshEvents());
});
afterAll(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });

describe('reports', () => {
  test('--json', () => {
    const r = cli('--template', template, '--events', events, '--from', at(0), '--to', at(20), '--json', '--quiet');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.alarms).toHaveLength(1);
    const alarm = report.alarms[0];
    expect(Object.keys(alarm)).toEqual(expect.arrayContaining(['logicalId', 'alarmName', 'finalState', 'transitions', 'notifications']));
    expect(alarm.logicalId).toBe('SshAlarm');
    expect(alarm.alarmName).toBe('rejected-ssh');
    expect(alarm.finalState).toBe('ALARM');
    const expected = [{ time: at(11), from: 'INSUFFICIENT_DATA', to: 'ALARM' }];
    expect(alarm.transitions).toStrictEqual(expected);
    expect(alarm.notifications).toStrictEqual(expected);
  });

  test('--json with the default window and --events=<file>', () => {
    const r = cli(`--template=${template}`, `--events=${events}`, '--json');
    expect(r.status).toBe(0);
    const alarm = JSON.parse(r.stdout).alarms[0];
    expect(alarm.transitions).toStrictEqual([{ time: at(11), from: 'INSUFFICIENT_DATA', to: 'ALARM' }]);
  });

  test('text: a block per alarm and a summary line', () => {
    const r = cli('--template', template, '--events', events, '--from', at(0), '--to', at(20));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('SshAlarm (rejected-ssh)');
    expect(r.stdout).toContain(at(11));
    expect(r.stdout).toMatch(/^Summary: 1 alarm\(s\) evaluated; 1 notification\(s\); in ALARM at the end: SshAlarm\.$/m);
  });

  test('text: an alarm that stays OK', () => {
    const few = write('few.json', { events: sshEvents().events.slice(0, 3) });
    const r = cli('--template', template, '--events', few, '--from', at(0), '--to', at(20));
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Summary: 1 alarm\(s\) evaluated; 0 notification\(s\); in ALARM at the end: none\.$/m);
  });

  test('--plot writes an SVG of the alarm', () => {
    const plot = path.join(dir, 'out.svg');
    const r = cli('--template', template, '--events', events, '--from', at(0), '--to', at(20), '--plot', plot, '--quiet');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const svg = fs.readFileSync(plot, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('SshAlarm');
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    // the report is printed as well
    expect(r.stdout).toMatch(/^Summary: /m);
  });

  test('--help', () => {
    const r = cli('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: cdk-flow-logs-backtest --template/);
    expect(r.stdout).toContain('--plot');
  });
});

describe('bad input: exit code 2, the problem on standard error, nothing on standard output, no plot', () => {
  function expectBadInput(args: string[], message: RegExp) {
    const plot = path.join(dir, `bad-${Math.random().toString(36).slice(2)}.svg`);
    const r = cli(...args, '--plot', plot);
    expect(r.stdout).toBe('');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^cdk-flow-logs-backtest: /);
    expect(r.stderr).toMatch(message);
    expect(fs.existsSync(plot)).toBe(false);
  }

  test('an events file that is not an accepted shape', () => {
    const text = write('notes.txt', 'these are my notes\nnot flow logs\n');
    expectBadInput(['--template', template, '--events', text], /notes\.txt is not one of the accepted event files/);
  });

  test('an events file that does not exist', () => {
    expectBadInput(['--template', template, '--events', path.join(dir, 'missing.json')], /missing\.json does not exist/);
  });

  test('a template without alarms', () => {
    const noAlarms = write('no-alarms.json', resources(SSH_PATTERN, false));
    expectBadInput(['--template', noAlarms, '--events', events], /no AWS::CloudWatch::Alarm resources/);
  });

  test('--to before --from', () => {
    expectBadInput(['--template', template, '--events', events, '--from', at(20), '--to', at(10)], /--to .* is before --from/);
  });

  test('an unsupported filter pattern: the message names the metric filter', () => {
    const json = write('json-pattern.json', resources('{ $.a = 1 }'));
    expectBadInput(['--template', json, '--events', events], /metric filter SshFilter: JSON filter patterns/);
  });

  test('an unknown flag', () => {
    expectBadInput(['--template', template, '--events', events, '--frobnicate'], /unknown argument "--frobnicate"/);
  });

  test('no --template', () => {
    expectBadInput(['--events', events], /--template <template\.json> is required/);
  });

  test('no --events', () => {
    expectBadInput(['--template', template], /--events <file> is required/);
  });

  test('a flag without its value', () => {
    expectBadInput(['--template', template, '--events', events, '--from'], /--from needs a value/);
  });

  test('a time without a zone', () => {
    expectBadInput(['--template', template, '--events', events, '--from', '2026-01-05T00:00:00'], /--from "2026-01-05T00:00:00" is not an ISO 8601 time with a zone/);
  });

  test('a plot file that cannot be written: 2, before any event is read', () => {
    const r = cli('--template', template, '--events', events, '--plot', path.join(dir, 'no-such-dir', 'x.svg'));
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/--plot .*x\.svg cannot be written/);
  });
});

describe('in process: the same command and its plot specification', () => {
  async function inProcess(...args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(chunk => { out.push(String(chunk)); return true; });
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(chunk => { err.push(String(chunk)); return true; });
    try {
      const status = await main(args);
      return { status, stdout: out.join(''), stderr: err.join('') };
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
  }

  test('--json: the report the child process prints', async () => {
    const args = ['--template', template, '--events', events, '--from', at(0), '--to', at(20), '--json', '--quiet'];
    const r = await inProcess(...args);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(cli(...args).stdout));
  });

  test('progress on standard error unless --quiet', async () => {
    let now = Date.UTC(2026, 0, 1);
    const clock = jest.spyOn(Date, 'now').mockImplementation(() => (now += 1500));
    try {
      const loud = await inProcess('--template', template, '--events', events, '--from', at(0), '--to', at(20));
      expect(loud.status).toBe(0);
      expect(loud.stderr).toMatch(/^read 12 records/m);
      const quiet = await inProcess('--template', template, '--events', events, '--from', at(0), '--to', at(20), '--quiet');
      expect(quiet.stderr).toBe('');
    } finally {
      clock.mockRestore();
    }
  });

  test('text: NOT EVALUATED alarms, at most 50 transitions per alarm, the summary', async () => {
    // One match in every even minute, the ACCEPT records (DefaultValue 0) in every minute: a
    // 1-minute Sum >= 1 alarm goes to ALARM at every odd minute (the newest period is the even
    // minute before) and to OK at every even one: 130 transitions from minute 1 to 130.
    const lines: object[] = [];
    for (let m = 0; m < 130; m++) {
      const s = Math.floor((T0 + m * MIN) / 1000) + 1;
      lines.push({ timestamp: s * 1000, message: `2 123456789012 eni-1a2b3c4d 203.0.113.7 10.0.0.5 40000 443 6 1 40 ${s} ${s + 60} ACCEPT OK` });
      if (m % 2 === 0) lines.push({ timestamp: s * 1000 + 1, message: `2 123456789012 eni-1a2b3c4d 203.0.113.7 10.0.0.5 40000 22 6 1 40 ${s} ${s + 60} REJECT OK` });
    }
    const flapping = write('flapping.json', { events: lines });
    const base = resources();
    const filter = base.Resources.SshFilter;
    const transformation = { ...filter.Properties.MetricTransformations[0], DefaultValue: 0 };
    const alarmProps = { ...base.Resources.SshAlarm!.Properties, AlarmName: undefined, Period: 60, Threshold: 1 };
    const t = write('flap-template.json', {
      Resources: {
        ...base.Resources,
        SshFilter: { ...filter, Properties: { ...filter.Properties, MetricTransformations: [transformation] } },
        SshAlarm: { ...base.Resources.SshAlarm, Properties: alarmProps },
        Band: anomalyBandAlarm(),
      },
    });
    const r = await inProcess('--template', t, '--events', flapping, '--from', at(0), '--to', at(130), '--quiet');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^SshAlarm$/m);
    expect(r.stdout).toMatch(/^ {2}final state OK; 130 transition\(s\), 65 notification\(s\)$/m);
    expect(r.stdout.match(/ -> notifies$/gm)).toHaveLength(25);
    expect(r.stdout).toMatch(/^ {2}\.\.\. 80 more transition\(s\)$/m);
    expect(r.stdout).toMatch(/^Band\n {2}NOT EVALUATED: anomaly detection band alarm/m);
    expect(r.stdout).toMatch(/^Summary: 1 alarm\(s\) evaluated, 1 not evaluated; 65 notification\(s\); in ALARM at the end: none\.$/m);
  });

  test('-h', async () => {
    const r = await inProcess('-h');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: /);
  });

  test('a value that looks like a flag is no value', async () => {
    const r = await inProcess('--template', template, '--events', '--json');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--events needs a value/);
  });

  test('bad input: 2, nothing on standard output', async () => {
    const r = await inProcess('--template', template, '--events', events, '--template', template);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^cdk-flow-logs-backtest: --template is given twice\./);
  });

  test('the plot: a chart per evaluated alarm with its state bands, values and notifications', () => {
    const result = runSync({ template, events: [events], from: at(0), to: at(20), timeline: true });
    const spec = plotSpec(result) as any;
    expect(spec.vconcat).toHaveLength(1);
    const chart = spec.vconcat[0];
    expect(chart.title.text).toBe('SshAlarm (rejected-ssh)');
    const [bands, line, threshold, rules] = chart.layer;
    // INSUFFICIENT_DATA evaluated at minutes 1-10, ALARM at 11-20
    expect(bands.data.values).toEqual([
      { start: T0, end: T0 + 10 * MIN, state: 'INSUFFICIENT_DATA' },
      { start: T0 + 10 * MIN, end: T0 + 20 * MIN, state: 'ALARM' },
    ]);
    // the newest hour holds the 12 events from minute 11 on; before, no value
    expect(line.data.values).toEqual(Array.from({ length: 10 }, (_, i) => ({ time: T0 + (11 + i) * MIN, value: 12 })));
    expect(threshold.data.values).toEqual([{ threshold: 10 }]);
    expect(rules.data.values).toEqual([{ time: T0 + 11 * MIN, label: 'INSUFFICIENT_DATA -> ALARM' }]);
  });

  test('the plot of a template whose alarms are not evaluated says so', () => {
    const band = write('band.json', {
      Resources: {
        ...resources().Resources,
        SshAlarm: anomalyBandAlarm(),
      },
    });
    const spec = plotSpec(runSync({ template: band, events: [events], timeline: true })) as any;
    expect(spec.vconcat).toHaveLength(1);
    expect(spec.vconcat[0].title.text).toBe('No alarm was evaluated');
  });
});
