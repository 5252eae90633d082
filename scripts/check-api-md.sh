#!/usr/bin/env bash
# API.md must be what jsii-docgen generates from the current code (run `npx projen docgen` to update it).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
npx jsii-docgen -o "$tmp/API.md"
if ! diff -u API.md "$tmp/API.md" > "$tmp/diff"; then
  head -40 "$tmp/diff"
  echo "API.md is out of date: run 'npx projen docgen' and commit API.md." >&2
  exit 1
fi
echo "API.md is current."
