#!/usr/bin/env bash
# cli.sh: the command line as a user meets it: exit statuses, standard
# input and output, and output files that are never left half-written.
. "$(dirname "$0")/lib.sh"
data=${SRCDIR:?}/tests/data/snapshot
good=$data/stats-returns.xml
bad=$data/off-category-4.xml

grep_err() { grep -q -- "$1" "$tmp/err"; }
grep_out() { grep -q -- "$1" "$tmp/out"; }
no_temp() { [ -z "$(find "$1" -name '.*.??????' 2>/dev/null)" ]; }

status "--help" 0 "$bin" --help && expect "--help lists stats" grep_out "stats SNAPSHOT"
for c in render compare verify batch validate generate; do
	expect "--help lists $c" grep_out "^  $c "
done
status "--version" 0 "$bin" --version && expect "--version prints it" grep_out "^mappa-report [0-9]"
status "no command" 64 "$bin"
status "unknown command" 64 "$bin" frobnicate && expect "names it" grep_err "unknown command 'frobnicate'"
status "unknown option" 64 "$bin" stats --colour "$good"
status "another command's option" 64 "$bin" stats --template x "$good" && expect "says whose" grep_err "stats has no option '--template'"
status "option of no use" 64 "$bin" validate -o out.json "$good"
status "bad format" 64 "$bin" stats --format xml "$good" && expect "says which" grep_err "unknown format 'xml'"
status "missing value" 64 "$bin" stats "$good" -o
status "two snapshots" 64 "$bin" validate "$good" "$good"
status "stats --help" 0 "$bin" stats --help

status "valid: silent" 0 "$bin" validate "$good" && expect "prints nothing" test ! -s "$tmp/out" -a ! -s "$tmp/err"
status "valid under --schema too" 0 "$bin" validate --schema "$good"
status "invalid under --schema: the reader's message" 65 "$bin" validate --schema "$bad" && expect "one error, the rule's own words" test "$(grep -c error "$tmp/err")" -eq 2 -a -n "$(grep "category '4' must be 1, 2 or 3" "$tmp/err")"
status "missing input" 66 "$bin" stats "$tmp/nonexistent.xml" && expect "says why" grep_err "cannot read .*nonexistent.xml: No such file"
status "input is a directory" 66 "$bin" validate "$tmp" && expect "says why" grep_err "Is a directory"
chmod 000 "$tmp" 2>/dev/null
if [ "$(id -u)" -ne 0 ]; then
	status "unreadable input" 66 "$bin" validate "$tmp/x"
fi
chmod 755 "$tmp"

status "stats from stdin" 0 "$bin" stats - <"$good" && cp "$tmp/out" "$tmp/stdin.json"
status "stats from file" 0 "$bin" stats "$good" && expect "stdin gives the same bytes" cmp -s "$tmp/out" "$tmp/stdin.json"
status "stats twice" 0 "$bin" stats "$good" && expect "same bytes every time" cmp -s "$tmp/out" "$tmp/stdin.json"
status "invalid from stdin" 65 "$bin" validate - <"$bad" && expect "named <stdin>" grep_err "^<stdin>:6: error: offender T-9: category"
status "csv" 0 "$bin" stats --format csv "$good" && expect "csv header" test "$(head -1 "$tmp/out")" = "key,value"
expect "csv row" grep_out "^returned_to_custody.breach_of_licence.total.level2,2$"
status "csv area quoted" 0 "$bin" stats --format=csv - < <(sed 's/area="Testshire"/area="Bath, \&quot;North\&quot; Somerset"/' "$good")
expect "RFC 4180 quoting" grep_out '^area,"Bath, ""North"" Somerset"$'
status "json area escaped" 0 "$bin" stats - < <(sed 's/area="Testshire"/area="a\\b \&quot;c\&quot;"/' "$good")
expect "JSON escaping" grep_out '"area": "a\\\\b \\"c\\"",'

# -o writes a file; a bad snapshot leaves an existing one untouched.
status "-o file" 0 "$bin" stats "$good" -o "$tmp/s.json" && expect "file written" cmp -s "$tmp/s.json" "$tmp/stdin.json"
expect "stdout empty with -o" test ! -s "$tmp/out"
expect "file mode from umask" test "$(stat -c %a "$tmp/s.json")" = "$(printf '%o' $((0666 & ~$(umask))))"
echo "precious" >"$tmp/keep.json"
status "bad snapshot, existing output" 65 "$bin" stats "$bad" -o "$tmp/keep.json"
expect "existing output untouched" test "$(cat "$tmp/keep.json")" = "precious"
expect "nothing on stdout" test ! -s "$tmp/out"
status "missing input, existing output" 66 "$bin" stats "$tmp/none.xml" -o "$tmp/keep.json"
expect "existing output untouched" test "$(cat "$tmp/keep.json")" = "precious"
status "output dir missing" 73 "$bin" stats "$good" -o "$tmp/no/such/dir/s.json" && expect "says why" grep_err "cannot create .*No such file or directory"
mkdir "$tmp/adir"
status "output is a directory" 73 "$bin" stats "$good" -o "$tmp/adir" && expect "says why" grep_err "Is a directory"
if [ -w /dev/full ]; then
	status "disk full" 73 "$bin" stats "$good" -o /dev/full && expect "says why" grep_err "No space left on device"
	status "disk full on stdout" 73 sh -c '"$0" stats "$1" >/dev/full' "$bin" "$good"
fi
expect "no temporary files left" no_temp "$tmp"

finish
