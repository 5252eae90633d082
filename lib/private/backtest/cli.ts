/**
 * `cdk-flow-logs-backtest`: the backtest engine as a command.
 *
 *   cdk-flow-logs-backtest --template <template.json> --events <file> [--events <file> ...]
 *                          [--from <ISO time>] [--to <ISO time>] [--log-group <name or logical ID>]
 *                          [--json] [--plot <file.svg>] [--quiet]
 *
 * Exit codes: 0 done; 2 bad input (the message says what is wrong; nothing is written to standard
 * output or to the plot file); 1 an unexpected failure.
 */
import * as fs from 'fs';
import * as path from 'path';
import { EngineResult } from './engine';
import { readEvents } from './events';
import { loadPlotter } from './plot';
import { prepare, RunOptions } from './run';
import { BacktestInputError } from './template';

const USAGE = `Usage: cdk-flow-logs-backtest --template <template.json> --events <file> [--events <file> ...]
                              [--from <ISO time>] [--to <ISO time>] [--log-group <name or logical ID>]
                              [--json] [--plot <file.svg>] [--quiet]

Evaluates every CloudWatch alarm of a synthesized template over flow log events, as CloudWatch
would, and reports each alarm's state transitions and notifications.

  --template   the template (cdk.out/<stack>.template.json, or any CloudFormation JSON template)
  --events     what \`aws logs filter-log-events\` prints (pages, concatenated or in a JSON array), or a
               flow log file as delivered to S3 (.log or .log.gz, first line naming the fields)
  --from       when the alarms are created (default: the first event); earlier events are history
  --to         the last evaluation (default: the minute after the last event was ingested)
  --log-group  the log group the events are from, when the template reads several
  --json       print {"alarms":[{"logicalId","alarmName","finalState","transitions","notifications"}]}
  --plot       draw each alarm's metric, threshold, state and notifications to an SVG file
               (needs the npm packages vega and vega-lite)
  --quiet      no progress on standard error`;

interface Args extends RunOptions {
  readonly json: boolean;
  readonly plot?: string;
  readonly quiet: boolean;
  readonly help: boolean;
}

function parseArgs(argv: string[]): Args {
  const events: string[] = [];
  const single: Record<string, string | undefined> = {};
  let json = false;
  let quiet = false;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || (inline === undefined && v.startsWith('--'))) throw new BacktestInputError(`${flag} needs a value.`);
      return v;
    };
    switch (flag) {
      case '--events': events.push(value()); break;
      case '--template': case '--from': case '--to': case '--plot': case '--log-group':
        if (single[flag] !== undefined) throw new BacktestInputError(`${flag} is given twice.`);
        single[flag] = value();
        break;
      case '--json': json = true; break;
      case '--quiet': quiet = true; break;
      case '--help': case '-h': help = true; break;
      default: throw new BacktestInputError(`unknown argument ${JSON.stringify(arg)}.`);
    }
  }
  if (!help && single['--template'] === undefined) throw new BacktestInputError('--template <template.json> is required.');
  if (!help && events.length === 0) throw new BacktestInputError('--events <file> is required.');
  return {
    template: single['--template'] ?? '',
    events,
    from: single['--from'],
    to: single['--to'],
    logGroup: single['--log-group'],
    plot: single['--plot'],
    json,
    quiet,
    help,
    timeline: single['--plot'] !== undefined,
  };
}

/** Progress on standard error: records read, rate, and time left when the size is known. */
class Progress {
  private readonly started = Date.now();
  private last = 0;
  private shown = false;
  constructor(private readonly enabled: boolean, private readonly files: number[]) {}

  public update(records: number, file: number, read: number) {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.started < 1000 || now - this.last < 1000) return;
    this.last = now;
    const seconds = (now - this.started) / 1000;
    const done = this.files.slice(0, file).reduce((a, b) => a + b, 0) + read;
    const total = this.files.reduce((a, b) => a + b, 0);
    const fraction = total > 0 ? done / total : 0;
    const left = fraction > 0 ? seconds * (1 - fraction) / fraction : NaN;
    const line = `read ${records.toLocaleString('en-US')} records (${Math.round(records / seconds).toLocaleString('en-US')}/s), `
      + `${(fraction * 100).toFixed(0)}% of the input${Number.isFinite(left) ? `, about ${Math.ceil(left)} s left` : ''}`;
    process.stderr.write(process.stderr.isTTY ? `\r${line}\x1b[K` : `${line}\n`);
    this.shown = true;
  }

  public done(records: number) {
    if (!this.shown) return;
    const seconds = (Date.now() - this.started) / 1000;
    const line = `read ${records.toLocaleString('en-US')} records in ${seconds.toFixed(1)} s`;
    process.stderr.write(process.stderr.isTTY ? `\r${line}\x1b[K\n` : `${line}\n`);
  }
}

/** The JSON report: what the acceptance tests read. */
export function jsonReport(r: EngineResult) {
  return {
    from: r.from,
    to: r.to,
    logGroup: r.logGroup,
    events: r.events,
    alarms: r.alarms.map(a => ({
      logicalId: a.logicalId,
      alarmName: a.alarmName ?? null,
      evaluated: a.evaluated,
      ...(a.reason ? { reason: a.reason } : {}),
      finalState: a.finalState,
      transitions: a.transitions,
      notifications: a.notifications,
    })),
  };
}

/** The readable report: a block per alarm and a summary line. */
export function textReport(r: EngineResult, template: string): string {
  const out: string[] = [];
  out.push(`Backtest of ${template}: ${r.events.toLocaleString('en-US')} events of log group ${JSON.stringify(r.logGroup)}, ${r.from} to ${r.to}`);
  for (const a of r.alarms) {
    out.push('');
    out.push(`${a.logicalId}${a.alarmName ? ` (${a.alarmName})` : ''}`);
    if (!a.evaluated) {
      out.push(`  NOT EVALUATED: ${a.reason}`);
      continue;
    }
    out.push(`  final state ${a.finalState}; ${a.transitions.length} transition(s), ${a.notifications.length} notification(s)`);
    const shown = a.transitions.slice(0, 50);
    for (const t of shown) {
      const notifies = a.notifications.includes(t) ? '  -> notifies' : '';
      out.push(`  ${t.time}  ${t.from.padEnd(17)} -> ${t.to}${notifies}`);
    }
    if (a.transitions.length > shown.length) out.push(`  ... ${a.transitions.length - shown.length} more transition(s)`);
  }
  const evaluated = r.alarms.filter(a => a.evaluated);
  const notEvaluated = r.alarms.length - evaluated.length;
  const notifications = evaluated.reduce((n, a) => n + a.notifications.length, 0);
  out.push('');
  out.push(`Summary: ${evaluated.length} alarm(s) evaluated${notEvaluated ? `, ${notEvaluated} not evaluated` : ''}; `
    + `${notifications} notification(s); in ALARM at the end: ${evaluated.filter(a => a.finalState === 'ALARM').map(a => a.logicalId).join(', ') || 'none'}.`);
  return out.join('\n');
}

/** The plot file can be written (its directory exists and is writable; an existing file is writable). */
function checkWritable(file: string) {
  const dir = path.dirname(path.resolve(file));
  try {
    if (!fs.statSync(dir).isDirectory()) throw new Error('not a directory');
    fs.accessSync(dir, fs.constants.W_OK);
    if (fs.existsSync(file)) fs.accessSync(file, fs.constants.W_OK);
  } catch (e) {
    throw new BacktestInputError(`--plot ${file} cannot be written (${(e as Error).message.split('\n')[0]}); give a file in an existing, writable directory.`);
  }
}

/** Runs the command; resolves to its exit code. */
export async function main(argv: string[]): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args.help) {
      process.stdout.write(USAGE + '\n');
      return 0;
    }
    const { engine } = prepare(args);
    if (args.plot !== undefined) checkWritable(args.plot);
    const plotter = args.plot !== undefined ? await loadPlotter() : undefined;
    const sizes = args.events.map(f => fs.statSync(f).size);
    const progress = new Progress(!args.quiet, sizes);
    for (let i = 0; i < args.events.length; i++) {
      await readEvents(args.events[i], e => engine.add(e), (read) => progress.update(engine.events, i, read));
    }
    const result = engine.finish();
    progress.done(engine.events);
    // Render the plot before writing anything, so a failure leaves nothing behind.
    const svg = plotter ? await plotter(result) : undefined;
    if (svg !== undefined) fs.writeFileSync(args.plot!, svg);
    process.stdout.write((args.json ? JSON.stringify(jsonReport(result), null, 2) : textReport(result, args.template)) + '\n');
    return 0;
  } catch (e) {
    if (e instanceof BacktestInputError) {
      process.stderr.write(`cdk-flow-logs-backtest: ${e.message}\n\n${USAGE}\n`);
      return 2;
    }
    process.stderr.write(`cdk-flow-logs-backtest: unexpected failure: ${(e as Error).stack ?? e}\n`);
    return 1;
  }
}
