/**
 * The Japanese guide (README.ja.md) cannot drift from the README: its code blocks are the
 * README's own, in the same order, and it uses the AWS Japanese guide's terms.
 */
import * as fs from 'fs';
import * as path from 'path';
import { codeBlocks } from './markdown';

const ROOT = path.join(__dirname, '..');

function blocksOf(file: string) {
  return codeBlocks(fs.readFileSync(path.join(ROOT, file), 'utf8'), file);
}

describe('README.ja.md', () => {
  const english = blocksOf('README.md');
  const japanese = blocksOf('README.ja.md');

  test('has code blocks, each identical (info string and code) to one of README.md, in README.md\'s order', () => {
    expect(japanese.length).toBeGreaterThanOrEqual(15);
    let from = 0;
    for (const block of japanese) {
      const at = english.findIndex((b, i) => i >= from && b.info === block.info && b.code === block.code);
      if (at < 0) {
        const anywhere = english.some(b => b.info === block.info && b.code === block.code);
        throw new Error(`README.ja.md has a code block ${anywhere ? 'out of README.md\'s order' : 'that is not in README.md'}:\n\`\`\`${block.info}\n${block.code}\n\`\`\``);
      }
      from = at + 1;
    }
  });

  test('carries the minimal apps and the source document\'s example', () => {
    const has = (text: string) => japanese.some(b => b.code.includes(text));
    expect(has("new FlowLogsStack(app, 'FlowLogsStack');")).toBe(true);
    expect(has('FlowLogsStack(app, "FlowLogsStack")')).toBe(true);
    expect(has("FlowLogTarget.fromNetworkInterfaceId('eni-1a2b3c4d')")).toBe(true);
  });

  test('uses the terms of the AWS Japanese guide (the copy in shared/seed) and links both ways', () => {
    const text = fs.readFileSync(path.join(ROOT, 'README.ja.md'), 'utf8');
    // Spelled as the AWS Japanese guide "CloudWatch Logs へのフローログの発行" spells them.
    for (const term of ['フローログ', 'ロググループ', 'ログストリーム', 'メトリクスフィルタ', 'アラーム', 'ネットワークインターフェイス', 'IAM ロール']) {
      expect({ term, used: text.includes(term) }).toEqual({ term, used: true });
    }
    for (const variant of ['ネットワークインターフェース', 'メトリクスフィルター', 'メトリックフィルタ', 'メトリックスフィルタ', 'フローログス', 'ログ グループ']) {
      expect({ variant, used: text.includes(variant) }).toEqual({ variant, used: false });
    }
    expect(text).toContain('](README.md');
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8').split('\n').slice(0, 5).join('\n');
    expect(readme).toContain('(README.ja.md)');
  });
});

describe('README Java and Go snippets', () => {
  // A block preceded by `<!-- compiled: <file> -->` is the part of that example file between its
  // `// README: begin` and `// README: end` lines (dedented): code the test command compiles and runs.
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8').split('\n');
  const marked = readme
    .map((line, i) => ({ file: /^<!-- compiled: (\S+) -->$/.exec(line)?.[1], i }))
    .filter((m): m is { file: string; i: number } => m.file !== undefined);

  function excerpt(file: string): string {
    const lines = fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n');
    const begin = lines.findIndex(l => l.trim().startsWith('// README: begin'));
    const end = lines.findIndex(l => l.trim().startsWith('// README: end'));
    if (begin < 0 || end < begin) throw new Error(`${file} has no // README: begin ... // README: end block`);
    const body = lines.slice(begin + 1, end);
    const indent = Math.min(...body.filter(l => l.trim()).map(l => /^[\t ]*/.exec(l)![0].length));
    return body.map(l => l.slice(indent)).join('\n');
  }

  test('there is one for Java and one for Go', () => {
    expect(marked.map(m => path.extname(m.file)).sort()).toEqual(['.go', '.java']);
  });

  test.each(marked.map(m => [m.file, m.i] as const))('%s: the README block is the example\'s own code', (file, at) => {
    expect(readme[at + 1]).toMatch(/^```(java|go)$/);
    const end = readme.findIndex((l, j) => j > at + 1 && l.startsWith('```'));
    const block = readme.slice(at + 2, end).join('\n');
    expect(block).toEqual(excerpt(file));
    expect(block).toContain('FlowLogsToCloudWatch');
  });
});

describe('the README\'s Java install works when pasted', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8').split('\n');
  const at = readme.findIndex(l => l.trim() === '<!-- java-pom -->');
  const end = readme.findIndex((l, j) => j > at + 1 && l.startsWith('```'));
  const block = readme.slice(at + 2, end).join('\n');
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const examplePom = fs.readFileSync(path.join(ROOT, 'examples', 'java', 'pom.xml'), 'utf8');

  test('a <repository> for dist/java and the <dependency> with the coordinates and version the build writes', () => {
    expect(readme[at + 1]).toBe('```xml');
    const { groupId, artifactId } = pkg.jsii.targets.java.maven;
    expect(block).toContain(`<groupId>${groupId}</groupId>\n    <artifactId>${artifactId}</artifactId>\n    <version>${pkg.version}</version>`);
    expect(block).toMatch(/<url>file:\/\/\/path\/to\/cdk-flow-logs-to-cloudwatch\/dist\/java<\/url>/);
  });

  test('aws-cdk-lib at the floor, as the Java example (which the full check builds) declares it', () => {
    const floor = pkg.peerDependencies['aws-cdk-lib'].replace(/^\^/, '');
    expect(block).toContain(`<artifactId>aws-cdk-lib</artifactId>\n    <version>${floor}</version>`);
    expect(examplePom).toMatch(new RegExp(`<artifactId>aws-cdk-lib</artifactId>\\s*<version>(${floor.replace(/\./g, '\\.')}|\\$\\{cdk\\.version\\})</version>`));
    expect(examplePom).toMatch(/<url>file:\/\/\$\{project\.basedir\}\/\.\.\/\.\.\/dist\/java<\/url>/);
  });
});
