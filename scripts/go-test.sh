#!/usr/bin/env bash
# The jsii-built Go module: builds examples/go (the Go twin of examples/app.ts) against the module
# jsii-pacmak wrote to dist/go (examples/go/go.mod replaces the module path with it), runs it, and checks
# its template equals the TypeScript example's.
#
#   npx projen test:go                # builds the module, then runs this
#
# aws-cdk-go is pinned to the peer floor in examples/go/go.mod. constructs cannot be: aws-cdk-go
# v2.189.1 requires constructs-go v10.4.2, and Go's minimal version selection takes the highest
# required. go.mod and go.sum are committed and the build is readonly: a missing entry fails it.
SCRIPT=go-test
source "$(dirname "$0")/common.sh"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cd examples/go
step "$(go version)"
GOFLAGS="${GOFLAGS:-} -mod=readonly" go build -o "$tmp/flowlogs-example" .
cdk="$(go list -m -f '{{.Version}}' github.com/aws/aws-cdk-go/awscdk/v2)"
step "built against aws-cdk-go $cdk, constructs-go $(go list -m -f '{{.Version}}' github.com/aws/constructs-go/constructs/v10), $(go list -m -f '{{.Path}} => {{.Replace.Path}}' github.com/maintainers/cdk-flow-logs-to-cloudwatch-go/cdkflowlogstocloudwatch)"
[ "$cdk" = "v$AWS_CDK_LIB_FLOOR" ] || fail "examples/go builds against aws-cdk-go $cdk, not the floor v$AWS_CDK_LIB_FLOOR"
cd ../..
CDK_OUTDIR="$tmp/cdk.out" "$tmp/flowlogs-example"
npx ts-node --project test/tsconfig.json test/bindings/compare-template.ts Go "$tmp/cdk.out/FlowLogsExample.template.json"
