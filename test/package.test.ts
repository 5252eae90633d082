/**
 * What the npm package holds, as `npm pack` takes it (`npm pack --dry-run --json`): only what users
 * need (compiled .js with its .d.ts, .jsii and its rosetta tablet, README, LICENSE, API.md,
 * CHANGELOG, package.json, the backtest command), no TypeScript source, test or tooling. The wheel,
 * the jar and the Go module embed this same tarball (jsii-pacmak runs npm pack).
 *
 * Runs after compiling (test:consumer), not in the fast loop: without lib/*.js there is nothing to pack.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');

function packedFiles(): string[] {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
  return (JSON.parse(out)[0].files as Array<{ path: string }>).map(f => f.path);
}

const ALLOWED = [/^package\.json$/, /^README(\.[a-z]{2})?\.md$/, /^LICENSE$/, /^API\.md$/, /^CHANGELOG\.md$/, /^\.jsii$/, /^\.jsii\.tabl\.json$/,
  /^lib\/.*\.js$/, /^lib\/.*\.d\.ts$/, /^bin\/cdk-flow-logs-backtest$/];

describe('the npm package', () => {
  const files = packedFiles();
  const sources = fs.readdirSync(path.join(ROOT, 'lib'), { recursive: true, encoding: 'utf8' })
    .filter(f => f.endsWith('.ts') && !f.endsWith('.d.ts')).map(f => `lib/${f.split(path.sep).join('/')}`);

  test('holds only what users need', () => {
    expect(files.filter(f => !ALLOWED.some(a => a.test(f)))).toEqual([]);
  });

  test('holds every compiled source with its types, the jsii assembly and the command', () => {
    const need = ['package.json', 'README.md', 'README.ja.md', 'LICENSE', 'API.md', 'CHANGELOG.md', '.jsii', 'bin/cdk-flow-logs-backtest',
      ...sources.flatMap(f => [f.replace(/\.ts$/, '.js'), f.replace(/\.ts$/, '.d.ts')])];
    expect(sources.length).toBeGreaterThan(20);
    expect(need.filter(f => !files.includes(f))).toEqual([]);
  });

  test('the rules above are not vacuous: a TypeScript source or a test would be refused', () => {
    expect(['lib/index.ts', 'test/util.ts', 'scripts/gates.sh', '.venv-gates/bin/python'].filter(f => ALLOWED.some(a => a.test(f)))).toEqual([]);
  });
});
