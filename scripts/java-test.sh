#!/usr/bin/env bash
# Proves the jsii-built Java package works: builds examples/java (the Java twin of examples/app.ts)
# with Maven against the artifact jsii-pacmak wrote to dist/java (a file repository the example's pom
# names), runs it, and checks its template equals the TypeScript example's.
#
#   npx projen compile && npx projen package:java && bash scripts/java-test.sh
#
# Floors: the example's pom pins aws-cdk-lib 2.189.1 and constructs 10.0.5 (the peer floors); Maven
# takes an app's own version over the one the library's pom names (jsii-pacmak writes the newest
# aws-cdk-lib it resolved), and this script checks the resolved versions.
# The Maven repository (~/.m2/repository, the one jsii-pacmak builds with too: package:java) is
# reused across runs; this library's own 0.0.0 artifact is removed from it first, so Maven copies the
# one in dist/java, and the copy is checked against this working tree's build.
set -euo pipefail
cd "$(dirname "$0")/.."
SCRIPT=java-test
LANGUAGE_TASK=java
source scripts/bindings-common.sh

MAVEN_REPO="$HOME/.m2/repository"
VERSION="$(node -p "require('./package.json').version")"
CDK_FLOOR="$(node -p "require('./package.json').devDependencies['aws-cdk-lib']")"
CONSTRUCTS_FLOOR="$(node -p "require('./package.json').devDependencies['constructs']")"
ARTIFACT_PATH=io/github/maintainers/cdk-flow-logs-to-cloudwatch
JAR="cdk-flow-logs-to-cloudwatch-$VERSION.jar"
JSII_TGZ="io/github/maintainers/cdkflowlogstocloudwatch/cdk-flow-logs-to-cloudwatch@$VERSION.jsii.tgz"

check_compiled
command -v mvn >/dev/null || fail "mvn is not installed; the Java bindings cannot be tested"
command -v java >/dev/null || fail "java is not installed; the Java bindings cannot be tested"
[ -f "dist/java/$ARTIFACT_PATH/$VERSION/$JAR" ] || fail "no dist/java/$ARTIFACT_PATH/$VERSION/$JAR: npx projen compile && npx projen package:java"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
embedded() { # <jar> <what>
  (cd "$tmp" && rm -rf jar && mkdir jar && cd jar && unzip -q "$1" "$JSII_TGZ") || fail "$2 holds no $JSII_TGZ"
  check_embedded_tarball "$tmp/jar/$JSII_TGZ" "$2"
}
embedded "$PWD/dist/java/$ARTIFACT_PATH/$VERSION/$JAR" "the jar in dist/java"

rm -rf "${MAVEN_REPO:?}/$ARTIFACT_PATH/$VERSION"
# -Dflowlogs.version: the version being built (0.0.0 between releases; the next version inside `npx projen release`).
MVN=(mvn -B -q -Dstyle.color=never -f examples/java/pom.xml "-Dmaven.repo.local=$MAVEN_REPO" "-Dflowlogs.version=$VERSION")
step "$(java -version 2>&1 | head -n 1); $(mvn -B -v -Dstyle.color=never 2>/dev/null | head -n 1)"
"${MVN[@]}" dependency:list -DincludeGroupIds=software.amazon.awscdk,software.constructs,io.github.maintainers,software.amazon.jsii \
  -DoutputFile="$tmp/deps.txt" >/dev/null
resolved() { grep -o "$1:jar:[^:]*" "$tmp/deps.txt" | cut -d: -f4; }
step "resolved: $(grep ':jar:' "$tmp/deps.txt" | sed 's/^ *//; s/:compile$//' | tr '\n' ' ')"
[ "$(resolved software.amazon.awscdk:aws-cdk-lib)" = "$CDK_FLOOR" ] || fail "examples/java resolves aws-cdk-lib $(resolved software.amazon.awscdk:aws-cdk-lib), not the floor $CDK_FLOOR"
[ "$(resolved software.constructs:constructs)" = "$CONSTRUCTS_FLOOR" ] || fail "examples/java resolves constructs $(resolved software.constructs:constructs), not the floor $CONSTRUCTS_FLOOR"
[ "$(resolved io.github.maintainers:cdk-flow-logs-to-cloudwatch)" = "$VERSION" ] || fail "examples/java does not resolve cdk-flow-logs-to-cloudwatch $VERSION"
# What Maven put on the class path is the copy in its repository: the same build as this tree?
embedded "$MAVEN_REPO/$ARTIFACT_PATH/$VERSION/$JAR" "the jar Maven resolved ($MAVEN_REPO)"

CDK_OUTDIR="$tmp/cdk.out" "${MVN[@]}" compile exec:java
compare_with_typescript Java "$tmp/cdk.out/FlowLogsExample.template.json"
