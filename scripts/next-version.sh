#!/usr/bin/env bash
# projen's nextVersionCommand (bump:next-version): the version the next release gets.
# The first release is 0.1.0: projen's resolve-latest-tag step leaves LATEST_TAG empty when no v0.* tag
# exists (a tag it names must exist, as its own releasable-commits step checks). After it, projen's
# suggestion from the conventional commits since that tag (SUGGESTED_BUMP: none, patch, minor, major)
# stands.
set -euo pipefail
if [ -z "${LATEST_TAG:-}" ] || ! git rev-parse --verify --quiet "refs/tags/$LATEST_TAG" >/dev/null; then
  printf '0.1.0'
else
  printf '%s' "${SUGGESTED_BUMP:?projen sets SUGGESTED_BUMP before bump:next-version}"
fi
