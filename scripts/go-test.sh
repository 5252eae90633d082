#!/usr/bin/env bash
# Proves the jsii-built Go module works: builds examples/go (the Go twin of examples/app.ts) against
# the module jsii-pacmak wrote to dist/go (examples/go/go.mod replaces the module path with it), runs
# it, and checks its template equals the TypeScript example's.
#
#   npx projen compile && npx projen package:go && bash scripts/go-test.sh
#
# Floors: aws-cdk-go is pinned to the peer floor (v2.189.1) in examples/go/go.mod. constructs cannot be
# pinned to its floor (10.0.5) in Go: aws-cdk-go v2.189.1 itself requires constructs-go v10.4.2 and Go's
# minimal version selection takes the highest version required, so Go apps run constructs >= 10.4.2.
# go.mod and go.sum are committed: `go build` runs in readonly mode and fails if they need an update.
# The module cache (go env GOMODCACHE) is reused across runs; the build cache is content-addressed.
set -euo pipefail
cd "$(dirname "$0")/.."
SCRIPT=go-test
LANGUAGE_TASK=go
source scripts/bindings-common.sh

MODULE_DIR=dist/go/cdkflowlogstocloudwatch
CDK_FLOOR="$(node -p "require('./package.json').devDependencies['aws-cdk-lib']")"

command -v go >/dev/null || fail "go is not installed (https://go.dev/doc/install); the Go bindings cannot be tested"
[ -f "$MODULE_DIR/go.mod" ] || fail "no Go module in $MODULE_DIR: npx projen compile && npx projen package:go"
check_compiled
VERSION="$(node -p "require('./package.json').version")"
check_embedded_tarball "$MODULE_DIR/jsii/cdk-flow-logs-to-cloudwatch-$VERSION.tgz" "the Go module ($MODULE_DIR)"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

cd examples/go
step "$(go version)"
# Readonly: the committed go.mod/go.sum are the lock; a dependency the module needs and they lack fails here.
GOFLAGS="${GOFLAGS:-} -mod=readonly" go build -o "$tmp/flowlogs-example" .
cdk="$(go list -m -f '{{.Version}}' github.com/aws/aws-cdk-go/awscdk/v2)"
step "built against aws-cdk-go $cdk, constructs-go $(go list -m -f '{{.Version}}' github.com/aws/constructs-go/constructs/v10), jsii-runtime-go $(go list -m -f '{{.Version}}' github.com/aws/jsii-runtime-go); $(go list -m -f '{{.Path}} => {{.Replace.Path}}' github.com/maintainers/cdk-flow-logs-to-cloudwatch-go/cdkflowlogstocloudwatch)"
[ "$cdk" = "v$CDK_FLOOR" ] || fail "examples/go builds against aws-cdk-go $cdk, not the floor v$CDK_FLOOR (package.json devDependencies)"
cd ../..

CDK_OUTDIR="$tmp/cdk.out" "$tmp/flowlogs-example"
compare_with_typescript Go "$tmp/cdk.out/FlowLogsExample.template.json"
