#!/usr/bin/env bash
# The package as users install it: the packed npm tarball and the built wheel, never the sources, in
# fresh apps made by the real cdk CLI (test/newest's) and synthesized with each app's own cdk CLI:
# - TypeScript, `cdk init` today ("init") and the ts-node layout it wrote for years ("ts-node"), each with
#   the floor and the newest aws-cdk-lib;
# - Python, the wheel with the newest aws-cdk-lib from PyPI (the pytest suite against it too; test:python
#   covers the floor).
# The app is the README's complete minimal app (test/consumer/prepare-app.js); test/consumer/check-template.js
# checks its template holds the source document's scenario, and check-backtest.js runs the package's command.
#
#   npx projen test:consumer          # packs the tarball first; CONSUMER_KEEP=1 keeps the apps
SCRIPT=consumer
source "$(dirname "$0")/common.sh"
export CDK_DISABLE_CLI_TELEMETRY=true
unset AWS_PROFILE AWS_REGION AWS_DEFAULT_REGION  # no accounts, no lookups: environment-agnostic apps
TARBALL="$PWD/dist/js/cdk-flow-logs-to-cloudwatch@$(node -p "require('./package.json').version").jsii.tgz"
CDK_CLI="$PWD/test/newest/node_modules/.bin/cdk"
WORK="$(mktemp -d)"
if [ "${CONSUMER_KEEP:-}" = "1" ]; then step "keeping the apps in $WORK"; else trap 'rm -rf "$WORK"' EXIT; fi

# run <label> <what> <command...>: quiet unless it fails.
run() {
  local label="$1" what="$2"; shift 2
  "$@" > "$WORK/$label.$what.log" 2>&1 || { cat "$WORK/$label.$what.log" >&2; fail "$label: $what failed (output above)"; }
}

# app <label> <language>: a fresh `cdk init` app in $WORK/<label>/flow-logs-app (printed).
app() {
  local dir="$WORK/$1/flow-logs-app"
  mkdir -p "$dir"
  (cd "$dir" && run "$1" init "$CDK_CLI" init app --language "$2" --generate-only)
  echo "$dir"
}

# synth <label> <dir> <cdk CLI>: synthesize with the app's cdk.json; no warning may appear.
synth() {
  local label="$1" dir="$2" cli="$3"
  (cd "$dir" && run "$label" synth "$cli" synth --quiet -o cdk.out)
  if grep -E "(CloudFormation Validate|\[Warning at|Error)" "$WORK/$label.synth.log" >&2; then
    fail "$label: cdk synth printed warnings or errors (above)"
  fi
  local templates=("$dir"/cdk.out/*.template.json)
  [ "${#templates[@]}" -eq 1 ] || fail "$label: expected one stack template in cdk.out, found ${#templates[@]}"
  node test/consumer/check-template.js "${templates[0]}" "$label"
  if [ -d "$dir/node_modules/cdk-flow-logs-to-cloudwatch" ]; then
    node test/consumer/check-backtest.js "$dir" "${templates[0]}" "$label" || fail "$label: the backtest command failed (above)"
  fi
}

for layout in init ts-node; do
  for which in floor newest; do
    label="$layout-$which"
    if [ "$which" = floor ]; then versions=("$AWS_CDK_LIB_FLOOR" "$CONSTRUCTS_FLOOR"); else versions=("$AWS_CDK_LIB_NEWEST" "$CONSTRUCTS_NEWEST"); fi
    dir="$(app "$label" typescript)"
    node test/consumer/prepare-app.js typescript "$dir" "$layout" "${versions[@]}" "$TARBALL"
    (cd "$dir" && run "$label" install npm install --no-audit --no-fund --prefer-offline --loglevel=error)
    installed="$(cd "$dir" && node -p "require('aws-cdk-lib/package.json').version")"
    [ "$installed" = "${versions[0]}" ] || fail "$label: installed aws-cdk-lib $installed, expected ${versions[0]}"
    step "$label: $(node -p "require('$dir/cdk.json').app"), aws-cdk-lib $installed"
    synth "$label" "$dir" "$dir/node_modules/.bin/cdk"
  done
done

# The wheel and the pytest suite with the newest aws-cdk-lib on PyPI, then the README's Python app in that venv.
VENV="$PWD/.venv-python-newest"
PYTHON_TEST_VENV="$VENV" AWS_CDK_LIB_VERSION="$PY_AWS_CDK_LIB_NEWEST" CONSTRUCTS_VERSION="$PY_CONSTRUCTS_NEWEST" \
  bash scripts/python-test.sh -q
dir="$(app python-newest python)"
node test/consumer/prepare-app.js python "$dir"
PATH="$VENV/bin:$PATH" synth python-newest "$dir" "$CDK_CLI"
step "OK"
