#!/usr/bin/env bash
# The jsii-built Java package: builds examples/java (the Java twin of examples/app.ts) with Maven
# against the artifact jsii-pacmak wrote to dist/java (a file repository the example's pom names),
# runs it, and checks its template equals the TypeScript example's.
#
#   npx projen test:java              # builds the package, then runs this
#
# The example's pom pins the peer floors; Maven takes an app's own version over the one the library's
# pom names, and the resolved versions are checked here. ~/.m2/repository (which package:java builds
# with too) is reused; this library's own artifact is removed from it first, so Maven copies dist/java's.
SCRIPT=java-test
source "$(dirname "$0")/common.sh"
VERSION="$(node -p "require('./package.json').version")"
MAVEN_REPO="$HOME/.m2/repository"
rm -rf "${MAVEN_REPO:?}/io/github/maintainers/cdk-flow-logs-to-cloudwatch/$VERSION"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# -Dflowlogs.version: the version being built (0.0.0 between releases, the next one inside a release).
MVN=(mvn -B -q -Dstyle.color=never -f examples/java/pom.xml "-Dmaven.repo.local=$MAVEN_REPO" "-Dflowlogs.version=$VERSION")
step "$(java -version 2>&1 | head -n 1); $(mvn -B -v -Dstyle.color=never 2>/dev/null | head -n 1)"
"${MVN[@]}" dependency:list -DincludeGroupIds=software.amazon.awscdk,software.constructs,io.github.maintainers \
  -DoutputFile="$tmp/deps.txt" >/dev/null
step "resolved: $(grep ':jar:' "$tmp/deps.txt" | sed 's/^ *//; s/:compile$//' | tr '\n' ' ')"
for want in "software.amazon.awscdk:aws-cdk-lib:jar:$AWS_CDK_LIB_FLOOR" "software.constructs:constructs:jar:$CONSTRUCTS_FLOOR" \
  "io.github.maintainers:cdk-flow-logs-to-cloudwatch:jar:$VERSION"; do
  grep -q "$want:" "$tmp/deps.txt" || fail "examples/java does not resolve $want"
done
CDK_OUTDIR="$tmp/cdk.out" "${MVN[@]}" compile exec:java
npx ts-node --project test/tsconfig.json test/bindings/compare-template.ts Java "$tmp/cdk.out/FlowLogsExample.template.json"
