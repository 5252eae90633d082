#!/usr/bin/env bash
# projen's nextVersionCommand (bump:next-version): the version the next release gets.
# The first release (no v* tag yet) is 0.1.0; after it, projen's suggestion from the conventional
# commits since the last tag (SUGGESTED_BUMP: none, patch, minor, major) stands.
set -euo pipefail
if [ -z "$(git tag --list 'v*')" ]; then
  printf '0.1.0'
else
  printf '%s' "${SUGGESTED_BUMP:?projen sets SUGGESTED_BUMP before bump:next-version}"
fi
