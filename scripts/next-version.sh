#!/usr/bin/env bash
# projen's nextVersionCommand (bump:next-version): the version the next release gets.
# The first release is 0.1.0: projen's bump resolved LATEST_TAG to a tag that does not exist (its
# synthetic v0.0.0, as its own releasable-commits step checks). After it, projen's suggestion from the
# conventional commits since the latest tag (SUGGESTED_BUMP: none, patch, minor, major) stands.
set -euo pipefail
if ! git rev-parse --verify --quiet "refs/tags/${LATEST_TAG:?projen sets LATEST_TAG before bump:next-version}" >/dev/null; then
  printf '0.1.0'
else
  printf '%s' "${SUGGESTED_BUMP:?projen sets SUGGESTED_BUMP before bump:next-version}"
fi
