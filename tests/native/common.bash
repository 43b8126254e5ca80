# Shared by the native window checks (tests/native/*.sh): `source "$(dirname "$0")/common.bash"`
# after setting ROOT, VITPLAY and OUT. Runs the calling script again inside one X server
# (xvfb-run per screenshot costs a second each); then gives fail / ok (counted in $fails),
# the folder OUT, and tmp (removed on exit).
if [ -z "${VITPLAY_IN_XVFB:-}" ]; then
  exec xvfb-run -a -s "-screen 0 1280x800x24" env VITPLAY_IN_XVFB=1 bash "$0" "$VITPLAY"
fi

fails=0
fail() { echo "  FAIL $*"; fails=$((fails + 1)); }
ok() { echo "  ok   $*"; }
mkdir -p "$OUT"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -x "$VITPLAY" ] || { echo "$(basename "$0"): $VITPLAY is not an executable (build the native target first)"; exit 1; }
