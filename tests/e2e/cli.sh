#!/usr/bin/env bash
# cli.sh: the command line as a user meets it: exit statuses, standard
# input and output, and output files that are never left half-written.
set -u
bin=${MAPPA_REPORT:?}
data=${SRCDIR:?}/tests/data/snapshot
good=$data/stats-returns.xml
bad=$data/off-category-4.xml
tmp=$(mktemp -d) || exit 1
trap 'chmod -R u+w "$tmp"; rm -rf "$tmp"' EXIT
pass=0 fail=0

# check NAME WANT_STATUS COMMAND...: run, keep stdout/stderr in $tmp.
check() {
	local name=$1 want=$2
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	local rc=$?
	if [ "$rc" -eq "$want" ]; then
		pass=$((pass + 1)); echo "ok   $name"
		return 0
	fi
	fail=$((fail + 1)); echo "FAIL $name: exit $rc, expected $want"
	sed 's/^/     /' "$tmp/err" | head -5
	return 1
}
# expect NAME CONDITION...: a test(1) condition.
expect() {
	local name=$1
	shift
	if "$@"; then
		pass=$((pass + 1)); echo "ok   $name"
	else
		fail=$((fail + 1)); echo "FAIL $name"
	fi
}
grep_err() { grep -q -- "$1" "$tmp/err"; }
grep_out() { grep -q -- "$1" "$tmp/out"; }
no_temp() { [ -z "$(find "$1" -name '.*.??????' 2>/dev/null)" ]; }

check "--help" 0 "$bin" --help && expect "--help lists stats" grep_out "stats SNAPSHOT"
for c in render compare verify batch validate generate; do
	expect "--help lists $c" grep_out "^  $c "
done
check "--version" 0 "$bin" --version && expect "--version prints it" grep_out "^mappa-report [0-9]"
check "no command" 64 "$bin"
check "unknown command" 64 "$bin" frobnicate && expect "names it" grep_err "unknown command 'frobnicate'"
check "unknown option" 64 "$bin" stats --colour "$good"
check "another command's option" 64 "$bin" stats --template x "$good" && expect "says whose" grep_err "stats has no option '--template'"
check "option of no use" 64 "$bin" validate -o out.json "$good"
check "bad format" 64 "$bin" stats --format xml "$good" && expect "says which" grep_err "unknown format 'xml'"
check "missing value" 64 "$bin" stats "$good" -o
check "two snapshots" 64 "$bin" validate "$good" "$good"
check "stats --help" 0 "$bin" stats --help

check "valid: silent" 0 "$bin" validate "$good" && expect "prints nothing" test ! -s "$tmp/out" -a ! -s "$tmp/err"
check "valid under --schema too" 0 "$bin" validate --schema "$good"
check "invalid under --schema: the reader's message" 65 "$bin" validate --schema "$bad" && expect "one error, the rule's own words" test "$(grep -c error "$tmp/err")" -eq 2 -a -n "$(grep "category '4' must be 1, 2 or 3" "$tmp/err")"
check "missing input" 66 "$bin" stats "$tmp/nonexistent.xml" && expect "says why" grep_err "cannot read .*nonexistent.xml: No such file"
check "input is a directory" 66 "$bin" validate "$tmp" && expect "says why" grep_err "Is a directory"
chmod 000 "$tmp" 2>/dev/null
if [ "$(id -u)" -ne 0 ]; then
	check "unreadable input" 66 "$bin" validate "$tmp/x"
fi
chmod 755 "$tmp"

check "stats from stdin" 0 "$bin" stats - <"$good" && cp "$tmp/out" "$tmp/stdin.json"
check "stats from file" 0 "$bin" stats "$good" && expect "stdin gives the same bytes" cmp -s "$tmp/out" "$tmp/stdin.json"
check "stats twice" 0 "$bin" stats "$good" && expect "same bytes every time" cmp -s "$tmp/out" "$tmp/stdin.json"
check "invalid from stdin" 65 "$bin" validate - <"$bad" && expect "named <stdin>" grep_err "^<stdin>:6: error: offender T-9: category"
check "csv" 0 "$bin" stats --format csv "$good" && expect "csv header" test "$(head -1 "$tmp/out")" = "key,value"
expect "csv row" grep_out "^returned_to_custody.breach_of_licence.total.level2,2$"
check "csv area quoted" 0 "$bin" stats --format=csv - < <(sed 's/area="Testshire"/area="Bath, \&quot;North\&quot; Somerset"/' "$good")
expect "RFC 4180 quoting" grep_out '^area,"Bath, ""North"" Somerset"$'
check "json area escaped" 0 "$bin" stats - < <(sed 's/area="Testshire"/area="a\\b \&quot;c\&quot;"/' "$good")
expect "JSON escaping" grep_out '"area": "a\\\\b \\"c\\"",'

# -o writes a file; a bad snapshot leaves an existing one untouched.
check "-o file" 0 "$bin" stats "$good" -o "$tmp/s.json" && expect "file written" cmp -s "$tmp/s.json" "$tmp/stdin.json"
expect "stdout empty with -o" test ! -s "$tmp/out"
expect "file mode from umask" test "$(stat -c %a "$tmp/s.json")" = "$(printf '%o' $((0666 & ~$(umask))))"
echo "precious" >"$tmp/keep.json"
check "bad snapshot, existing output" 65 "$bin" stats "$bad" -o "$tmp/keep.json"
expect "existing output untouched" test "$(cat "$tmp/keep.json")" = "precious"
expect "nothing on stdout" test ! -s "$tmp/out"
check "missing input, existing output" 66 "$bin" stats "$tmp/none.xml" -o "$tmp/keep.json"
expect "existing output untouched" test "$(cat "$tmp/keep.json")" = "precious"
check "output dir missing" 73 "$bin" stats "$good" -o "$tmp/no/such/dir/s.json" && expect "says why" grep_err "cannot create .*No such file or directory"
mkdir "$tmp/adir"
check "output is a directory" 73 "$bin" stats "$good" -o "$tmp/adir" && expect "says why" grep_err "Is a directory"
if [ -w /dev/full ]; then
	check "disk full" 73 "$bin" stats "$good" -o /dev/full && expect "says why" grep_err "No space left on device"
	check "disk full on stdout" 73 sh -c '"$0" stats "$1" >/dev/full' "$bin" "$good"
fi
expect "no temporary files left" no_temp "$tmp"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
