#!/usr/bin/env bash
# The package as users install it: the packed npm tarball and the built wheel, never the sources.
#
#   npx projen compile && npx projen package:js && npx projen package:python && bash scripts/consumer-test.sh
#   (npm run test:consumer does the packing itself; it is part of npm test.)
#
# 1. The tarball holds only what users need: compiled .js, .d.ts, .jsii (+ its rosetta tablet), CHANGELOG,
#    README, LICENSE, API.md, package.json. No .ts sources, tests or tooling.
# 2. Fresh TypeScript apps, each synthesized with the real cdk CLI:
#    - "init":    today's `cdk init app --language typescript` (cdk.json: npx tsc && npx tsx bin/...),
#    - "ts-node": the layout `cdk init` wrote for years (cdk.json: npx ts-node --prefer-ts-exts bin/...,
#                 TypeScript 5, module commonjs),
#    each with the floor aws-cdk-lib (package.json's peer floor) and with the newest (test/newest/package.json).
#    The app is the README's complete minimal app (the block after `<!-- consumer-test: typescript-app -->`),
#    so the README's first snippet is what is tested; test/consumer/check-template.js checks the template
#    holds the source document's scenario (flow log, rejected-SSH filter, alarm, e-mail topic).
# 3. A fresh Python virtualenv with the wheel and the newest aws-cdk-lib from PyPI: the README's Python app
#    (after `<!-- consumer-test: python-app -->`) synthesized by the cdk CLI and checked the same way, then
#    the pytest suite (test/python) against that venv. (scripts/python-test.sh covers the floor.)
#
# Environment: CONSUMER_KEEP=1 keeps the temporary apps (their path is printed);
# CONSUMER_ONLY="init-floor ts-node-newest python-newest" runs a subset (names as printed).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
export PYTHONDONTWRITEBYTECODE=1
export CDK_DISABLE_CLI_TELEMETRY=true
# No accounts, no lookups: the apps are environment-agnostic.
unset AWS_PROFILE AWS_REGION AWS_DEFAULT_REGION

SCRIPT=consumer
source scripts/common.sh
now() { date +%s; }
START="$(now)"

FLOOR_CDK="$(node -p "require('./package.json').peerDependencies['aws-cdk-lib'].replace(/^[\\^~>=]+/, '')")"
FLOOR_CONSTRUCTS="$(node -p "require('./package.json').peerDependencies.constructs.replace(/^[\\^~>=]+/, '')")"
NEWEST_CDK="$(node -p "require('./test/newest/package.json').dependencies['aws-cdk-lib']")"
NEWEST_CONSTRUCTS="$(node -p "require('./test/newest/package.json').dependencies.constructs")"
CLI_VERSION="$(node -p "require('./test/newest/package.json').dependencies['aws-cdk']")"
PY_NEWEST_CDK="$(sed -n 's/^aws-cdk-lib==//p' test/newest/requirements.txt)"
PY_NEWEST_CONSTRUCTS="$(sed -n 's/^constructs==//p' test/newest/requirements.txt)"
step "floor aws-cdk-lib $FLOOR_CDK (constructs $FLOOR_CONSTRUCTS), newest aws-cdk-lib $NEWEST_CDK (constructs $NEWEST_CONSTRUCTS; on PyPI $PY_NEWEST_CDK), cdk CLI $CLI_VERSION"

want() { [ -z "${CONSUMER_ONLY:-}" ] || [[ " $CONSUMER_ONLY " == *" $1 "* ]]; }

# ---- the artifacts: built from the current sources ----
# The version being built: 0.0.0 between releases, the next version inside `npx projen release`.
TARBALL="$ROOT/dist/js/cdk-flow-logs-to-cloudwatch@$(node -p "require('./package.json').version").jsii.tgz"
[ -f "$TARBALL" ] || fail "no $TARBALL: run npx projen compile && npx projen package:js"
for built in .jsii "$TARBALL"; do
  newer="$(sources_newer_than "$built")"
  [ -z "$newer" ] || fail "$built is older than $newer- rebuild: npx projen compile && npx projen package:js"
done
[ "$TARBALL" -nt README.md ] || fail "$TARBALL is older than README.md (the package ships it): npx projen compile && npx projen package:js"

# ---- 1. what the tarball holds ----
node - "$TARBALL" <<'JS'
const { execFileSync } = require('child_process');
const files = execFileSync('tar', ['tzf', process.argv[2]], { encoding: 'utf8' }).split('\n').filter(Boolean)
  .map(f => f.replace(/^package\//, '')).filter(f => !f.endsWith('/'));
const allowed = [/^package\.json$/, /^README(\.[a-z]{2})?\.md$/, /^LICENSE$/, /^API\.md$/, /^CHANGELOG\.md$/, /^\.jsii$/, /^\.jsii\.tabl\.json$/,
  /^lib\/.*\.js$/, /^lib\/.*\.d\.ts$/,
  // The package's command (package.json "bin").
  /^bin\/cdk-flow-logs-backtest$/];
const extra = files.filter(f => !allowed.some(a => a.test(f)));
const need = ['package.json', 'README.md', 'LICENSE', 'API.md', '.jsii', 'lib/index.js', 'lib/index.d.ts', 'bin/cdk-flow-logs-backtest'];
const missing = need.filter(f => !files.includes(f));
const js = files.filter(f => /^lib\/.*\.js$/.test(f));
const untyped = js.filter(f => !files.includes(f.replace(/\.js$/, '.d.ts')));
if (extra.length || missing.length || untyped.length) {
  console.error('consumer: ERROR: the tarball must hold only compiled .js, .d.ts, .jsii, README, LICENSE and API.md.');
  if (extra.length) console.error(`  not for users (${extra.length}): ${extra.slice(0, 20).join(', ')} (exclude them with addPackageIgnore in .projenrc.ts)`);
  if (missing.length) console.error(`  missing: ${missing.join(', ')}`);
  if (untyped.length) console.error(`  .js without .d.ts: ${untyped.join(', ')}`);
  process.exit(1);
}
console.log(`consumer: tarball: ${files.length} files (${js.length} .js, ${files.filter(f => f.endsWith('.d.ts')).length} .d.ts, no .ts source)`);
JS

# ---- the README's apps ----
WORK="$(mktemp -d "${TMPDIR:-/tmp}/cdk-flow-logs-consumer.XXXXXX")"
if [ "${CONSUMER_KEEP:-}" = "1" ]; then
  step "keeping the apps in $WORK"
else
  trap 'rm -rf "$WORK"' EXIT
fi
extract() { # extract <marker> <fence language> <out>
  node - "$1" "$2" "$3" <<'JS'
const fs = require('fs');
const [marker, lang, out] = process.argv.slice(2);
const lines = fs.readFileSync('README.md', 'utf8').split('\n');
const at = lines.findIndex(l => l.trim() === `<!-- consumer-test: ${marker} -->`);
if (at < 0 || !new RegExp('^```' + lang + '\\b').test(lines[at + 1] || '')) {
  console.error(`consumer: ERROR: README.md has no \`\`\`${lang} block right after "<!-- consumer-test: ${marker} -->"`);
  process.exit(1);
}
const end = lines.findIndex((l, i) => i > at + 1 && l.startsWith('```'));
fs.writeFileSync(out, lines.slice(at + 2, end).join('\n') + '\n');
JS
}
extract typescript-app ts "$WORK/readme-app.ts"
extract python-app python "$WORK/readme-app.py"

CDK_CLI="$ROOT/test/newest/node_modules/.bin/cdk"
[ -x "$CDK_CLI" ] || fail "no cdk CLI in test/newest/node_modules: run npm ci --prefix test/newest (npm run test:newest does)"
NPM_INSTALL=(npm install --no-audit --no-fund --prefer-offline --loglevel=error)
TIMINGS=()

# synth_and_check <label> <app dir> [cdk args...]: synthesize with the app's own cdk.json, check the template
synth_and_check() {
  local label="$1" dir="$2" cli="$3"; shift 3
  local t0; t0="$(now)"
  ( cd "$dir" && "$cli" synth --quiet -o cdk.out "$@" ) > "$WORK/$label.synth.log" 2>&1 \
    || { cat "$WORK/$label.synth.log" >&2; fail "$label: cdk synth failed (output above)"; }
  # A fresh app turns aws-cdk-lib's CloudFormation validation into errors; warnings must not appear either.
  if grep -E "(CloudFormation Validate|\[Warning at|Error)" "$WORK/$label.synth.log" >&2; then
    fail "$label: cdk synth printed warnings or errors (above)"
  fi
  local templates=("$dir"/cdk.out/*.template.json)
  [ "${#templates[@]}" -eq 1 ] || fail "$label: expected one stack template in cdk.out, found ${#templates[@]}"
  node "$ROOT/test/consumer/check-template.js" "${templates[0]}" "$label"
  # The package's command, from the installed package (TypeScript apps: node_modules/.bin).
  if [ -d "$dir/node_modules/cdk-flow-logs-to-cloudwatch" ]; then
    node "$ROOT/test/consumer/check-backtest.js" "$dir" "${templates[0]}" "$label" || fail "$label: the backtest command failed (above)"
  fi
  TIMINGS+=("$label synth $(( $(now) - t0 ))s")
}

# ts_app <layout> <cdk-lib version> <constructs version>
ts_app() {
  local layout="$1" cdk="$2" constructs="$3" which="$4"
  local label="$layout-$which" dir="$WORK/$layout-$which/flow-logs-app"
  want "$label" || return 0
  local t0; t0="$(now)"
  mkdir -p "$dir"
  ( cd "$dir" && "$CDK_CLI" init app --language typescript --generate-only ) > "$WORK/$label.init.log" 2>&1 \
    || { cat "$WORK/$label.init.log" >&2; fail "$label: cdk init failed"; }
  [ -f "$dir/bin/flow-logs-app.ts" ] || fail "$label: cdk init wrote no bin/flow-logs-app.ts"
  cp "$WORK/readme-app.ts" "$dir/bin/flow-logs-app.ts"
  node - "$dir" "$layout" "$cdk" "$constructs" "$TARBALL" <<'JS'
const fs = require('fs');
const path = require('path');
const [dir, layout, cdk, constructs, tarball] = process.argv.slice(2);
const pkgFile = path.join(dir, 'package.json');
const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
// What a user does: pin the aws-cdk-lib under test and install the package.
pkg.dependencies['aws-cdk-lib'] = cdk;
pkg.dependencies.constructs = constructs;
pkg.dependencies['cdk-flow-logs-to-cloudwatch'] = `file:${tarball}`;
const cdkJsonFile = path.join(dir, 'cdk.json');
const cdkJson = JSON.parse(fs.readFileSync(cdkJsonFile, 'utf8'));
if (layout === 'init') {
  if (!/\bnpx tsc && npx tsx bin\/flow-logs-app\.ts$/.test(cdkJson.app)) {
    throw new Error(`cdk init's app command is no longer "npx tsc && npx tsx ...": ${cdkJson.app}; update this test's layouts`);
  }
} else {
  // The template `cdk init app --language typescript` wrote until 2025: ts-node, TypeScript 5, CommonJS.
  cdkJson.app = 'npx ts-node --prefer-ts-exts bin/flow-logs-app.ts';
  pkg.devDependencies = { '@types/node': '22.7.9', 'aws-cdk': pkg.devDependencies['aws-cdk'], 'ts-node': '^10.9.2', typescript: '~5.6.3' };
  pkg.scripts = { build: 'tsc', watch: 'tsc -w', cdk: 'cdk' };
  pkg.bin = { 'flow-logs-app': 'bin/flow-logs-app.js' };
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
fs.writeFileSync(pkgFile, JSON.stringify(pkg, null, 2));
fs.writeFileSync(cdkJsonFile, JSON.stringify(cdkJson, null, 2));
JS
  ( cd "$dir" && "${NPM_INSTALL[@]}" ) > "$WORK/$label.npm.log" 2>&1 \
    || { cat "$WORK/$label.npm.log" >&2; fail "$label: npm install failed"; }
  local installed; installed="$(cd "$dir" && node -p "require('aws-cdk-lib/package.json').version + ' / constructs ' + require('constructs/package.json').version")"
  [[ "$installed" == "$cdk / "* ]] || fail "$label: installed aws-cdk-lib $installed, expected $cdk"
  step "$label: $(node -p "require('$dir/cdk.json').app"), aws-cdk-lib $installed (install $(( $(now) - t0 ))s)"
  TIMINGS+=("$label install $(( $(now) - t0 ))s")
  # The app's own cdk CLI (the version cdk init pinned), as `npx cdk synth` would run it.
  synth_and_check "$label" "$dir" "$dir/node_modules/.bin/cdk"
}

for layout in init ts-node; do
  ts_app "$layout" "$FLOOR_CDK" "$FLOOR_CONSTRUCTS" floor
  ts_app "$layout" "$NEWEST_CDK" "$NEWEST_CONSTRUCTS" newest
done

# ---- 3. Python: the wheel with the newest aws-cdk-lib from PyPI ----
if want python-newest; then
  t0="$(now)"
  shopt -s nullglob
  wheels=("$ROOT"/dist/python/*.whl)
  shopt -u nullglob
  [ "${#wheels[@]}" -gt 0 ] || fail "no wheel in dist/python/: run npx projen package:python"
  WHEEL="$(ls -t "${wheels[@]}" | head -n 1)"
  newer="$(sources_newer_than "$WHEEL")"
  [ -z "$newer" ] || fail "$WHEEL is older than $newer- rebuild: npx projen package:python"
  VENV="$ROOT/.venv-python-newest"
  [ -x "$VENV/bin/python" ] || "${PYTHON:-python3}" -m venv "$VENV"
  PIP=("$VENV/bin/python" -m pip --disable-pip-version-check -q)
  "${PIP[@]}" install "$WHEEL" -r test/newest/requirements.txt "pytest==8.3.5"
  "${PIP[@]}" install --force-reinstall --no-deps "$WHEEL"
  "${PIP[@]}" check
  installed="$("$VENV/bin/python" -c "import importlib.metadata as m; print(m.version('aws-cdk-lib'))")"
  [ "$installed" = "$PY_NEWEST_CDK" ] || fail "python-newest: installed aws-cdk-lib $installed, expected $PY_NEWEST_CDK"
  step "python-newest: $(basename "$WHEEL"), aws-cdk-lib $installed (install $(( $(now) - t0 ))s)"
  TIMINGS+=("python-newest install $(( $(now) - t0 ))s")
  pydir="$WORK/python-newest/flow-logs-app"
  mkdir -p "$pydir"
  # cdk.json as `cdk init app --language python` writes it, plus the context a fresh app gets.
  ( cd "$pydir" && "$CDK_CLI" init app --language python --generate-only ) > "$WORK/python-newest.init.log" 2>&1 \
    || { cat "$WORK/python-newest.init.log" >&2; fail "python-newest: cdk init failed"; }
  cp "$WORK/readme-app.py" "$pydir/app.py"
  PATH="$VENV/bin:$PATH" synth_and_check python-newest "$pydir" "$CDK_CLI"
  # The Python suite (examples/python, the whole API) against the newest aws-cdk-lib too.
  t0="$(now)"
  PYTHON_TEST_VENV="$VENV" AWS_CDK_LIB_VERSION="$PY_NEWEST_CDK" CONSTRUCTS_VERSION="$PY_NEWEST_CONSTRUCTS" \
    PYTHON_TEST_WHEEL="$WHEEL" bash scripts/python-test.sh -q
  TIMINGS+=("python-newest pytest $(( $(now) - t0 ))s")
fi

step "timings: ${TIMINGS[*]:-none} (total $(( $(now) - START ))s)"
step "OK"
