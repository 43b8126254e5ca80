#!/usr/bin/env bash
# The package's TypeScript declarations, as an author's editor sees them: the tarball installed
# into an empty folder, and `tsc --noEmit` on a typed example that imports 'vitplay'. The
# example's @ts-expect-error lines fail the check if the types stop catching mistakes.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d "${TMPDIR:-/tmp}/vitplay-types-XXXXXX")
trap 'rm -rf "$dir"' EXIT
"$HERE/install.sh" "$dir" >/dev/null
cp "$HERE/example.ts" "$HERE/tsconfig.json" "$dir/"
tsc --noEmit -p "$dir"
