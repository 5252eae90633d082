#!/usr/bin/env bash
# The jsii-built wheel from Python: installs the newest dist/python/*.whl into a venv with aws-cdk-lib
# and constructs (default the peer floors), writes the TypeScript example's template, and runs the
# pytest suite (test/python: the Python example app, its template == the TypeScript one, the whole API).
#
#   npx projen test:python            # builds the wheel, then runs this
#
# Environment: PYTHON_TEST_VENV (default .venv-python-test), AWS_CDK_LIB_VERSION and
# CONSTRUCTS_VERSION (default the floors); extra arguments go to pytest.
SCRIPT=python-test
source "$(dirname "$0")/common.sh"
VENV="${PYTHON_TEST_VENV:-.venv-python-test}"
WHEEL="$(wheel)"
CDK="${AWS_CDK_LIB_VERSION:-$AWS_CDK_LIB_FLOOR}"
CONSTRUCTS="${CONSTRUCTS_VERSION:-$CONSTRUCTS_FLOOR}"

step "$WHEEL with aws-cdk-lib $CDK, constructs $CONSTRUCTS into $VENV; the jsii runtime starts node $(node --version)"
venv "$VENV" "$WHEEL" "aws-cdk-lib==$CDK" "constructs==$CONSTRUCTS" "pytest==$PYTEST_VERSION"
# Same version number (0.0.0) as the installed one: reinstall so the tests run this build.
venv "$VENV" --force-reinstall --no-deps "$WHEEL"
"$VENV/bin/python" -m pip check --disable-pip-version-check

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export TS_TEMPLATE="$tmp/ts-template.json" TS_ORGANIZATION_TEMPLATES="$tmp/ts-organization.json"
npx ts-node --project test/tsconfig.json test/python/ts-template.ts "$TS_TEMPLATE" "$TS_ORGANIZATION_TEMPLATES"
# pytest exits 5 when it collects no test: that fails here like any other failure.
"$VENV/bin/python" -m pytest test/python -p no:cacheprovider "$@"
