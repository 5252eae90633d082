#!/usr/bin/env bash
# Offline integration-test gate: synthesize every test/**/integ.*.ts and compare it with its
# committed snapshot (test/integ.<name>.ts.snapshot/). Needs no AWS credentials and never
# deploys: without --update-on-failed or --force, integ-runner only compares snapshots.
# Exits non-zero on a type error, on any template difference, on a test without a snapshot,
# and when no integ test is found.
#
#   bash scripts/integ-verify.sh                 # all integ tests
#   bash scripts/integ-verify.sh integ.flow-logs-to-cloudwatch   # one (extra args go to integ-runner)
#
# A change on purpose: bash scripts/integ-update.sh, then review and commit the snapshot.
set -euo pipefail
cd "$(dirname "$0")/.."

mapfile -t tests < <(find test -name 'integ.*.ts' ! -name '*.d.ts' ! -path '*.snapshot/*' ! -path '*/node_modules/*' | sort)
if [ "${#tests[@]}" -eq 0 ]; then
  echo "integ-verify: no test/**/integ.*.ts found" >&2
  exit 1
fi

# 1. Type-check the integ tests once (with the tests' compiler settings). The synthesis
#    below runs ts-node --transpile-only, twice per test, which alone would not catch type errors.
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
node -e '
  const [out, base, ...files] = process.argv.slice(1);
  const typeRoots = [require("path").resolve("node_modules/@types")];  // outside the repo, say where they are
  require("fs").writeFileSync(out, JSON.stringify({ extends: base, compilerOptions: { typeRoots }, files, include: [] }));
' "$tmp/tsconfig.json" "$PWD/test/tsconfig.json" "${tests[@]/#/$PWD/}"
npx tsc --noEmit -p "$tmp/tsconfig.json"

# 2. Synthesize and compare with the snapshots. --prefer-ts-exts: use lib/*.ts, not the
#    (possibly stale) lib/*.js that jsii compiles beside them.
for arg in "$@"; do
  case "$arg" in
    --force|--update-on-failed|--profiles*|--parallel-regions*)
      echo "integ-verify: $arg would deploy; this script only compares snapshots (see the README for a real run)" >&2; exit 2 ;;
  esac
done
npx integ-runner \
  --directory test \
  --language typescript \
  --app "npx ts-node --transpile-only --prefer-ts-exts --project test/tsconfig.json {filePath}" \
  "$@"
