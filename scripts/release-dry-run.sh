#!/usr/bin/env bash
# What of a release can run without GitHub, in a clone of HEAD (nothing here is touched):
#   1. `npx projen` changes no file projen owns, and the release workflow publishes everywhere;
#   2. `npx projen bump` gives the next version from the conventional commits (0.1.0 when no v0.* tag
#      exists: scripts/next-version.sh) and writes the release's changelog. When HEAD has nothing to
#      release (a `chore(release)` commit, or no feat/fix since the latest tag), that is checked, and a
#      `fix:` commit made in the clone gives the rest something to release;
#   3. `npx projen release:changelog` prepends it to CHANGELOG.md, keeping the rest, and commits it;
#   4. `npx projen unbump` puts package.json back to 0.0.0.
# The release workflow runs the same tasks (release = bump, build, unbump), then publishes.
#
#   npx projen test:release
SCRIPT=release-dry-run
source "$(dirname "$0")/common.sh"
ROOT="$PWD"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
git clone -q --no-hardlinks "$ROOT" "$tmp/repo"
cd "$tmp/repo"
git fetch -q --tags "$ROOT"
# Versions come from the history and its tags, which a shallow clone (a CI checkout) lacks.
if [ "$(git rev-parse --is-shallow-repository)" = "true" ]; then
  origin="$(git -C "$ROOT" remote get-url origin)" || fail "$ROOT is a shallow clone without an origin: clone it without --depth"
  git fetch -q --unshallow --tags "$origin" || fail "cannot fetch the history of $origin: clone without --depth"
fi
ln -s "$ROOT/node_modules" node_modules
git config user.name "release dry run"
git config user.email "release-dry-run@example.invalid"
quiet() { "$@" > "$tmp/log" 2>&1 || { cat "$tmp/log"; fail "$* failed (output above)"; }; }

# ---- 1. project files current ----
quiet npx projen --no-post
changed="$(git status --porcelain | grep -v ' node_modules$' || true)"
[ -z "$changed" ] || fail "npx projen changes files projen owns; run npx projen and commit them:
$changed"
for job in release_npm release_pypi release_maven release_golang release_github release_changelog; do
  grep -q "^  $job:" .github/workflows/release.yml || fail "the release workflow has no $job job"
done
step "project files current; the release workflow publishes to npm, PyPI, Maven Central, Go and GitHub, then updates CHANGELOG.md"

# ---- 2. bump ----
latest="$(git tag --list 'v0.*' --sort=-version:refname | head -n 1)"  # majorVersion 0: v0.* tags only
bump() { rm -rf dist; quiet npx projen bump; }
something_to_release() {
  quiet npx projen unbump
  git checkout -q -- . && rm -rf dist
  git commit -q --allow-empty -m "fix: release dry run (made in the dry run's clone only)"
}
if git log -1 --format=%s | grep -q '^chore(release):'; then
  bump
  [ ! -e dist/version.txt ] || fail "HEAD is a release commit, yet bump wrote version $(cat dist/version.txt)"
  step "HEAD is a release commit: bump skips it, as it must"
  something_to_release
elif [ -n "$latest" ] && [ -z "$(git log --no-merges --oneline "$latest"..HEAD -E --grep '^(feat|fix)(\([^()[:space:]]+\))?!?:[[:blank:]]+.+')" ]; then
  bump
  [ "$(cat dist/version.txt)" = "${latest#v}" ] || fail "no feat/fix commit since $latest, yet bump gave $(cat dist/version.txt)"
  step "no feat/fix commit since $latest: bump keeps ${latest#v}, as it must"
  something_to_release
fi
bump
version="$(cat dist/version.txt)"
if [ -z "$latest" ]; then
  [ "$version" = "0.1.0" ] || fail "first release: bump gave $version, expected 0.1.0"
else
  node -e "process.exit(require('semver').gt('$version', '${latest#v}') ? 0 : 1)" || fail "bump gave $version, not above $latest"
fi
[ "$(node -p "require('./package.json').version")" = "$version" ] || fail "package.json does not say $version after bump"
[ "$(cat dist/releasetag.txt)" = "v$version" ] || fail "dist/releasetag.txt says $(cat dist/releasetag.txt), expected v$version"
grep -Eq "^##+ \[?$version\]?[ (]" dist/changelog.md && grep -q '^\* ' dist/changelog.md \
  || fail "dist/changelog.md has no section for $version listing a change:
$(cat dist/changelog.md)"
step "bump: ${latest:-no release yet} -> $version, $(grep -c '^\* ' dist/changelog.md) change(s) in its changelog"

# ---- 3. CHANGELOG.md ----
git show HEAD:CHANGELOG.md > "$tmp/before.md"
quiet npx projen release:changelog
[ "$(git log -1 --format=%s)" = "chore(release): $version" ] || fail "release:changelog did not commit 'chore(release): $version'"
grep -m1 . CHANGELOG.md | grep -Eq "^##+ \[?$version\]?[ (]" || fail "CHANGELOG.md does not start with the $version section"
tail -c "$(wc -c < "$tmp/before.md")" CHANGELOG.md | cmp -s - "$tmp/before.md" || fail "CHANGELOG.md lost or changed what it held before"
step "CHANGELOG.md starts with the $version section, earlier content kept, committed as chore(release): $version"

# ---- 4. unbump ----
quiet npx projen unbump
[ "$(node -p "require('./package.json').version")" = "0.0.0" ] || fail "unbump left package.json at $(node -p "require('./package.json').version")"
step "unbump: package.json back to 0.0.0"
