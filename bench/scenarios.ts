/**
 * `npm run scenarios`: what each detection tells a security engineer over realistic traffic.
 *
 * For every traffic scenario of bench/traffic.ts (generated deterministically, days long, in the
 * default and in a custom record format), the corpus is written to bench/scenarios.out/ as
 * `aws logs filter-log-events` pages, and the backtest engine evaluates, over it, the alarms of:
 * the seed's by-hand setup (bench/scenarios/seed.template.json) and a FlowLogsToCloudWatch with
 * every detection preset and the delivery health alarm. It prints a table: per scenario and
 * detection, the notifications a security engineer wants (written down below, before any run)
 * and the notifications the alarm sends. `--write` puts the table in README.md and
 * bench/SCENARIOS.md (test/scenarios.test.ts checks that they are current).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { DEFAULT_FORMAT, SCENARIOS, ScenarioName, scenarioEvents, scenarioInfo, writeFilterLogEventsPages } from './traffic';
import { FlowLogDetection, FlowLogField, FlowLogsToCloudWatch, FlowLogTarget } from '../lib';
import { BacktestEngine } from '../lib/private/backtest/engine';
import { FlowEvent, readEventsSync } from '../lib/private/backtest/events';
import { readTemplate } from '../lib/private/backtest/template';

/** A custom record format: reordered, with fields the default format lacks. */
export const CUSTOM_FORMAT = [
  FlowLogField.START_TIMESTAMP, FlowLogField.END_TIMESTAMP, FlowLogField.INTERFACE_ID, FlowLogField.SRC_ADDR,
  FlowLogField.SRC_PORT, FlowLogField.DST_ADDR, FlowLogField.DST_PORT, FlowLogField.PROTOCOL, FlowLogField.ACTION,
  FlowLogField.TCP_FLAGS, FlowLogField.PKT_SRC_ADDR, FlowLogField.FLOW_DIRECTION, FlowLogField.LOG_STATUS,
  FlowLogField.BYTES, FlowLogField.PACKETS,
];

/** The detections compared, in table order. `seed` is the by-hand template; `health` the delivery health alarm. */
export const COLUMNS = [
  'seed', 'RejectedSsh', 'RejectedRdp', 'RejectedAdminPorts', 'RejectedTraffic',
  'RejectedSshPerSource', 'RejectedRdpPerSource', 'RejectedAdminPortsFromInside', 'health', 'RejectedAdminPortsBand',
] as const;
type Column = typeof COLUMNS[number];

const HEADINGS: Record<Column, string> = {
  seed: 'seed (by hand)',
  RejectedSsh: '`rejectedSsh`',
  RejectedRdp: '`rejectedRdp`',
  RejectedAdminPorts: '`rejectedAdminPorts`',
  RejectedTraffic: '`rejectedTraffic`',
  RejectedSshPerSource: '`rejectedSshPerSource`',
  RejectedRdpPerSource: '`rejectedRdpPerSource`',
  RejectedAdminPortsFromInside: '`rejectedAdminPortsFromInside`',
  health: '`deliveryHealthPeriod` (30 min)',
  RejectedAdminPortsBand: '`rejectedAdminPorts` on an anomaly band',
};

/** The recommended configuration for an internet-facing VPC (README). */
export const RECOMMENDED: Column[] = ['RejectedSshPerSource', 'RejectedRdpPerSource', 'RejectedAdminPortsFromInside', 'health'];

/** What a security engineer wants to be told: no notification, exactly one, or at least one. */
type Want = 0 | 1 | '>=1';

/**
 * When the event a scenario is about happens (bench/traffic.ts), plus an hour for the alarm to see it
 * (flow log records arrive 10-20 minutes late; the detections' period is an hour): a notification
 * in this window is about the event; one outside it is about something else (background noise).
 */
const EVENT_WINDOWS: Partial<Record<ScenarioName, [string, string]>> = {
  bruteForce: ['2026-01-06T09:00:00Z', '2026-01-06T12:00:00Z'],
  lateral: ['2026-01-06T14:00:00Z', '2026-01-06T15:20:00Z'],
  deliveryStopped: ['2026-01-06T06:00:00Z', '2026-01-06T11:00:00Z'],
};

/**
 * Written down before running anything: the notifications wanted during the scenario's event and
 * outside it. Background noise (a quiet or busy VPC, internet scanning, a traffic spike, a first
 * deploy) must not notify anyone. A brute force on SSH must reach whoever watches SSH, while it
 * happens; lateral movement (a sweep of SSH and RDP from an instance inside) whoever watches rejected
 * admin ports in total or from inside; a delivery outage of 4 hours must notify exactly once, and
 * only through the delivery health alarm.
 */
function wanted(scenario: ScenarioName, column: Column): { during?: Want; outside: Want } {
  const ssh: Column[] = ['seed', 'RejectedSsh', 'RejectedAdminPorts', 'RejectedTraffic', 'RejectedSshPerSource'];
  const total: Column[] = ['seed', 'RejectedSsh', 'RejectedRdp', 'RejectedAdminPorts', 'RejectedTraffic'];
  switch (scenario) {
    case 'bruteForce': return { during: ssh.includes(column) ? '>=1' : 0, outside: 0 };
    // A sweep from inside tries each host 2-3 times: lateral movement, which the inside detection
    // reports; the per-source detections (one source hammering one host) rightly stay quiet. (Until
    // they counted per source only, they were wanted here too: see bench/SCENARIOS.md.)
    case 'lateral': return { during: [...total, 'RejectedAdminPortsFromInside'].includes(column) ? '>=1' : 0, outside: 0 };
    case 'deliveryStopped': return { during: column === 'health' ? 1 : 0, outside: 0 };
    default: return { outside: 0 };
  }
}

function meets(want: Want, got: number): boolean {
  return want === '>=1' ? got >= 1 : got === want;
}

/** The stack every scenario backtests: every preset, the delivery health alarm, an e-mail. */
function libraryTemplate(format: FlowLogField[] | undefined): { template: object; alarms: Map<string, Column> } {
  const app = new App();
  const stack = new Stack(app, 'Scenarios');
  const vpc = new ec2.Vpc(stack, 'Vpc', { ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'), maxAzs: 2, natGateways: 0 });
  const flowLogs = new FlowLogsToCloudWatch(stack, 'FlowLogs', {
    targets: [FlowLogTarget.fromVpc(vpc)],
    logFormat: format,
    detections: [
      FlowLogDetection.rejectedSsh(),
      FlowLogDetection.rejectedRdp(),
      FlowLogDetection.rejectedAdminPorts(),
      FlowLogDetection.rejectedTraffic(),
      FlowLogDetection.rejectedSshPerSource(),
      FlowLogDetection.rejectedRdpPerSource(),
      // As the README recommends it: the VPC's own range.
      FlowLogDetection.rejectedAdminPortsFromInside({ sourceCidrs: ['10.0.0.0/16'] }),
      FlowLogDetection.rejectedAdminPorts({ name: 'RejectedAdminPortsBand', anomalyBandWidth: 2 }),
    ],
    deliveryHealthPeriod: Duration.minutes(30),
    alarmEmails: ['secops@example.com'],
  });
  const alarms = new Map<string, Column>();
  for (const alarm of flowLogs.alarms) {
    const name = alarm.node.id.replace(/Alarm$/, '') as Column;
    alarms.set(stack.getLogicalId(alarm.node.defaultChild as any), name);
  }
  alarms.set(stack.getLogicalId(flowLogs.deliveryHealthAlarm!.node.defaultChild as any), 'health');
  const template = app.synth().getStackByName('Scenarios').template;
  return { template, alarms };
}

export interface ScenarioCell {
  readonly want?: { during?: Want; outside: Want };
  /** Notifications during the scenario's event (if it has one) and outside it; or not evaluated. */
  readonly got?: { during?: number; outside: number };
  /** Whether the alarm sent what is wanted; undefined when it was not evaluated (anomaly bands: CloudWatch's model). */
  readonly ok?: boolean;
  /** The share of the window the alarm spent in ALARM (0-1). */
  readonly inAlarm?: number;
}

function judge(scenario: ScenarioName, column: Column, notifications: Array<{ time: string }>): Pick<ScenarioCell, 'want' | 'got' | 'ok'> {
  const want = wanted(scenario, column);
  const w = EVENT_WINDOWS[scenario];
  const inside = (t: string) => w !== undefined && Date.parse(t) >= Date.parse(w[0]) && Date.parse(t) < Date.parse(w[1]);
  const during = notifications.filter(n => inside(n.time)).length;
  const got = { during: w ? during : undefined, outside: notifications.length - during };
  const ok = meets(want.outside, got.outside) && (want.during === undefined || meets(want.during, during));
  return { want, got, ok };
}

/** The share of [from, to] an alarm spent in ALARM, from its transitions. */
function alarmShare(transitions: Array<{ time: string; to: string }>, from: string, to: string): number {
  const start = Date.parse(from);
  const end = Date.parse(to);
  let total = 0;
  let since: number | undefined;
  for (const t of transitions) {
    const at = Date.parse(t.time);
    if (since !== undefined) total += at - since;
    since = t.to === 'ALARM' ? at : undefined;
  }
  if (since !== undefined) total += end - since;
  return end > start ? total / (end - start) : 0;
}

export interface ScenarioRow {
  readonly scenario: ScenarioName;
  readonly format: 'default' | 'custom';
  readonly events: number;
  readonly cells: Record<Column, ScenarioCell>;
}

/**
 * Generates the corpus, runs the engine, and returns a row per scenario and format. With `outDir`,
 * the corpus is written there and the engine reads the files (as the command does); without, the
 * generated events go to the engine directly (the same events, faster: what the test does).
 */
export async function runScenarios(outDir: string | undefined, log: (line: string) => void = () => {}): Promise<ScenarioRow[]> {
  const dir = outDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'scenarios-'));
  fs.mkdirSync(dir, { recursive: true });
  const seedTemplate = path.join(__dirname, 'scenarios', 'seed.template.json');
  const rows: ScenarioRow[] = [];
  for (const format of ['default', 'custom'] as const) {
    const fields = format === 'default' ? undefined : CUSTOM_FORMAT;
    const lib = libraryTemplate(fields);
    const libTemplate = path.join(dir, `library.${format}.template.json`);
    fs.writeFileSync(libTemplate, JSON.stringify(lib.template, null, 1));
    for (const scenario of SCENARIOS) {
      const info = scenarioInfo(scenario);
      const generated = () => scenarioEvents(scenario, { format: fields ? fields.map(f => f.name) : DEFAULT_FORMAT });
      const events = path.join(dir, `${scenario}.${format}.json`);
      if (outDir) await writeFilterLogEventsPages(events, generated());
      // One read of the corpus feeds both templates' engines.
      const window = { from: Date.parse(info.from), to: Date.parse(info.to) };
      const libEngine = new BacktestEngine(readTemplate(fs.readFileSync(libTemplate, 'utf8'), libTemplate), window);
      const seedEngine = new BacktestEngine(readTemplate(fs.readFileSync(seedTemplate, 'utf8'), seedTemplate), { ...window, logGroup: 'vpc-flow-logs' });
      const feed = (e: FlowEvent) => {
        libEngine.add(e);
        seedEngine.add(e);
      };
      if (outDir) readEventsSync(events, feed);
      else for (const e of generated()) feed(e);
      const count = libEngine.events;
      const libResult = libEngine.finish();
      const seedResult = seedEngine.finish();
      const cells = {} as Record<Column, ScenarioCell>;
      for (const a of libResult.alarms) {
        const column = lib.alarms.get(a.logicalId);
        if (!column) continue;
        cells[column] = a.evaluated
          ? { ...judge(scenario, column, a.notifications), inAlarm: alarmShare(a.transitions, info.from, info.to) }
          : {};
      }
      const seed = seedResult.alarms[0];
      cells.seed = { ...judge(scenario, 'seed', seed.notifications), inAlarm: alarmShare(seed.transitions, info.from, info.to) };
      rows.push({ scenario, format, events: count, cells });
      log(`${scenario} (${format} format): ${count.toLocaleString('en-US')} events`);
    }
  }
  if (!outDir) fs.rmSync(dir, { recursive: true, force: true });
  return rows;
}

function wantText(w: Want): string {
  return w === '>=1' ? '≥ 1' : String(w);
}

/** `✓ 1` / `✗ 1 (want 0)`; with an event: `✓ 1 + 0` (during + outside); and the time in ALARM. */
function cell(c: ScenarioCell): string {
  if (!c.got || !c.want) return 'not evaluated';
  const got = c.got.during === undefined ? `${c.got.outside}` : `${c.got.during} + ${c.got.outside}`;
  const want = c.want.during === undefined ? wantText(c.want.outside) : `${wantText(c.want.during)} + ${wantText(c.want.outside)}`;
  // Time in ALARM shows an alarm that never clears (one notification, then red for days).
  const red = c.inAlarm && c.inAlarm >= 0.005 ? `, red ${Math.round(c.inAlarm * 100)} %` : '';
  return c.ok ? `✓ ${got}${red}` : `✗ ${got} (want ${want})${red}`;
}

/** The Markdown table, with a line per scenario and format and a summary for the recommended configuration. */
export function scenarioTable(rows: ScenarioRow[]): string {
  const lines: string[] = [];
  lines.push(`| scenario | format | events | ${COLUMNS.map(c => HEADINGS[c]).join(' | ')} |`);
  lines.push(`| --- | --- | ---: | ${COLUMNS.map(() => '---').join(' | ')} |`);
  for (const r of rows) {
    lines.push(`| ${r.scenario} | ${r.format} | ${r.events.toLocaleString('en-US')} | ${COLUMNS.map(c => cell(r.cells[c])).join(' | ')} |`);
  }
  const recommended = rows.flatMap(r => RECOMMENDED.map(c => r.cells[c]));
  const all = rows.flatMap(r => COLUMNS.map(c => r.cells[c])).filter(c => c.ok !== undefined);
  const skipped = rows.flatMap(r => COLUMNS.map(c => r.cells[c])).filter(c => c.ok === undefined).length;
  lines.push('');
  lines.push('Notifications sent over each scenario (✓: what a security engineer wants; ✗: not, with what they want; '
    + '"a + b": a during the scenario\'s event (the brute force, the lateral movement, the outage, each plus an hour), b at any other time; '
    + '"red": the share of the scenario the alarm spent in ALARM). '
    + `Recommended configuration for an internet-facing VPC (${RECOMMENDED.map(c => HEADINGS[c]).join(', ')}): `
    + `${recommended.filter(c => c.ok).length} of ${recommended.length} as wanted. All evaluated detections: ${all.filter(c => c.ok).length} of ${all.length}`
    + (skipped > 0 ? ` (${skipped} not evaluated, not counted).` : '.'));
  return lines.join('\n');
}

/** The scenarios, what each simulates and what a security engineer wants from it. */
export function scenarioList(): string {
  const lines = ['| scenario | window (UTC) | traffic | wanted |', '| --- | --- | --- | --- |'];
  for (const name of SCENARIOS) {
    const info = scenarioInfo(name);
    const w = EVENT_WINDOWS[name];
    const wants = COLUMNS.filter(c => c !== 'RejectedAdminPortsBand' && wanted(name, c).during !== undefined && wanted(name, c).during !== 0)
      .map(c => `${HEADINGS[c]}: ${wanted(name, c).during === 1 ? 'exactly 1' : '≥ 1'}`);
    const event = w ? ` from ${w[0].slice(0, 16)} to ${w[1].slice(0, 16)} (the event, plus an hour)` : '';
    lines.push(`| ${name} | ${info.from.slice(0, 16)} to ${info.to.slice(0, 16)} | ${info.description} | `
      + `${wants.length ? wants.join('; ') + event + '; no other notification' : 'no notification'} |`);
  }
  return lines.join('\n');
}

const START = '<!-- scenarios:start (npm run scenarios -- --write) -->';
const END = '<!-- scenarios:end -->';

/** `text` with the part between the scenario markers replaced by `table`. */
export function withTable(text: string, table: string, file: string): string {
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a < 0 || b < a) throw new Error(`${file} has no ${START} ... ${END} section for the scenario table.`);
  return text.slice(0, a + START.length) + '\n' + table + '\n' + text.slice(b);
}

/** The scenario section of a file. */
export function tableIn(text: string): string {
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  return a < 0 || b < a ? '' : text.slice(a + START.length, b).trim();
}

async function main() {
  const write = process.argv.includes('--write');
  const root = path.join(__dirname, '..');
  const started = Date.now();
  const rows = await runScenarios(path.join(__dirname, 'scenarios.out'), line => process.stderr.write(line + '\n'));
  const table = scenarioTable(rows);
  console.log(table);
  process.stderr.write(`(${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  if (write) {
    const files: Array<[string, string]> = [[path.join(root, 'README.md'), table], [path.join(__dirname, 'SCENARIOS.md'), scenarioList() + '\n\n' + table]];
    for (const [file, text] of files) {
      fs.writeFileSync(file, withTable(fs.readFileSync(file, 'utf8'), text, file));
      process.stderr.write(`wrote the table to ${path.relative(root, file)}\n`);
    }
  }
}

if (require.main === module) {
  main().catch(e => {
    console.error(e);
    process.exit(1);
  });
}
