/**
 * One measurement, in a process of its own (started by bench/run.ts):
 *
 *   node --expose-gc worker.js <variant> <n> [nestedStacks]
 *
 * Warms up (synthesizes every variant once with one target, so module loading
 * and JIT are not in the measurement and are the same for every variant),
 * collects garbage, then times construct + `app.synth()` of the requested app and
 * prints one JSON line (a `WorkerResult`) on stdout.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildApp, Variant, VARIANTS } from './apps';

export interface TemplateInfo {
  readonly file: string;
  readonly resources: number;
  readonly bytes: number;
}

export interface WorkerResult {
  readonly variant: Variant;
  readonly n: number;
  readonly nestedStacks?: number;
  /** 'ok', 'fails' (synthesis threw) or 'unavailable' (nested stacks requested, none made). */
  readonly status: 'ok' | 'fails' | 'unavailable';
  /** Why it failed, e.g. "1602 > 500". */
  readonly failure?: string;
  /** Resources the failure message reports (CloudFormation's 500 limit), if any. */
  readonly failedResources?: number;
  /** Wall time of construct + synth, milliseconds. */
  readonly ms: number;
  /** CPU time (user + system, all threads of the process) of construct + synth, milliseconds. */
  readonly cpuMs: number;
  /** Peak resident set size of the process (ru_maxrss), MB. */
  readonly peakRssMb: number;
  /** Peak RSS growth during the measured construct + synth, MB. */
  readonly deltaRssMb: number;
  /** Every template written (the stack's, and each nested stack's). */
  readonly templates: TemplateInfo[];
  /** process.hrtime.bigint() at the start and end of the measurement, microseconds (for --profile). */
  readonly startUs: number;
  readonly endUs: number;
}

/** ru_maxrss in MB (Linux reports kilobytes). */
function maxRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

function newOutdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'cdkfl-bench-out-'));
}

function readTemplates(outdir: string): TemplateInfo[] {
  return fs.readdirSync(outdir)
    .filter(f => f.endsWith('.template.json'))
    .sort()
    .map(file => {
      const text = fs.readFileSync(path.join(outdir, file), 'utf8');
      const template = JSON.parse(text) as { Resources?: Record<string, unknown> };
      return { file, resources: Object.keys(template.Resources ?? {}).length, bytes: Buffer.byteLength(text) };
    });
}

function describeFailure(message: string): { failure: string; failedResources?: number } {
  const limit = /Number of resources in stack '[^']*': (\d+) is greater than allowed maximum of (\d+)/.exec(message);
  if (limit) return { failure: `${limit[1]} > ${limit[2]}`, failedResources: Number(limit[1]) };
  const firstLine = message.split('\n').map(l => l.trim()).filter(l => l !== '' && !/^Validation failed/.test(l))[0] ?? message;
  return { failure: firstLine.length > 160 ? `${firstLine.slice(0, 157)}...` : firstLine };
}

function warmUp() {
  for (const variant of VARIANTS) {
    const outdir = newOutdir();
    try {
      buildApp(variant, { n: 1, outdir }).synth();
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  }
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) gc();
}

function measure(variant: Variant, n: number, nestedStacks?: number): WorkerResult {
  const outdir = newOutdir();
  try {
    const rssBefore = maxRssMb();
    const cpuBefore = process.cpuUsage();
    const start = process.hrtime.bigint();
    let error: Error | undefined;
    try {
      buildApp(variant, { n, outdir, nestedStacks }).synth();
    } catch (e) {
      error = e as Error;
    }
    const end = process.hrtime.bigint();
    const cpu = process.cpuUsage(cpuBefore);
    const peakRssMb = maxRssMb();
    const common = {
      variant,
      n,
      nestedStacks,
      ms: Number(end - start) / 1e6,
      cpuMs: (cpu.user + cpu.system) / 1000,
      peakRssMb,
      deltaRssMb: peakRssMb - rssBefore,
      startUs: Number(start / 1000n),
      endUs: Number(end / 1000n),
    };
    if (error) {
      return { ...common, status: 'fails', ...describeFailure(error.message ?? String(error)), templates: [] };
    }
    const templates = readTemplates(outdir);
    const status = nestedStacks !== undefined && templates.length < 2 ? 'unavailable' : 'ok';
    return { ...common, status, templates };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function main() {
  const [variant, nText, nestedText] = process.argv.slice(2);
  if (!VARIANTS.includes(variant as Variant) || !/^\d+$/.test(nText ?? '')) {
    throw new Error(`usage: worker.js <${VARIANTS.join('|')}> <n> [nestedStacks], got ${process.argv.slice(2).join(' ')}`);
  }
  const nested = nestedText === undefined ? undefined : Number(nestedText);
  warmUp();
  const result = measure(variant as Variant, Number(nText), nested);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main();
