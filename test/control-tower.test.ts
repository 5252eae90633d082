/**
 * AWS Control Tower's proactive controls, run as platform teams run them: the
 * `@cdklabs/cdk-validator-cfnguard` policy-validation plugin (cfn-guard with the Control Tower rules)
 * on the README's minimal app as written, on the same app with `encryption: FlowLogsEncryption.KMS`,
 * and on the hardened configuration of docs/compliance.md as written. The findings each gets are
 * the ones docs/compliance.md lists.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, Stack } from 'aws-cdk-lib';
import * as ts from 'typescript';
import { FlowLogsEncryption } from '../lib';

const ROOT = path.join(__dirname, '..');

/** The code block right after `<!-- marker -->` in a Markdown file. */
function blockAfter(file: string, marker: string): string {
  const lines = fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n');
  const at = lines.findIndex(l => l.trim() === `<!-- ${marker} -->`);
  if (at < 0 || !lines[at + 1].startsWith('```ts')) throw new Error(`${file} has no \`\`\`ts block right after <!-- ${marker} -->`);
  const end = lines.findIndex((l, i) => i > at + 1 && l.startsWith('```'));
  return lines.slice(at + 2, end).join('\n');
}

/** Runs TypeScript from the docs, with the package name resolving to this repository's lib/. */
function run(code: string, args: Record<string, unknown>, self?: unknown) {
  const js = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 } }).outputText;
  // jest's require: TypeScript sources, and test:newest's module mapping to the newest aws-cdk-lib.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load = (m: string) => require(m === 'cdk-flow-logs-to-cloudwatch' ? '../lib' : m);
  new Function('require', 'exports', ...Object.keys(args), js).call(self, load, {}, ...Object.values(args));
}

function outdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'control-tower-'));
}

/** The README's minimal app, synthesized into a new directory (optionally with props added to the construct). */
function minimalApp(extraProps = ''): string {
  let code = blockAfter('README.md', 'consumer-test: typescript-app');
  const edits: Array<[string, string]> = [
    ['const app = new App();', 'const app = new App({ outdir: OUTDIR });'],
    ["new FlowLogsToCloudWatch(this, 'FlowLogs', {", `new FlowLogsToCloudWatch(this, 'FlowLogs', {${extraProps}`],
  ];
  for (const [from, to] of edits) {
    if (!code.includes(from)) throw new Error(`README.md's minimal app no longer has \`${from}\`: update this test`);
    code = code.replace(from, to);
  }
  const dir = outdir();
  run(`${code}\napp.synth();`, { OUTDIR: dir, FlowLogsEncryption });
  return dir;
}

/** docs/compliance.md's hardened configuration, in a stack of its own. */
function hardened(): string {
  const dir = outdir();
  const app = new App({ outdir: dir });
  const stack = new Stack(app, 'Hardened');
  run(blockAfter('docs/compliance.md', 'control-tower: hardened'), {}, stack);
  app.synth();
  return dir;
}

/**
 * Synthesizes a docs block in an App with the plugin, as users run it. On a finding, aws-cdk-lib up to
 * some 2.2xx writes policy-validation-report.json and sets the process's exit code (which fails
 * `cdk synth`); newer ones throw and write validation-report.json. Returns whether synthesis failed
 * and the controls the report names (and restores the exit code).
 */
function withPlugin(block: string): { failed: boolean; controls: string[] } {
  const dir = outdir();
  const app = new App({ outdir: dir, policyValidationBeta1: [new CfnGuardValidator()], context: { '@aws-cdk/core:validationReportJson': true } });
  run(block, {}, new Stack(app, 'WithPlugin'));
  const before = process.exitCode;
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  let failed: boolean;
  try {
    process.exitCode = 0;
    try {
      app.synth();
      failed = process.exitCode === 1;
    } catch (e) {
      failed = /ValidationFailed|Validation failed/.test(String(e));
      if (!failed) throw e;
    }
  } finally {
    process.exitCode = before;
    log.mockRestore();
    error.mockRestore();
  }
  const reports = ['policy-validation-report.json', 'validation-report.json'].map(f => path.join(dir, f)).filter(f => fs.existsSync(f));
  const text = reports.map(f => fs.readFileSync(f, 'utf8')).join('\n');
  return { failed, controls: [...new Set(text.match(/CT\.[A-Z]+\.PR\.\d+/g) ?? [])].sort() };
}

function templates(dir: string): string[] {
  return fs.readdirSync(dir).filter(f => f.endsWith('.template.json')).map(f => path.join(dir, f));
}

/** Control Tower findings as `<control> <logical ID>`, sorted. */
function findings(templatePaths: string[]): string[] {
  const report = new CfnGuardValidator().validate({ templatePaths } as any);
  // The plugin also lists an entry without a logical ID beside some findings: count the resources it names.
  const out = report.violations.flatMap((v: any) => {
    const control = /\[(CT\.[A-Z0-9.]+)\]/.exec(v.description)?.[1] ?? v.ruleName;
    const ids = v.violatingResources.map((r: any) => r.resourceLogicalId).filter((id: unknown) => id !== undefined);
    return (ids.length > 0 ? ids : ['(no resource named)']).map((id: string) => `${control} ${id}`);
  });
  expect(report.success).toBe(out.length === 0);
  return [...new Set(out)].sort();
}

describe('AWS Control Tower proactive controls (cdk-validator-cfnguard)', () => {
  test('the README\'s minimal app: only CT.CLOUDWATCH.PR.3 on the log group (fixed by `encryption`)', () => {
    expect(findings(templates(minimalApp()))).toEqual([expect.stringMatching(/^CT\.CLOUDWATCH\.PR\.3 FlowLogsLogGroup[0-9A-F]{8}$/)]);
  });

  test('the README\'s minimal app with `encryption: FlowLogsEncryption.KMS`: no findings', () => {
    expect(findings(templates(minimalApp(' encryption: FlowLogsEncryption.KMS,')))).toEqual([]);
  });

  test('the hardened configuration of docs/compliance.md: no findings, also as the app\'s policy-validation plugin', () => {
    const dir = hardened();
    expect(findings(templates(dir))).toEqual([]);
    // What users run: the plugin on the App, which marks the synthesis failed on any finding.
    expect(withPlugin(blockAfter('docs/compliance.md', 'control-tower: hardened'))).toEqual({ failed: false, controls: [] });
    // ... and which does fail it without the switch.
    const withoutSwitch = blockAfter('docs/compliance.md', 'control-tower: hardened').replace('encryption: FlowLogsEncryption.KMS,', '');
    expect(withPlugin(withoutSwitch)).toEqual({ failed: true, controls: ['CT.CLOUDWATCH.PR.3'] });
  });

  test('the gate can fail: the hardened template without the key\'s grant guard gets CT.KMS.PR.3', () => {
    const [file] = templates(hardened());
    const template = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const r of Object.values<any>(template.Resources)) {
      if (r.Type === 'AWS::KMS::Key') r.Properties.KeyPolicy.Statement = r.Properties.KeyPolicy.Statement.filter((st: any) => st.Effect !== 'Deny');
    }
    const mutated = path.join(path.dirname(file), 'Mutated.template.json');
    fs.writeFileSync(mutated, JSON.stringify(template));
    expect(findings([mutated])).toEqual([expect.stringMatching(/^CT\.KMS\.PR\.3 FlowLogsEncryptionKey[0-9A-F]{8}$/)]);
  });
});
