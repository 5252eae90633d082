#!/usr/bin/env bash
# Rewrite the integration tests' snapshots (test/integ.<name>.ts.snapshot/) on purpose, after a
# change to the construct's output or to a test. Offline: --dry-run synthesizes only, it never
# deploys, even with AWS credentials present. Review the diff of the snapshot directory and
# commit it with the change; bash scripts/integ-verify.sh must pass afterwards.
#
#   bash scripts/integ-update.sh          # the tests whose snapshot differs (or is missing)
#   bash scripts/integ-update.sh --force  # every test
#
# To check a change against a real account instead (deploys, asserts, destroys), see
# "Integration test" in README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

npx integ-runner \
  --directory test \
  --language typescript \
  --app "npx ts-node --prefer-ts-exts --project test/tsconfig.json {filePath}" \
  --update-on-failed \
  --dry-run \
  "$@"
