# Shared by the command-line checks (tests/cli/*.sh): `source "$(dirname "$0")/common.bash"`
# after setting CLI=$1. Gives HERE (tests/cli), PYTHON (Debian's python3 when present: the
# pyenv shim takes a second to start), TOOL (safetensors_tool.py, standard library only),
# TMP (removed on exit), and fail / expect_error, which count into $failures.
HERE=$(cd "$(dirname "$0")" && pwd)
PYTHON=python3
[ -x /usr/bin/python3 ] && PYTHON=/usr/bin/python3
TOOL="$PYTHON $HERE/safetensors_tool.py"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# expect_error "what the message must contain" ARGS...: exit code 2 and one line on stderr
expect_error() {
  local want=$1; shift
  $CLI "$@" >/dev/null 2>"$TMP/stderr" </dev/null  # a command that reads stdin finds it empty
  local rc=$? lines
  lines=$(wc -l <"$TMP/stderr")
  if [ "$rc" -ne 2 ] || [ "$lines" -ne 1 ] || ! grep -q -- "$want" "$TMP/stderr"; then
    fail "'$*': exit $rc, $lines stderr lines, wanted one with '$want': $(head -c 300 "$TMP/stderr")"
  fi
}
