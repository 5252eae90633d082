#!/usr/bin/env bash
# What of a release can run without GitHub, run in a clone of HEAD (nothing here is touched):
#   1. the project files projen owns (workflows, tasks, package.json ...) are current: `npx projen`
#      changes nothing;
#   2. `npx projen bump` gives the next version from the conventional commits (0.1.0 when no v0.* tag
#      exists: scripts/next-version.sh), writes package.json's version, dist/version.txt,
#      dist/releasetag.txt and the release's changelog (dist/changelog.md). When HEAD has nothing to
#      release (it is a `chore(release)` commit, or no feat/fix commit follows the latest tag), that is
#      checked (bump skips, or keeps the version), and a `fix:` commit made in the clone only gives the
#      rest of the dry run something to release;
#   3. `npx projen release:changelog` prepends that changelog to CHANGELOG.md and commits it as
#      `chore(release): <version>`, keeping what CHANGELOG.md held;
#   4. `npx projen unbump` puts package.json back to 0.0.0.
# The release workflow runs the same tasks (release = bump, build, unbump), then publishes.
#
#   bash scripts/release-dry-run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
fail() { echo "release-dry-run: ERROR: $*" >&2; exit 1; }
step() { echo "release-dry-run: $*"; }
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=1

[ -d node_modules/projen ] || fail "projen is not installed: npm ci"
[ -z "$(git status --porcelain --untracked-files=no)" ] || step "note: uncommitted changes are not part of this dry run (it clones HEAD, $(git rev-parse --short HEAD))"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
git clone -q --no-hardlinks "$ROOT" "$tmp/repo"
cd "$tmp/repo"
git fetch -q --tags "$ROOT"
# Versions come from the history and its tags: a shallow clone (CI checkouts often are) has neither.
if [ "$(git rev-parse --is-shallow-repository)" = "true" ]; then
  origin="$(git -C "$ROOT" remote get-url origin 2>/dev/null || true)"
  [ -n "$origin" ] || fail "$ROOT is a shallow clone without an origin to fetch its history from: clone it without --depth"
  step "$ROOT is a shallow clone: fetching the history and tags of $origin into the dry run's clone"
  git fetch -q --unshallow --tags "$origin" || fail "cannot fetch the history of $origin: clone without --depth"
fi
ln -s "$ROOT/node_modules" node_modules
git config user.name "release dry run"
git config user.email "release-dry-run@example.invalid"

# ---- 1. project files current ----
npx projen --no-post >/dev/null
changed="$(git status --porcelain | grep -v ' node_modules$' || true)"
[ -z "$changed" ] || fail "npx projen changes files projen owns; run npx projen and commit them:
$changed"
for f in .github/workflows/build.yml .github/workflows/release.yml; do
  [ -f "$f" ] || fail "$f is missing"
done
for job in release_npm release_pypi release_maven release_golang release_github release_changelog; do
  grep -q "^  $job:" .github/workflows/release.yml || fail "the release workflow has no $job job"
done
step "project files current; release workflow publishes to npm, PyPI, Maven Central, the Go module repository and GitHub, then updates CHANGELOG.md"

# ---- 2. bump ----
# MAJOR=0 (.projenrc.ts majorVersion): projen reads v0.* tags only.
latest="$(git tag --list 'v0.*' --sort=-version:refname | head -n 1)"
bump() {
  rm -rf dist
  npx projen bump >"$tmp/bump.log" 2>&1 || { cat "$tmp/bump.log"; fail "npx projen bump failed"; }
}
releasable() { # projen's bump:releasable-commits (featuresAndFixes)
  git log --no-merges --oneline "$latest"..HEAD -E --grep '^(feat|fix){1}(\([^()[:space:]]+\))?(!)?:[[:blank:]]+.+'
}
give_it_something_to_release() {
  npx projen unbump >/dev/null
  git checkout -q -- .
  rm -rf dist
  git commit -q --allow-empty -m "fix: release dry run (made in the dry run's clone only)"
}
if git log -1 --format=%s | grep -q '^chore(release):'; then
  bump
  [ ! -e dist/version.txt ] || fail "HEAD is a release commit ($(git log -1 --format=%s)), yet bump wrote version $(cat dist/version.txt)"
  step "HEAD is a release commit: bump skips it (projen's condition), as it must"
  give_it_something_to_release
elif [ -n "$latest" ] && [ -z "$(releasable)" ]; then
  bump
  [ "$(cat dist/version.txt)" = "${latest#v}" ] || fail "no feat/fix commit since $latest, yet bump gave $(cat dist/version.txt)"
  step "no feat/fix commit since $latest: bump keeps ${latest#v}, as it must"
  give_it_something_to_release
fi
bump
[ -f dist/version.txt ] || { cat "$tmp/bump.log"; fail "bump wrote no dist/version.txt"; }
version="$(cat dist/version.txt)"
tag="$(cat dist/releasetag.txt)"
pkg="$(node -p "require('./package.json').version")"
if [ -z "$latest" ]; then
  [ "$version" = "0.1.0" ] || fail "first release: bump gave $version, expected 0.1.0"
else
  node -e "const s=require('semver'); process.exit(s.gt('$version', '${latest#v}') ? 0 : 1)" \
    || fail "bump gave $version, not above the latest release $latest"
fi
[ "$pkg" = "$version" ] || fail "package.json says $pkg after bump, dist/version.txt $version"
[ "$tag" = "v$version" ] || fail "dist/releasetag.txt says $tag, expected v$version"
grep -Eq "^##+ \[?$version\]?[ (]" dist/changelog.md \
  || fail "dist/changelog.md has no section for $version:
$(cat dist/changelog.md)"
entries="$(grep -c '^\* ' dist/changelog.md || true)"
[ "$entries" -gt 0 ] || fail "dist/changelog.md lists no change:
$(cat dist/changelog.md)"
step "bump: ${latest:-no release yet} -> $version (tag $tag), $entries change(s) in its changelog"

# ---- 3. CHANGELOG.md ----
git show HEAD:CHANGELOG.md >"$tmp/before.md"
npx projen release:changelog >"$tmp/changelog.log" 2>&1 || { cat "$tmp/changelog.log"; fail "npx projen release:changelog failed"; }
[ "$(git log -1 --format=%s)" = "chore(release): $version" ] || fail "release:changelog did not commit 'chore(release): $version' (last commit: $(git log -1 --format=%s))"
first="$(grep -m1 . CHANGELOG.md)"
echo "$first" | grep -Eq "^##+ \[?$version\]?[ (]" || fail "CHANGELOG.md does not start with the $version section: $first"
tail -c "$(wc -c <"$tmp/before.md")" CHANGELOG.md | cmp -s - "$tmp/before.md" || fail "CHANGELOG.md lost or changed what it held before the release"
step "CHANGELOG.md starts with \"$first\", earlier content kept; committed as chore(release): $version"

# ---- 4. unbump ----
npx projen unbump >/dev/null
[ "$(node -p "require('./package.json').version")" = "0.0.0" ] || fail "unbump left package.json at $(node -p "require('./package.json').version")"
step "unbump: package.json back to 0.0.0"
sed -n '1,12p' dist/changelog.md | sed 's/^/  | /'
