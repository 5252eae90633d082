#!/usr/bin/env bash
# Compliance gates: cfn-lint and checkov over every template of test/gates/matrix.ts (the example app,
# every target kind, custom formats, every detection preset, traffic type and aggregation interval,
# bring-your-own log group / role / topic, KMS keys, the hardened configurations) and the integ test
# snapshot's templates. test/gates/evaluate.py judges the results:
# - cfn-lint: any error or warning fails (informational findings are shown); exceptions only in
#   test/gates/cfn-lint-allowed.txt;
# - checkov: a hardened template has ZERO failed checks; any other failure must be listed in
#   test/gates/checkov-default-allowed.txt.
# A canary template (test/gates/canary.template.json) is scanned too and each tool must flag it, so a
# gate that scans nothing cannot pass. Tools: test/gates/requirements.txt (pinned) in .venv-gates/.
#
#   npx projen gates                  # GATES_OUT=<dir> keeps the templates and results there
SCRIPT=gates
source "$(dirname "$0")/common.sh"
VENV=.venv-gates
if [ -n "${GATES_OUT:-}" ]; then
  WORK="$GATES_OUT"; rm -rf "$WORK"; mkdir -p "$WORK"
else
  WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
fi
TEMPLATES="$WORK/templates"

# Reinstalled when the pins change.
stamp="$(sha256sum test/gates/requirements.txt | cut -c1-64)"
[ "$(cat "$VENV/.requirements.sha256" 2>/dev/null)" = "$stamp" ] || rm -rf "$VENV"
venv "$VENV" -r test/gates/requirements.txt
echo "$stamp" > "$VENV/.requirements.sha256"
step "cfn-lint $("$VENV/bin/cfn-lint" --version | awk '{print $NF}'), checkov $("$VENV/bin/checkov" --version)"

# Synthesized from lib/*.ts, never from a compiled lib/*.js beside it.
TS_NODE_PREFER_TS_EXTS=true npx ts-node --project test/tsconfig.json test/gates/matrix.ts "$TEMPLATES" \
  test/integ.*.snapshot/*.template.json
mv "$TEMPLATES/index.json" "$WORK/index.json"
templates=("$TEMPLATES"/*.template.json)

status=0
rc=0
"$VENV/bin/cfn-lint" --format json --regions eu-west-1 us-east-1 -- "${templates[@]}" > "$WORK/cfn-lint.json" || rc=$?
"$VENV/bin/python" test/gates/evaluate.py cfn-lint --results "$WORK/cfn-lint.json" --rc "$rc" \
  --index "$WORK/index.json" --allow test/gates/cfn-lint-allowed.txt || status=1
rc=0
"$VENV/bin/checkov" --directory "$TEMPLATES" --framework cloudformation --output json --compact \
  --skip-download --skip-results-upload > "$WORK/checkov.json" 2> "$WORK/checkov.stderr" || rc=$?
head -n 20 "$WORK/checkov.stderr" | sed 's/^/gates: checkov stderr: /'
"$VENV/bin/python" test/gates/evaluate.py checkov --results "$WORK/checkov.json" --rc "$rc" \
  --index "$WORK/index.json" --allow test/gates/checkov-default-allowed.txt --templates "$TEMPLATES" || status=1
[ "$status" -eq 0 ] || fail "compliance gates failed (see above)"
step "OK"
