/**
 * Synthesis benchmark: this construct vs aws-cdk-lib's L2s, at several sizes.
 * See bench/README.md.
 *
 *   npm run bench                                  # default: sizes 1,10,100,250,480; 9 reps; N=2000 nested row
 *   npm run bench -- --reps 3 --sizes 1,100,480    # fewer
 *   npm run bench -- --no-nested                   # skip the N=2000 nested-stack row
 *   npm run bench -- --out bench/last-run.md       # also write the report to a file
 *   npm run bench -- --profile                     # CPU profile of (a) instead: hot spots in the measured window
 */
import { spawn } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import type { Variant } from './apps';
import { linearFit, median } from './stats';
import type { WorkerResult } from './worker';

const ROOT = path.resolve(__dirname, '..');
const VARIANTS: Variant[] = ['a', 'b', 'c'];
const NAMES: Record<Variant, string> = {
  a: '(a) this construct',
  b: '(b) L2s as documented',
  c: '(c) L2s hand-tuned',
};
/** Target: (a)'s median time is at most this multiple of (c)'s. */
const MAX_TIME_RATIO_A_C = 1.10;
/** Target: (a)'s time grows linearly: R² of the least-squares line through the medians. */
const MIN_R2 = 0.98;
const CFN_MAX_RESOURCES = 500;
const WORKER_TIMEOUT_MS = 180_000;

interface Options {
  readonly reps: number;
  readonly sizes: number[];
  readonly nested: boolean;
  readonly nestedN: number;
  readonly nestedStacks: number;
  readonly profile: boolean;
  readonly out?: string;
}

function parseArgs(argv: string[]): Options {
  const opts: { -readonly [K in keyof Options]: Options[K] } = {
    reps: 9, sizes: [1, 10, 100, 250, 480], nested: true, nestedN: 2000, nestedStacks: 5, profile: false,
  };
  const positiveInt = (flag: string, text: string | undefined): number => {
    if (text === undefined || !/^\d+$/.test(text) || Number(text) < 1) throw new Error(`${flag} needs a positive whole number, got ${text}`);
    return Number(text);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--reps': opts.reps = positiveInt(flag, value()); break;
      case '--sizes': opts.sizes = (value() ?? '').split(',').map(s => positiveInt(flag, s.trim())); break;
      case '--nested-n': opts.nestedN = positiveInt(flag, value()); break;
      case '--nested-stacks': opts.nestedStacks = positiveInt(flag, value()); break;
      case '--no-nested': opts.nested = false; break;
      case '--profile': opts.profile = true; break;
      case '--out': opts.out = value(); break;
      case '--help': case '-h':
        process.stdout.write('npm run bench -- [--reps 9] [--sizes 1,10,100,250,480] [--nested-n 2000] [--nested-stacks 5] [--no-nested] [--out FILE] [--profile]\n');
        return process.exit(0);
      default: throw new Error(`unknown argument ${arg} (see --help)`);
    }
  }
  opts.sizes = [...new Set(opts.sizes)].sort((x, y) => x - y);
  return opts;
}

/**
 * Transpiles the library sources (lib/**.ts, as they are now, not a possibly stale
 * lib/*.js) and the worker into a temporary directory, so that workers are plain
 * `node` processes without ts-node.
 */
function build(): { dir: string; libHash: string } {
  const hash = createHash('sha256');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdkfl-bench-build-'));
  const files: string[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(ROOT, rel), { withFileTypes: true })) {
      const child = path.join(rel, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) files.push(child);
    }
  };
  walk('lib');
  files.push(path.join('bench', 'apps.ts'), path.join('bench', 'worker.ts'));
  for (const file of files) {
    const source = fs.readFileSync(path.join(ROOT, file), 'utf8');
    if (file.startsWith('lib')) hash.update(file).update('\0').update(source).update('\0');
    const output = ts.transpileModule(source, {
      fileName: file,
      reportDiagnostics: true,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
        experimentalDecorators: true,
        sourceMap: false,
      },
    });
    if (output.diagnostics && output.diagnostics.length > 0) {
      throw new Error(`cannot transpile ${file}: ${ts.flattenDiagnosticMessageText(output.diagnostics[0].messageText, '\n')}`);
    }
    const target = path.join(dir, file.replace(/\.ts$/, '.js'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, output.outputText);
  }
  return { dir, libHash: hash.digest('hex').slice(0, 12) };
}

interface Job {
  readonly variant: Variant;
  readonly n: number;
  readonly nestedStacks?: number;
}

function runWorker(buildDir: string, job: Job, nodeFlags: string[] = []): Promise<WorkerResult> {
  const args = [...nodeFlags, '--expose-gc', path.join(buildDir, 'bench', 'worker.js'), job.variant, String(job.n)];
  if (job.nestedStacks !== undefined) args.push(String(job.nestedStacks));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules'), JSII_DEPRECATED: 'quiet' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', d => { stdout += d; });
    child.stderr.on('data', d => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), WORKER_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const last = stdout.trim().split('\n').pop() ?? '';
      if (code === 0 && last.startsWith('{')) {
        resolve(JSON.parse(last) as WorkerResult);
      } else {
        reject(new Error(`worker ${job.variant} N=${job.n} exited with ${signal ?? code}:\n${stderr.trim().split('\n').slice(-15).join('\n')}`));
      }
    });
  });
}

function libHasNestedStacksProp(): boolean {
  const source = fs.readFileSync(path.join(ROOT, 'lib', 'flow-logs-to-cloudwatch.ts'), 'utf8');
  return /readonly\s+flowLogNestedStacks\??\s*:/.test(source);
}

// ---------------------------------------------------------------- formatting

const fmtMs = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
const fmtMb = (mb: number) => mb.toFixed(0);
const fmtRatio = (r: number) => (Number.isFinite(r) ? `${r.toFixed(2)}×` : '—');
const fmtInt = (x: number) => x.toLocaleString('en-US');

function table(header: string[], rows: string[][]): string {
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
  return lines.join('\n');
}

interface Summary {
  readonly ok: boolean;
  readonly status: WorkerResult['status'];
  readonly failure?: string;
  readonly ms: number;
  readonly msMin: number;
  readonly msMax: number;
  readonly cpuMs: number;
  readonly peakRssMb: number;
  readonly deltaRssMb: number;
  /** Total resources (all templates), or the count the failure reported. */
  readonly resources: number;
  readonly maxTemplateResources: number;
  readonly templates: number;
  readonly bytes: number;
  readonly maxTemplateBytes: number;
  readonly samples: number;
}

function summarize(results: WorkerResult[]): Summary {
  const ok = results.filter(r => r.status === 'ok');
  const use = ok.length > 0 ? ok : results;
  const first = use[0];
  const counts = new Set(ok.map(r => r.templates.map(t => t.resources).join('+')));
  if (counts.size > 1) throw new Error(`resource counts differ between repetitions of ${first.variant} N=${first.n}: ${[...counts].join(', ')}`);
  const ms = use.map(r => r.ms);
  return {
    ok: ok.length > 0,
    status: ok.length > 0 ? 'ok' : first.status,
    failure: first.failure,
    ms: median(ms),
    msMin: Math.min(...ms),
    msMax: Math.max(...ms),
    cpuMs: median(use.map(r => r.cpuMs)),
    peakRssMb: median(use.map(r => r.peakRssMb)),
    deltaRssMb: median(use.map(r => r.deltaRssMb)),
    resources: ok.length > 0 ? first.templates.reduce((s, t) => s + t.resources, 0) : first.failedResources ?? NaN,
    maxTemplateResources: Math.max(0, ...first.templates.map(t => t.resources)),
    templates: first.templates.length,
    bytes: first.templates.reduce((s, t) => s + t.bytes, 0),
    maxTemplateBytes: Math.max(0, ...first.templates.map(t => t.bytes)),
    samples: results.length,
  };
}

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  let cdkVersion = '?';
  try {
    cdkVersion = (JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'aws-cdk-lib', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    // keep '?'
  }
  return `${os.availableParallelism()} CPUs (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, `
    + `aws-cdk-lib ${cdkVersion}, ${os.type()} ${os.release()}, ${new Date().toISOString()}`;
}

// ---------------------------------------------------------------- benchmark

async function benchmark(opts: Options, buildDir: string, libHash: string): Promise<string> {
  const nestedAvailable = libHasNestedStacksProp();
  const jobs: Job[] = [];
  for (let rep = 0; rep < opts.reps; rep++) {
    opts.sizes.forEach((n, si) => {
      // Alternate the order of the variants between sizes and repetitions.
      const shift = (rep + si) % VARIANTS.length;
      for (const variant of [...VARIANTS.slice(shift), ...VARIANTS.slice(0, shift)]) jobs.push({ variant, n });
    });
    if (opts.nested && nestedAvailable) jobs.push({ variant: 'a', n: opts.nestedN, nestedStacks: opts.nestedStacks });
  }

  const results = new Map<string, WorkerResult[]>();
  const key = (j: Job) => `${j.variant}:${j.n}:${j.nestedStacks ?? ''}`;
  const started = Date.now();
  const loadBefore = os.loadavg();
  for (const [i, job] of jobs.entries()) {
    const r = await runWorker(buildDir, job);
    results.set(key(job), [...(results.get(key(job)) ?? []), r]);
    process.stderr.write(`[${i + 1}/${jobs.length}] ${job.variant} N=${job.n}${job.nestedStacks ? ` nested=${job.nestedStacks}` : ''}: `
      + `${r.status === 'ok' ? `${fmtMs(r.ms)} ms, ${fmtMb(r.peakRssMb)} MB` : `${r.status} ${r.failure ?? ''}`}\n`);
  }
  const elapsed = (Date.now() - started) / 1000;
  const loadAfter = os.loadavg();
  const cpus = os.availableParallelism();

  const s = (variant: Variant, n: number) => summarize(results.get(key({ variant, n }))!);
  const out: string[] = [];
  out.push(`Machine: ${machine()}`);
  out.push(`Library: lib/**/*.ts as of this run (sha256 ${libHash}), transpiled without type checking.`);
  out.push(`Runs: ${opts.reps} per variant and size, each in a fresh \`node\` process, variants alternating; total ${elapsed.toFixed(0)} s.`);
  out.push(`Load average (1 min) before / after: ${loadBefore[0].toFixed(2)} / ${loadAfter[0].toFixed(2)} on ${cpus} CPUs`
    + `${Math.max(loadBefore[0], loadAfter[0]) > cpus / 2 ? ' — the machine was busy with other work, so wall times are noisy; compare CPU times and the paired ratios too' : ''}.`);
  out.push('');
  out.push('Time = wall time of construct + `app.synth()` (median, min–max), after a warm-up; CPU = user + system CPU time of the same '
    + 'window (median). Peak RSS = the process\'s ru_maxrss (median); ΔRSS = its growth during the measured construct + synth. '
    + 'Ratios are (a) over the other variant, of the median wall times and of the resource counts.');
  out.push('');

  const rows: string[][] = [];
  for (const n of opts.sizes) {
    const a = s('a', n);
    for (const variant of VARIANTS) {
      const v = s(variant, n);
      const resources = v.ok ? fmtInt(v.resources) : (Number.isFinite(v.resources) ? `(${fmtInt(v.resources)})` : '—');
      const row = [
        String(n), NAMES[variant],
        v.ok ? `${fmtMs(v.ms)} (${fmtMs(v.msMin)}–${fmtMs(v.msMax)})` : `fails: ${v.failure}`,
        v.ok ? fmtMs(v.cpuMs) : '—',
        fmtMb(v.peakRssMb), fmtMb(v.deltaRssMb),
        resources,
        v.ok ? fmtInt(v.bytes) : '—',
      ];
      if (variant === 'a') {
        const b = s('b', n);
        const c = s('c', n);
        const timeRatio = (o: Summary) => (a.ok && o.ok ? fmtRatio(a.ms / o.ms) : '—');
        const resRatio = (o: Summary) => (a.ok && Number.isFinite(o.resources) ? `${fmtRatio(a.resources / o.resources)}${o.ok ? '' : '*'}` : '—');
        row.push(timeRatio(b), timeRatio(c), resRatio(b), resRatio(c));
      } else {
        row.push('', '', '', '');
      }
      rows.push(row);
    }
  }
  out.push(table(['N', 'variant', 'time ms', 'CPU ms', 'peak RSS MB', 'ΔRSS MB', 'resources', 'template bytes',
    'time a/b', 'time a/c', 'resources a/b', 'resources a/c'], rows));
  out.push('');
  out.push(`"fails: X > ${CFN_MAX_RESOURCES}": synthesis stops at CloudFormation's ${CFN_MAX_RESOURCES}-resource limit; `
    + 'the resources in parentheses are what that template would need, and a ratio marked * is against that count.');
  out.push('');

  // Nested-stack row.
  if (opts.nested) {
    out.push(`### N = ${fmtInt(opts.nestedN)}, (a) with \`flowLogNestedStacks: ${opts.nestedStacks}\``);
    out.push('');
    const nested = results.get(key({ variant: 'a', n: opts.nestedN, nestedStacks: opts.nestedStacks }));
    const header = ['N', 'variant', 'time ms', 'CPU ms', 'peak RSS MB', 'ΔRSS MB', 'total resources', 'templates', 'max resources in a template', 'largest template bytes'];
    const label = `(a) flowLogNestedStacks: ${opts.nestedStacks}`;
    if (!nestedAvailable || !nested || nested.every(r => r.status === 'unavailable')) {
      out.push(table(header, [[fmtInt(opts.nestedN), label, 'n/a (flowLogNestedStacks not available)', '', '', '', '', '', '', '']]));
    } else {
      const v = summarize(nested);
      out.push(table(header, [[
        fmtInt(opts.nestedN), label,
        v.ok ? `${fmtMs(v.ms)} (${fmtMs(v.msMin)}–${fmtMs(v.msMax)})` : `fails: ${v.failure}`,
        v.ok ? fmtMs(v.cpuMs) : '—',
        fmtMb(v.peakRssMb), fmtMb(v.deltaRssMb),
        v.ok ? fmtInt(v.resources) : '—', v.ok ? String(v.templates) : '—',
        v.ok ? fmtInt(v.maxTemplateResources) : '—', v.ok ? fmtInt(v.maxTemplateBytes) : '—',
      ]]));
      if (v.ok) {
        const per = nested[0].templates.map(t => `${t.file.replace(/\.template\.json$/, '')}: ${t.resources} resources, ${fmtInt(t.bytes)} bytes`);
        out.push('');
        out.push(`Templates: ${per.join('; ')}.`);
      }
    }
    out.push('');
  }

  // Targets.
  out.push('### Targets');
  out.push('');
  const checks: string[] = [];
  const aOk = opts.sizes.filter(n => s('a', n).ok);
  const aFailed = opts.sizes.filter(n => !s('a', n).ok);
  const overheads = aOk.map(n => s('a', n).resources - n);
  const sameOverhead = overheads.length > 0 && overheads.every(k => k === overheads[0]) && aFailed.length === 0;
  checks.push(`${sameOverhead ? 'PASS' : 'FAIL'}: resources of (a) = N + fixed overhead at every N `
    + `(overhead: ${opts.sizes.map(n => `N=${n}: ${s('a', n).ok ? s('a', n).resources - n : 'fails'}`).join(', ')})`);

  const comparable = opts.sizes.filter(n => s('a', n).ok && s('c', n).ok);
  const ratios = comparable.map(n => s('a', n).ms / s('c', n).ms);
  const withinTime = comparable.length === opts.sizes.length && ratios.every(r => r <= MAX_TIME_RATIO_A_C);
  checks.push(`${withinTime ? 'PASS' : 'FAIL'}: median time of (a) within ${Math.round((MAX_TIME_RATIO_A_C - 1) * 100)} % of (c) at every N, `
    + `i.e. (a)/(c) <= ${MAX_TIME_RATIO_A_C.toFixed(2)} (${opts.sizes.map(n => `N=${n}: ${comparable.includes(n) ? fmtRatio(s('a', n).ms / s('c', n).ms) : 'n/a'}`).join(', ')})`);
  // The same comparison, less sensitive to other load on the machine.
  const pairedRatio = (n: number) => {
    const as = results.get(key({ variant: 'a', n }))!;
    const cs = results.get(key({ variant: 'c', n }))!;
    return median(as.map((r, i) => r.ms / cs[i].ms));
  };
  const cpuRatios = comparable.map(n => s('a', n).cpuMs / s('c', n).cpuMs);
  const pairedRatios = comparable.map(pairedRatio);
  const verdict = (rs: number[]) => (comparable.length === opts.sizes.length && rs.every(r => r <= MAX_TIME_RATIO_A_C) ? 'PASS' : 'FAIL');
  checks.push(`(same check on median CPU time: ${verdict(cpuRatios)} — ${comparable.map((n, i) => `N=${n}: ${fmtRatio(cpuRatios[i])}`).join(', ')}; `
    + `on the median of per-repetition wall-time ratios (a and c run back to back): ${verdict(pairedRatios)} — `
    + `${comparable.map((n, i) => `N=${n}: ${fmtRatio(pairedRatios[i])}`).join(', ')})`);

  const fit = linearFit(aOk, aOk.map(n => s('a', n).ms));
  const linear = aOk.length >= 3 && aFailed.length === 0 && fit.r2 >= MIN_R2;
  let marginal = '';
  if (aOk.length >= 4) {
    const slope = (lo: number, hi: number) => (s('a', hi).ms - s('a', lo).ms) / (hi - lo);
    const low = slope(aOk[0], aOk[Math.floor(aOk.length / 2)]);
    const high = slope(aOk[aOk.length - 2], aOk[aOk.length - 1]);
    marginal = `; marginal cost ${low.toFixed(2)} ms/target over N=${aOk[0]}..${aOk[Math.floor(aOk.length / 2)]}, `
      + `${high.toFixed(2)} ms/target over N=${aOk[aOk.length - 2]}..${aOk[aOk.length - 1]}`;
  }
  checks.push(`${linear ? 'PASS' : 'FAIL'}: time of (a) grows linearly in N: least-squares fit over the medians `
    + `time = ${fit.slope.toFixed(3)} ms × N + ${fit.intercept.toFixed(1)} ms, R² = ${fit.r2.toFixed(4)} (target R² >= ${MIN_R2})${marginal}`);
  const cpuFit = linearFit(aOk, aOk.map(n => s('a', n).cpuMs));
  checks.push(`(same fit on median CPU time: ${cpuFit.slope.toFixed(3)} ms × N + ${cpuFit.intercept.toFixed(1)} ms, R² = ${cpuFit.r2.toFixed(4)})`);

  if (opts.nested) {
    const nested = results.get(key({ variant: 'a', n: opts.nestedN, nestedStacks: opts.nestedStacks }));
    if (!nestedAvailable || !nested || nested.every(r => r.status === 'unavailable')) {
      checks.push(`n/a: N=${opts.nestedN} with flowLogNestedStacks (not available in lib/)`);
    } else {
      const v = summarize(nested);
      const good = v.ok && v.maxTemplateResources <= CFN_MAX_RESOURCES;
      checks.push(`${good ? 'PASS' : 'FAIL'}: N=${opts.nestedN} with flowLogNestedStacks: ${opts.nestedStacks} synthesizes and every template has <= ${CFN_MAX_RESOURCES} resources `
        + `(${v.ok ? `max ${v.maxTemplateResources} in ${v.templates} templates` : `fails: ${v.failure}`})`);
    }
  }
  out.push(...checks.map(c => `- ${c}`));
  out.push('');
  return out.join('\n');
}

// ---------------------------------------------------------------- profile

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: number[];
}
interface CpuProfile {
  readonly nodes: ProfileNode[];
  readonly startTime: number;
  readonly samples: number[];
  readonly timeDeltas: number[];
}

function frameName(node: ProfileNode, buildDir: string): string {
  const { functionName, url, lineNumber } = node.callFrame;
  if (!url) return functionName || '(program)';
  const file = url.replace(/^file:\/\//, '');
  const short = file.startsWith(buildDir) ? file.slice(buildDir.length + 1)
    : file.includes('/node_modules/') ? file.slice(file.lastIndexOf('/node_modules/') + '/node_modules/'.length) : file;
  return `${functionName || '(anonymous)'} ${short}:${lineNumber + 1}`;
}

function analyzeProfile(profile: CpuProfile, result: WorkerResult, buildDir: string): string {
  const byId = new Map(profile.nodes.map(n => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const inclusiveLib = new Map<string, number>();
  const byPackage = new Map<string, number>();
  let t = profile.startTime;
  let total = 0;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i];
    const dt = profile.timeDeltas[i + 1] ?? 0;
    if (t < result.startUs || t > result.endUs) return;
    total += dt;
    const node = byId.get(id)!;
    const name = frameName(node, buildDir);
    self.set(name, (self.get(name) ?? 0) + dt);
    const url = node.callFrame.url;
    const pkg = !url ? node.callFrame.functionName || '(program)'
      : url.includes(buildDir) ? 'this library (lib/)'
        : url.includes('/aws-cdk-lib/') ? `aws-cdk-lib/${url.split('/aws-cdk-lib/')[1].split('/').slice(0, 2).join('/')}`
          : url.includes('/node_modules/') ? url.split('/node_modules/').pop()!.split('/')[0] : 'node internals';
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + dt);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const frame = byId.get(cur)!;
      if (frame.callFrame.url.includes(path.join(buildDir, 'lib'))) {
        const fn = frameName(frame, buildDir);
        if (!seen.has(fn)) inclusiveLib.set(fn, (inclusiveLib.get(fn) ?? 0) + dt);
        seen.add(fn);
      }
    }
  });
  const top = (m: Map<string, number>, k: number) => [...m.entries()].sort((x, y) => y[1] - x[1]).slice(0, k)
    .map(([name, us]) => [`\`${name}\``, (us / 1000).toFixed(0), `${((us / total) * 100).toFixed(1)} %`]);
  return [
    `${result.variant} N=${result.n}${result.nestedStacks ? ` nested=${result.nestedStacks}` : ''}: ${fmtMs(result.ms)} ms measured, `
      + `${(total / 1000).toFixed(0)} ms of samples in that window`,
    '',
    'Self time by package / area:',
    '',
    table(['where', 'ms', 'share'], top(byPackage, 12)),
    '',
    'Top self time by function:',
    '',
    table(['function', 'ms', 'share'], top(self, 20)),
    '',
    'Inclusive time of this library\'s functions:',
    '',
    table(['function', 'ms', 'share'], top(inclusiveLib, 12)),
    '',
  ].join('\n');
}

async function profileRun(opts: Options, buildDir: string): Promise<string> {
  const jobs: Job[] = [{ variant: 'a', n: Math.max(...opts.sizes) }, { variant: 'c', n: Math.max(...opts.sizes) }];
  if (opts.nested && libHasNestedStacksProp()) jobs.push({ variant: 'a', n: opts.nestedN, nestedStacks: opts.nestedStacks });
  const out: string[] = [`Machine: ${machine()}`, ''];
  for (const job of jobs) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdkfl-bench-prof-'));
    try {
      const result = await runWorker(buildDir, job, ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', '200']);
      const file = fs.readdirSync(dir).find(f => f.endsWith('.cpuprofile'));
      if (!file) throw new Error('no .cpuprofile written');
      out.push(`## ${NAMES[job.variant]}`, '', analyzeProfile(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as CpuProfile, result, buildDir));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  return out.join('\n');
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const { dir: buildDir, libHash } = build();
  try {
    const report = opts.profile ? await profileRun(opts, buildDir) : await benchmark(opts, buildDir, libHash);
    process.stdout.write(`${report}\n`);
    if (opts.out) fs.writeFileSync(opts.out, `${report}\n`);
  } finally {
    fs.rmSync(buildDir, { recursive: true, force: true });
  }
}

main().catch(e => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exitCode = 1;
});
