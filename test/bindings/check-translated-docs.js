#!/usr/bin/env node
// The docs inside each built package are in its language: the Java sources jar, the Python wheel and
// the Go module must not carry TypeScript-only syntax in their doc comments (the @example blocks and
// README snippets jsii-rosetta translates). Run after packaging:
//
//   node test/bindings/check-translated-docs.js java|python|go
//
// Fails naming each file and line with `declare const`, a TypeScript declaration (`const x: T =`,
// `const x = new ...`) or an arrow function (`=>`).
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const TS_ONLY = [
  [/\bdeclare const\b/, '`declare const`'],
  [/\b(const|let)\s+\w+\s*:\s*[\w.<>[\]]+\s*=/, 'a TypeScript typed declaration (`const x: T =`)'],
  [/\b(const|let) \w+ = new \w/, 'a TypeScript declaration (`const x = new ...`)'],
  [/=>/, 'an arrow function (`=>`)'],
];

function find(dir, test) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? find(p, test) : test(p) ? [p] : [];
  });
}

/** [name, text] of each source file of the built package. */
function sources(language) {
  const unzip = (archive, pattern) => {
    const names = execFileSync('unzip', ['-Z1', archive], { encoding: 'utf8' }).split('\n').filter(n => pattern.test(n));
    return names.map(n => [`${path.basename(archive)}!${n}`, execFileSync('unzip', ['-p', archive, n], { encoding: 'utf8', maxBuffer: 1 << 28 })]);
  };
  if (language === 'java') {
    const jars = find('dist/java', p => p.endsWith('-sources.jar'));
    if (jars.length !== 1) throw new Error(`expected one sources jar under dist/java, found ${jars.length}: build it with npx projen package:java`);
    return unzip(jars[0], /\.java$/);
  }
  if (language === 'python') {
    const wheels = find('dist/python', p => p.endsWith('.whl'));
    if (wheels.length !== 1) throw new Error(`expected one wheel under dist/python, found ${wheels.length}: build it with npx projen package:python`);
    return unzip(wheels[0], /\.py$/);
  }
  if (language === 'go') {
    const files = find(process.argv[3] ?? 'dist/go', p => p.endsWith('.go'));
    if (files.length === 0) throw new Error('no .go file under dist/go: build it with npx projen package:go');
    return files.map(f => [f, fs.readFileSync(f, 'utf8')]);
  }
  throw new Error(`usage: check-translated-docs.js java|python|go (got ${language})`);
}

const language = process.argv[2];
const files = sources(language);
const problems = [];
let examples = 0;
for (const [name, text] of files) {
  text.split('\n').forEach((line, i) => {
    if (/Example|example::|@example|```/.test(line)) examples++;
    for (const [pattern, what] of TS_ONLY) {
      if (pattern.test(line)) problems.push(`${name}:${i + 1}: ${what}: ${line.trim().slice(0, 160)}`);
    }
  });
}
if (examples === 0) {
  console.error(`check-translated-docs: ERROR: no example found in the ${language} package's ${files.length} files; the check would pass on nothing`);
  process.exit(1);
}
if (problems.length > 0) {
  console.error(`check-translated-docs: ERROR: the ${language} package's docs hold TypeScript (were the examples translated? jsii-rosetta extract must run before jsii-pacmak):\n${problems.slice(0, 30).join('\n')}${problems.length > 30 ? `\n... and ${problems.length - 30} more` : ''}`);
  process.exit(1);
}
console.log(`check-translated-docs: the ${language} package's ${files.length} source files hold ${examples} example markers and no TypeScript-only syntax`);
