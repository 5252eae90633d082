# Shared by scripts/java-test.sh and scripts/go-test.sh (sourced, not run).
source scripts/common.sh

# The compiled library (lib/*.js, .jsii) must be newer than its sources: the embedded tarball is
# compared with it, and the TypeScript example's template is made from it too.
check_compiled() {
  local newer
  [ -f .jsii ] || fail ".jsii is missing: npx projen compile"
  newer="$(sources_newer_than .jsii)"
  [ -z "$newer" ] || fail "the compiled library is older than $newer- run npx projen compile"
}

# The npm tarball a Java jar or Go module embeds must hold this working tree's build, file for file:
# the version stays 0.0.0 between builds, so a stale artifact would otherwise test yesterday's code.
#   check_embedded_tarball <tgz> <what>
check_embedded_tarball() {
  local tgz="$1" what="$2" dir n=0 file required
  [ -f "$tgz" ] || fail "$what: no embedded tarball at $tgz"
  dir="$(mktemp -d)"
  tar -xzf "$tgz" -C "$dir"
  while IFS= read -r -d '' file; do
    n=$((n + 1))
    cmp -s "$dir/package/$file" "$file" || {
      rm -rf "$dir"
      fail "$what embeds a $file that differs from this working tree's: the artifact is stale; rebuild it (npx projen compile && npx projen package:${LANGUAGE_TASK})"
    }
  done < <(cd "$dir/package" && find . -type f -print0 | sed -z 's|^\./||')
  rm -rf "$dir"
  [ "$n" -gt 10 ] || fail "$what embeds only $n files: not the library's tarball"
  for required in .jsii lib/index.js lib/flow-logs-to-cloudwatch.js; do
    tar -tzf "$tgz" "package/$required" >/dev/null 2>&1 || fail "$what does not embed $required"
  done
  step "$what embeds this working tree's build ($n files identical)"
}

# The TypeScript example's template and the other language's, compared as JSON.
#   compare_with_typescript <language> <template.json>
compare_with_typescript() {
  npx ts-node --project test/tsconfig.json test/bindings/compare-template.ts "$1" "$2"
}
