/**
 * Messages speak every language: no error, problem or warning the library writes suggests
 * TypeScript-only syntax (an object literal `{ key: ... }`, an arrow function, `this` as a scope,
 * `declare const`). Scans the sources of lib/ (the backtest engine's command-line messages aside).
 */
import * as fs from 'fs';
import * as path from 'path';

const LIB = path.join(__dirname, '..', 'lib');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'backtest' ? [] : sources(p);
    return p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

/** The message text of each line that writes a message (string and template literal parts only). */
function messageLines(file: string): Array<[number, string]> {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const writes = /libraryError\(|new Error\(|problems\.push\(|addWarningV2\(|addInfoV2\(|example|mustBe\(|\breturn `|hint|is\.(shape|instance)\(/;
  return lines.flatMap((line, i): Array<[number, string]> => {
    if (!writes.test(line) || /^\s*(\*|\/\/)/.test(line)) return [];
    // the literal parts: '...' and `...` (without the ${...} expressions)
    const plain = line.replace(/\$\{(?:[^{}]|\{[^{}]*\})*\}/g, '…');
    const literals = [...plain.matchAll(/'((?:[^'\\]|\\.)*)'|`((?:[^`\\]|\\.)*)`/g)].map(m => m[1] ?? m[2] ?? '');
    return [[i + 1, literals.join(' ')]];
  });
}

const TS_ONLY: Array<[RegExp, string]> = [
  [/\{ ?[a-zA-Z]+: /, 'an object literal'],
  [/=>/, 'an arrow function'],
  [/\(this,/, '`this` as a scope'],
  [/declare const/, '`declare const`'],
];

test('no message in lib/ suggests TypeScript-only syntax', () => {
  const found: string[] = [];
  let scanned = 0;
  for (const file of sources(LIB)) {
    for (const [line, text] of messageLines(file)) {
      scanned++;
      for (const [pattern, what] of TS_ONLY) {
        if (pattern.test(text)) found.push(`${path.relative(LIB, file)}:${line}: ${what}: ${text.slice(0, 160)}`);
      }
    }
  }
  expect(scanned).toBeGreaterThan(100);
  expect(found).toEqual([]);
});

test('the scan finds what it looks for', () => {
  const sample = path.join(__dirname, 'fixtures-messages.tmp.ts');
  fs.writeFileSync(sample, "throw libraryError('X: use e.g. FlowLogTarget.fromVpcId(id, { key: \\'A\\' }).');\n");
  try {
    const [[, text]] = messageLines(sample);
    expect(TS_ONLY.filter(([p]) => p.test(text)).map(([, w]) => w)).toEqual(['an object literal']);
  } finally {
    fs.unlinkSync(sample);
  }
});
