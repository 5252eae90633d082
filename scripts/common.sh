# Shared by the scripts (sourced, not run). The sourcing script sets SCRIPT (its name in messages).
# The floors and newest versions come from .projenrc.ts as environment (AWS_CDK_LIB_FLOOR, ...):
# run the scripts through their projen tasks.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PYTHONDONTWRITEBYTECODE=1  # no __pycache__ in examples/ (npm would pack it) or test/

fail() { echo "$SCRIPT: ERROR: $*" >&2; exit 1; }
step() { echo "$SCRIPT: $*"; }
: "${AWS_CDK_LIB_FLOOR:?run this script through its projen task (npx projen --help lists them)}"

# venv <dir> <pip install args...>: create the venv if missing, install into it (quietly).
venv() {
  local dir="$1"; shift
  [ -x "$dir/bin/python" ] || "${PYTHON:-python3}" -m venv "$dir"
  "$dir/bin/python" -m pip install --disable-pip-version-check -q "$@"
}

# The newest wheel jsii-pacmak built (test:python builds it first).
wheel() { ls -t dist/python/*.whl | head -n 1; }
