/**
 * One measurement of bench/backtest.ts, in its own process: `floor <file>` reads and splits the
 * file; `engine <file> <template>` backtests the template over it. Prints
 * `{"seconds","records","maxRssMb","retainedMb"}` (the heap still used after a full GC: what the run holds).
 */
import * as fs from 'fs';
import { StringDecoder } from 'string_decoder';
import * as v8 from 'v8';
import { readEvents } from '../lib/private/backtest/events';
import { prepare } from '../lib/private/backtest/run';

const CHUNK = 2 ** 16;

/** Read the file in 64 KiB chunks (as the engine does), decode it, cut it into lines and each line into its fields. */
async function floor(file: string): Promise<number> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let records = -1; // the header line
  let fields = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: CHUNK })) {
    const data = rest + decoder.write(chunk as Buffer);
    let from = 0;
    for (let nl = data.indexOf('\n'); nl >= 0; nl = data.indexOf('\n', from)) {
      fields += data.slice(from, nl).split(' ').length;
      records++;
      from = nl + 1;
    }
    rest = data.slice(from);
  }
  if (rest !== '') records++;
  if (fields === 0) throw new Error('no fields read');
  return records;
}

/** The engine, kept alive until the memory is measured. */
let kept: unknown;

async function engine(file: string, template: string): Promise<number> {
  const { engine: e } = prepare({ template, events: [file] });
  await readEvents(file, ev => e.add(ev));
  const result = e.finish();
  if (result.alarms.length === 0) throw new Error('no alarms evaluated');
  kept = e;
  return result.events;
}

async function main() {
  const [mode, file, template] = process.argv.slice(2);
  // As the command runs (bin/cdk-flow-logs-backtest), for both modes.
  v8.setFlagsFromString('--no-allocation-site-pretenuring');
  const started = process.hrtime.bigint();
  const records = mode === 'floor' ? await floor(file) : await engine(file, template);
  if (mode === 'engine' && !kept) throw new Error('the engine was not kept');
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // What the run still holds once garbage is collected (the engine's state; `result` is kept alive above).
  (global as any).gc();
  const retainedMb = process.memoryUsage().heapUsed / 2 ** 20;
  console.log(JSON.stringify({ seconds, records, maxRssMb: process.resourceUsage().maxRSS / 1024, retainedMb }));
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
