#!/usr/bin/env bash
# Proves the jsii-built Python package works: installs the wheel from dist/python/
# into .venv-python-test/ with the peer floors (aws-cdk-lib 2.189.1, constructs 10.0.5),
# writes the TypeScript example's template, and runs the pytest suite in test/python/
# (the Python example app, its template == the TypeScript one, the whole API from Python).
#
#   npx projen compile && npx projen package:python && bash scripts/python-test.sh [pytest args...]
#
# Environment: PYTHON (default python3), PYTHON_TEST_VENV (default .venv-python-test),
# AWS_CDK_LIB_VERSION (default 2.189.1), CONSTRUCTS_VERSION (default 10.0.5),
# ALLOW_STALE_WHEEL=1 to test a wheel older than lib/*.ts,
# PYTHON_TEST_WHEEL=<path> to test another wheel than the newest dist/python/*.whl.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
VENV="${PYTHON_TEST_VENV:-.venv-python-test}"
AWS_CDK_LIB_VERSION="${AWS_CDK_LIB_VERSION:-2.189.1}"
CONSTRUCTS_VERSION="${CONSTRUCTS_VERSION:-10.0.5}"
# No __pycache__ in examples/ (it would be packed into the npm tarball) or test/.
export PYTHONDONTWRITEBYTECODE=1

SCRIPT=python-test
source scripts/common.sh

# ---- the wheel ----
if [ -n "${PYTHON_TEST_WHEEL:-}" ]; then
  [ -f "$PYTHON_TEST_WHEEL" ] || fail "PYTHON_TEST_WHEEL=$PYTHON_TEST_WHEEL is not a file"
  WHEEL="$PYTHON_TEST_WHEEL"
else
  shopt -s nullglob
  wheels=(dist/python/*.whl)
  shopt -u nullglob
  if [ "${#wheels[@]}" -eq 0 ]; then
    fail "no wheel in dist/python/. Build it first: npx projen compile && npx projen package:python"
  fi
  WHEEL="$(ls -t "${wheels[@]}" | head -n 1)"
  if [ "${#wheels[@]}" -gt 1 ]; then
    step "WARNING: ${#wheels[@]} wheels in dist/python/; testing the newest, $WHEEL"
  fi
  # The version stays 0.0.0 between builds, so a wheel (or a compile) older than the
  # sources would silently test yesterday's code.
  if [ "${ALLOW_STALE_WHEEL:-}" != "1" ]; then
    for built in .jsii "$WHEEL"; do
      [ -e "$built" ] || fail "$built is missing - run npx projen compile && npx projen package:python"
      newer="$(sources_newer_than "$built")"
      if [ -n "$newer" ]; then
        fail "$built is older than $newer- rebuild: npx projen compile && npx projen package:python (or set ALLOW_STALE_WHEEL=1)"
      fi
    done
  fi
fi
# The npm tarball inside the wheel is whatever `npm pack` took; warn when it took local junk.
junk="$("$PYTHON" - "$WHEEL" <<'PY'
import io, sys, tarfile, zipfile
with zipfile.ZipFile(sys.argv[1]) as whl:
    name = next(n for n in whl.namelist() if n.endswith(".jsii.tgz"))
    with tarfile.open(fileobj=io.BytesIO(whl.read(name))) as tgz:
        bad = [m.name for m in tgz.getmembers()
               if any(p in m.name for p in ("/.venv", "__pycache__", "/.pytest_cache", "/cdk.out/"))]
print(f"{len(bad)} {bad[0] if bad else ''}")
PY
)"
if [ "${junk%% *}" != "0" ]; then
  fail "the wheel's bundled npm tarball holds ${junk%% *} local files (e.g. ${junk#* }): .npmignore (addPackageIgnore in .projenrc.ts) must exclude them"
fi
step "wheel: $WHEEL ($(du -h "$WHEEL" | cut -f1))"

# ---- the venv ----
if [ ! -x "$VENV/bin/python" ]; then
  step "creating $VENV"
  "$PYTHON" -m venv "$VENV"
fi
PIP=("$VENV/bin/python" -m pip --disable-pip-version-check -q)
step "installing aws-cdk-lib==$AWS_CDK_LIB_VERSION constructs==$CONSTRUCTS_VERSION pytest and the wheel"
"${PIP[@]}" install "$WHEEL" "aws-cdk-lib==$AWS_CDK_LIB_VERSION" "constructs==$CONSTRUCTS_VERSION" "pytest==8.3.5"
# Same version number as the installed one: reinstall so the tests run this build.
"${PIP[@]}" install --force-reinstall --no-deps "$WHEEL"
"${PIP[@]}" check
step "the jsii runtime will start node $(node --version) ($(command -v node))"
"$VENV/bin/python" - <<'PY'
import importlib.metadata as m
print("python-test: installed " + ", ".join(
    f"{d} {m.version(d)}" for d in ("cdk-flow-logs-to-cloudwatch", "aws-cdk-lib", "constructs", "jsii", "pytest")))
PY

# ---- the TypeScript example's template ----
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export TS_TEMPLATE="$tmp/ts-template.json"
npx ts-node --project test/tsconfig.json test/python/ts-template.ts "$TS_TEMPLATE"

# ---- the tests ----
set +e
"$VENV/bin/python" -m pytest test/python -p no:cacheprovider "$@"
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
  fail "pytest collected no tests"
fi
exit "$rc"
