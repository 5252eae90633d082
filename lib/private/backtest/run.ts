/**
 * One backtest: a template file and event files in, the engine's result out. Synchronous (for the
 * jsii API) or streamed with progress (for the command).
 */
import * as fs from 'fs';
import { BacktestEngine, EngineResult } from './engine';
import { ProgressSink, readEvents, readEventsSync } from './events';
import { BacktestInputError, readTemplate, TemplateModel } from './template';

export interface RunOptions {
  readonly template: string;
  readonly events: string[];
  readonly from?: string;
  readonly to?: string;
  readonly logGroup?: string;
  readonly timeline?: boolean;
}

function time(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  // A zone is required: a time without one would be read in the machine's time zone.
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value) ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms)) {
    throw new BacktestInputError(`${flag} ${JSON.stringify(value)} is not an ISO 8601 time with a zone, such as 2026-01-05T00:00:00Z.`);
  }
  return ms;
}

/** Checks the options and reads the template: everything that can fail before any event is read. */
export function prepare(o: RunOptions): { engine: BacktestEngine; model: TemplateModel } {
  if (o.events.length === 0) throw new BacktestInputError('no events file was given (--events <file>).');
  const from = time(o.from, '--from');
  const to = time(o.to, '--to');
  if (from !== undefined && to !== undefined && to < from) {
    throw new BacktestInputError(`--to ${o.to} is before --from ${o.from}; the window must end after it starts.`);
  }
  let text: string;
  try {
    text = fs.readFileSync(o.template, 'utf8');
  } catch (e) {
    throw new BacktestInputError(`cannot read the template ${o.template}: ${(e as Error).message}`);
  }
  const model = readTemplate(text, o.template);
  for (const path of o.events) {
    if (!fs.existsSync(path)) throw new BacktestInputError(`the events file ${path} does not exist.`);
  }
  return { model, engine: new BacktestEngine(model, { from, to, logGroup: o.logGroup, timeline: o.timeline }) };
}

/** Runs a backtest synchronously. */
export function runSync(o: RunOptions): EngineResult {
  const { engine } = prepare(o);
  for (const path of o.events) readEventsSync(path, e => engine.add(e));
  return engine.finish();
}

/** Runs a backtest with streamed reading; `progress` hears of each file's bytes read. */
export async function run(o: RunOptions, progress?: (file: number, ...args: Parameters<ProgressSink>) => void): Promise<EngineResult> {
  const { engine } = prepare(o);
  for (let i = 0; i < o.events.length; i++) {
    await readEvents(o.events[i], e => engine.add(e), progress ? (read, size) => progress(i, read, size) : undefined);
  }
  return engine.finish();
}
