#!/usr/bin/env node
// Turns a directory `cdk init app --generate-only` wrote into the consumer app scripts/consumer-test.sh
// synthesizes: the README's app (the code block right after `<!-- consumer-test: <marker> -->`) as
// its entry point, and for TypeScript the versions under test and the package's tarball as
// dependencies, in one of two layouts:
//   init     today's `cdk init app --language typescript` (cdk.json: npx tsc && npx tsx bin/...),
//   ts-node  the layout `cdk init` wrote until 2025 (npx ts-node --prefer-ts-exts, TypeScript 5, CommonJS).
//
//   node prepare-app.js python <dir>
//   node prepare-app.js typescript <dir> <layout> <aws-cdk-lib> <constructs> <tarball>
'use strict';
const fs = require('fs');
const path = require('path');

const [language, dir, layout, cdk, constructs, tarball] = process.argv.slice(2);
const [marker, fence, entry] = language === 'python' ? ['python-app', 'python', 'app.py'] : ['typescript-app', 'ts', 'bin/flow-logs-app.ts'];
const readme = fs.readFileSync(path.join(__dirname, '../../README.md'), 'utf8').split('\n');
const at = readme.findIndex(l => l.trim() === `<!-- consumer-test: ${marker} -->`);
if (at < 0 || !new RegExp('^```' + fence + '\\b').test(readme[at + 1] || '')) {
  throw new Error(`README.md has no \`\`\`${fence} block right after "<!-- consumer-test: ${marker} -->"`);
}
const end = readme.findIndex((l, i) => i > at + 1 && l.startsWith('```'));
if (!fs.existsSync(path.join(dir, entry))) throw new Error(`cdk init wrote no ${entry} in ${dir}`);
fs.writeFileSync(path.join(dir, entry), readme.slice(at + 2, end).join('\n') + '\n');
if (language === 'python') process.exit(0);

const edit = (file, change) => {
  const json = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  change(json);
  fs.writeFileSync(path.join(dir, file), JSON.stringify(json, null, 2));
};
edit('package.json', pkg => {
  // What a user does: pin the aws-cdk-lib under test and install the package.
  Object.assign(pkg.dependencies, { 'aws-cdk-lib': cdk, constructs, 'cdk-flow-logs-to-cloudwatch': `file:${tarball}` });
  if (layout === 'ts-node') {
    pkg.devDependencies = { '@types/node': '22.7.9', 'aws-cdk': pkg.devDependencies['aws-cdk'], 'ts-node': '^10.9.2', 'typescript': '~5.6.3' };
    pkg.scripts = { build: 'tsc', watch: 'tsc -w', cdk: 'cdk' };
    pkg.bin = { 'flow-logs-app': 'bin/flow-logs-app.js' };
  }
});
edit('cdk.json', cdkJson => {
  if (layout === 'init' && !/\bnpx tsc && npx tsx bin\/flow-logs-app\.ts$/.test(cdkJson.app)) {
    throw new Error(`cdk init's app command is no longer "npx tsc && npx tsx ...": ${cdkJson.app}; update the layouts of test/consumer/prepare-app.js`);
  }
  if (layout === 'ts-node') cdkJson.app = 'npx ts-node --prefer-ts-exts bin/flow-logs-app.ts';
});
if (layout === 'ts-node') {
  fs.rmSync(path.join(dir, 'test'), { recursive: true, force: true });
  fs.rmSync(path.join(dir, 'jest.config.js'), { force: true });
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      target: 'ES2020', module: 'commonjs', lib: ['es2020', 'dom'], declaration: true, strict: true,
      noImplicitAny: true, strictNullChecks: true, noImplicitThis: true, alwaysStrict: true,
      noUnusedLocals: false, noUnusedParameters: false, noImplicitReturns: true, noFallthroughCasesInSwitch: false,
      inlineSourceMap: true, inlineSources: true, experimentalDecorators: true, strictPropertyInitialization: false,
      typeRoots: ['./node_modules/@types'],
    },
    exclude: ['node_modules', 'cdk.out'],
  }, null, 2));
}
