# Shared by the test scripts (sourced, not run). The sourcing script sets SCRIPT (its name in messages).
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=1

fail() { echo "$SCRIPT: ERROR: $*" >&2; exit 1; }
step() { echo "$SCRIPT: $*"; }

# The TypeScript sources in lib/ newer than a built file (at most five, space-separated; empty when the
# build is current). The version stays 0.0.0 between builds, so a stale build would otherwise test
# yesterday's code.
#   sources_newer_than <built file>
sources_newer_than() {
  find lib -name '*.ts' ! -name '*.d.ts' -newer "$1" | head -n 5 | tr '\n' ' '
}
