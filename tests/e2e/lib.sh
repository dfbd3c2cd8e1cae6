# lib.sh: what every end-to-end script shares.  Sourced, not run:
#   . "$(dirname "$0")/lib.sh"
# It sets bin (the program), src (the source tree) and tmp (a folder
# removed at exit; a script may add to at_exit), counts checks, and
# finish prints the closing "N passed, N failed" line and sets the status.
set -u
bin=${MAPPA_REPORT:?}
src=${SRCDIR:?}
tmp=$(mktemp -d) || exit 1
at_exit=:
trap 'eval "$at_exit"; chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
pass=0 fail=0

ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1${2:+: $2}"; }
# expect NAME COMMAND...: a command (a test(1) condition) that must succeed.
expect() {
	local name=$1
	shift
	if "$@"; then ok "$name"; else bad "$name"; fi
}
# status NAME WANT COMMAND...: the exit status must be WANT; standard
# output and error are kept in $tmp/out and $tmp/err.  Returns 1 on a
# failure, so that checks of the output can be chained with &&.
status() {
	local name=$1 want=$2 rc
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" -eq "$want" ]; then ok "$name"; return 0; fi
	bad "$name" "exit $rc, expected $want: $(head -3 "$tmp/err")"
	return 1
}
finish() {
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
}
