#!/usr/bin/env bash
# Compliance gates: cfn-lint and checkov over every template the tests synthesize.
#
#   bash scripts/gates.sh
#
# 1. creates (or reuses) the venv .venv-gates/ with test/gates/requirements.txt (pinned cfn-lint
#    and checkov; reinstalled when that file changes);
# 2. synthesizes the matrix of test/gates/matrix.ts (the example app, every target kind, custom
#    formats, every detection preset, traffic type and aggregation interval, bring-your-own
#    log group / role / topic, a KMS key, and the "hardened" configuration) into a temp dir,
#    plus the integ test snapshots' templates (test/integ.flow-logs-to-cloudwatch.*.snapshot/)
#    when there are any;
# 3. cfn-lint: fails on any error or warning (informational findings are shown, not failing);
#    exceptions only via test/gates/cfn-lint-allowed.txt;
# 4. checkov (framework cloudformation): a hardened template must have ZERO failed checks;
#    every other failed check must be in test/gates/checkov-default-allowed.txt.
# A canary template (test/gates/canary.template.json) is scanned with the others: each tool
# must flag it, so a gate that scans nothing cannot pass.
#
# Environment: PYTHON (default python3), GATES_VENV (default .venv-gates),
# GATES_EXTRA_TEMPLATES (a glob; default the integ snapshots' templates),
# GATES_OUT (a directory to keep the templates and results in; default a temp dir, removed).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
VENV="${GATES_VENV:-.venv-gates}"
REQUIREMENTS=test/gates/requirements.txt
EXTRA_GLOB="${GATES_EXTRA_TEMPLATES:-test/integ.flow-logs-to-cloudwatch.*.snapshot/*.template.json}"
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=1
# Synthesize from lib/*.ts, never from a stale compiled lib/*.js beside it.
export TS_NODE_PREFER_TS_EXTS=true
# No __pycache__ in test/gates/.
export PYTHONDONTWRITEBYTECODE=1

fail() { echo "gates: ERROR: $*" >&2; exit 1; }
step() { echo "gates: $*"; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

if [ -n "${GATES_OUT:-}" ]; then
  WORK="$GATES_OUT"; rm -rf "$WORK"; mkdir -p "$WORK"
else
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/gates.XXXXXX")"
  trap 'rm -rf "$WORK"' EXIT
fi
TEMPLATES="$WORK/templates"
mkdir -p "$TEMPLATES"

# ---- the venv ----
t0="$(now)"
stamp="$VENV/.gates-requirements.sha256"
want="$(sha256sum "$REQUIREMENTS" | cut -d' ' -f1)"
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  step "installing $(grep -cv '^\s*\(#\|$\)' "$REQUIREMENTS") pinned tools into $VENV/"
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$REQUIREMENTS"
  echo "$want" > "$stamp"
else
  step "reusing $VENV/"
fi
t_venv="$(since "$t0")"
step "cfn-lint $("$VENV/bin/cfn-lint" --version | awk '{print $NF}'), checkov $("$VENV/bin/checkov" --version) (${t_venv}s)"

# ---- the templates ----
t0="$(now)"
npx ts-node --project test/tsconfig.json test/gates/matrix.ts "$TEMPLATES"
mv "$TEMPLATES/cases.json" "$WORK/cases.json"
shopt -s nullglob
extras=($EXTRA_GLOB)
shopt -u nullglob
if [ "${#extras[@]}" -eq 0 ]; then
  echo "gates: no template matches $EXTRA_GLOB (the integ test snapshot); refusing to scan without it" >&2
  exit 1
fi
for f in "${extras[@]}"; do
  # integ.flow-logs-to-cloudwatch.basic.snapshot/Stack.template.json -> integ.flow-logs-to-cloudwatch.basic.snapshot--Stack.template.json
  cp "$f" "$TEMPLATES/$(basename "$(dirname "$f")")--$(basename "$f")"
done
cp test/gates/canary.template.json "$TEMPLATES/gates-canary.template.json"
"$VENV/bin/python" - "$WORK/cases.json" "$TEMPLATES" "$WORK/index.json" <<'EOF'
import json, os, sys
cases, templates, out = sys.argv[1:]
index = [{'template': c['template'], 'hardened': c['hardened'], 'origin': 'matrix'} for c in json.load(open(cases))]
known = {i['template'] for i in index}
for f in sorted(os.listdir(templates)):
    if f == 'gates-canary.template.json':
        index.append({'template': f, 'hardened': False, 'origin': 'canary'})
    elif f not in known:
        index.append({'template': f, 'hardened': False, 'origin': 'extra'})
missing = [i['template'] for i in index if not os.path.isfile(os.path.join(templates, i['template']))]
if missing:
    sys.exit(f'gates: ERROR: templates missing: {missing}')
json.dump(index, open(out, 'w'), indent=1)
EOF
n_matrix="$(grep -c '"origin": "matrix"' "$WORK/index.json" || true)"
n_hardened="$(grep -c '"hardened": true' "$WORK/index.json" || true)"
[ "$n_matrix" -gt 0 ] || fail "the matrix synthesized no template"
[ "$n_hardened" -gt 0 ] || fail "the matrix has no hardened case"
templates=("$TEMPLATES"/*.template.json)
t_synth="$(since "$t0")"
step "${#templates[@]} templates: $n_matrix from the matrix ($n_hardened hardened), ${#extras[@]} extra ($EXTRA_GLOB), 1 canary (${t_synth}s)"

status=0

# ---- cfn-lint ----
t0="$(now)"
rc=0
"$VENV/bin/cfn-lint" --format json --regions eu-west-1 us-east-1 -- "${templates[@]}" > "$WORK/cfn-lint.json" || rc=$?
t_lint="$(since "$t0")"
step "cfn-lint exited $rc (${t_lint}s)"
"$VENV/bin/python" test/gates/evaluate.py cfn-lint --results "$WORK/cfn-lint.json" --rc "$rc" \
  --index "$WORK/index.json" --allow test/gates/cfn-lint-allowed.txt || status=1

# ---- checkov ----
t0="$(now)"
rc=0
"$VENV/bin/checkov" --directory "$TEMPLATES" --framework cloudformation --output json --compact \
  --skip-download --skip-results-upload > "$WORK/checkov.json" 2> "$WORK/checkov.stderr" || rc=$?
t_checkov="$(since "$t0")"
step "checkov exited $rc (${t_checkov}s)"
if [ -s "$WORK/checkov.stderr" ]; then sed 's/^/gates: checkov stderr: /' "$WORK/checkov.stderr" | head -n 20; fi
"$VENV/bin/python" test/gates/evaluate.py checkov --results "$WORK/checkov.json" --rc "$rc" \
  --index "$WORK/index.json" --allow test/gates/checkov-default-allowed.txt --templates "$TEMPLATES" || status=1

step "timings: venv ${t_venv}s, synth ${t_synth}s, cfn-lint ${t_lint}s, checkov ${t_checkov}s"
if [ "$status" -ne 0 ]; then
  fail "compliance gates failed (see above)"
fi
step "OK"
