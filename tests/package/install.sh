#!/usr/bin/env bash
# install.sh DIR: installs build/vitplay-<version>.tgz (written by ci/package) into the empty
# folder DIR as an author would, offline, and prints the tarball's path.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
dir=$1
version=$(sed -n 's/^project(vitplay VERSION \([^ )]*\).*/\1/p' "$ROOT/CMakeLists.txt")
tarball=$ROOT/build/vitplay-$version.tgz
[ -f "$tarball" ] || { echo "install.sh: $tarball not found: run ci/package" >&2; exit 1; }
[ -z "$(ls -A "$dir")" ] || { echo "install.sh: $dir is not empty" >&2; exit 1; }
(cd "$dir" && npm install --offline --no-audit --no-fund --loglevel=error "$tarball" >&2)
echo "$tarball"
