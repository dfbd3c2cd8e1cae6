#!/usr/bin/env bash
# safety.sh: what the hostile review of issue 16 found, each class a case:
# outputs that are links or inputs, modes kept, temporary files never left
# (out of memory, file size limit, signals, a killed batch), standard
# error closed, damaged reports in a batch, a previous year that is not
# one, a dateTime of 24:00:00, control characters and formulas.
. "$(dirname "$0")/lib.sh"

samples=$src/samples
s11=$samples/dorset-2011-12.xml
# without its board file beside it: the smaller draft (board.sh has the rest)
bare=$tmp/bare-2011-12.xml
cp "$s11" "$bare"
s10=$samples/dorset-2010-11.xml
s12=$samples/dorset-2012-13.xml
export TMPDIR=$tmp/tmpdir
mkdir -p "$TMPDIR" "$tmp/o"
# Nothing hidden left in a folder: no ".NAME.XXXXXX" temporary file.
no_temp() { test -z "$(find "$1" -name '.*' ! -name .mappa-batch.lock ! -name .mappa-batch.sha256)"; }
is_pdf() { test "$(head -c 5 "$1")" = "%PDF-"; }

# 1. An output that is a symbolic link is written through, never replaced.
echo "old" >"$tmp/o/real.pdf"
ln -s real.pdf "$tmp/o/link.pdf"
status "link output: rendered" 0 "$bin" render "$s11" -o "$tmp/o/link.pdf"
expect "link output: still a link" test -L "$tmp/o/link.pdf"
expect "link output: its target is the report" is_pdf "$tmp/o/real.pdf"
ln -s sub/new.pdf "$tmp/o/dangling.pdf"
mkdir "$tmp/o/sub"
status "dangling link: rendered" 0 "$bin" render "$s11" -o "$tmp/o/dangling.pdf"
expect "dangling link: still a link, target made" sh -c "test -L '$tmp/o/dangling.pdf' && head -c 5 '$tmp/o/sub/new.pdf' | grep -q PDF"
ln -s /proc/self/fd/1 "$tmp/o/fd1"
"$bin" render "$s11" -o "$tmp/o/fd1" >"$tmp/viafd.pdf" 2>"$tmp/err"
expect "link to a descriptor: written to it, like -" is_pdf "$tmp/viafd.pdf"
expect "link to a descriptor: still a link" test -L "$tmp/o/fd1"
"$bin" render "$s11" -o /dev/fd/1 >"$tmp/devfd.pdf" 2>"$tmp/err"
expect "/dev/fd/1: written to standard output" is_pdf "$tmp/devfd.pdf"
"$bin" stats "$s11" -o /dev/fd/1 >"$tmp/devfd.json" 2>"$tmp/err"
expect "stats to /dev/fd/1" grep -q '"area": "Dorset"' "$tmp/devfd.json"
expect "no temporary file beside the links" no_temp "$tmp/o"

# 2. An output that is an input is refused, by device and inode.
cp "$s11" "$tmp/x.xml"
cp "$src/templates/england-wales-sopo.xml" "$tmp/t.xml"
sum=$(cat "$tmp/x.xml" "$tmp/t.xml" | sha256sum)
status "stats x.xml -o x.xml: 64" 64 "$bin" stats "$tmp/x.xml" -o "$tmp/x.xml"
expect "names both" grep -q "the output $tmp/x.xml is the input $tmp/x.xml" "$tmp/err"
status "render x.xml -o x.xml: 64" 64 "$bin" render "$tmp/x.xml" -o "$tmp/x.xml"
status "render --template t.xml -o t.xml: 64" 64 "$bin" render "$tmp/x.xml" --template "$tmp/t.xml" -o "$tmp/t.xml"
status "render --previous p -o p: 64" 64 "$bin" render "$tmp/x.xml" --previous "$s10" -o "$s10"
cp "$s12" "$tmp/y.xml"
status "compare a b -o a: 64" 64 "$bin" compare "$tmp/x.xml" "$tmp/y.xml" -o "$tmp/y.xml"
ln "$tmp/x.xml" "$tmp/hard.xml"
status "a hard link to the input: 64" 64 "$bin" render "$tmp/x.xml" -o "$tmp/hard.xml"
ln -s x.xml "$tmp/soft.xml"
status "a symbolic link to the input: 64" 64 "$bin" stats "$tmp/x.xml" -o "$tmp/soft.xml"
expect "inputs untouched" test "$(cat "$tmp/x.xml" "$tmp/t.xml" | sha256sum)" = "$sum"
rm -f "$tmp/hard.xml" "$tmp/soft.xml" "$tmp/y.xml"

# 3. Replacing a file keeps its mode; a new file has the umask's.
echo old >"$tmp/o/private.pdf"
chmod 600 "$tmp/o/private.pdf"
status "replace a 0600 report" 0 "$bin" render "$s11" -o "$tmp/o/private.pdf"
expect "still 0600" test "$(stat -c %a "$tmp/o/private.pdf")" = 600
echo old >"$tmp/o/group.json"
chmod 640 "$tmp/o/group.json"
status "replace a 0640 file" 0 "$bin" stats "$s11" -o "$tmp/o/group.json"
expect "still 0640" test "$(stat -c %a "$tmp/o/group.json")" = 640
(umask 027; "$bin" render "$s11" -o "$tmp/o/new.pdf")
expect "a new file: 0640 under umask 027" test "$(stat -c %a "$tmp/o/new.pdf")" = 640

# 4. Temporary files: a file size limit is an error (73), not a kill.
echo "old report" >"$tmp/o/r.pdf"
( ulimit -f 8; exec "$bin" render "$bare" -o "$tmp/o/r.pdf" ) 2>"$tmp/err"
rc=$?
expect "file size limit: exit 73" test "$rc" -eq 73
expect "file size limit: says why" grep -q "File too large" "$tmp/err"
expect "file size limit: old report kept" test "$(cat "$tmp/o/r.pdf")" = "old report"
expect "file size limit: nothing left" no_temp "$tmp/o"

# Out of memory at any point of a render leaves no temporary file (not
# testable under AddressSanitizer or valgrind, which reserve address space).
if ldd "$bin" 2>/dev/null | grep -q libasan || [ -n "${MAPPA_VALGRIND:-}" ]; then
	echo "skip render out of memory: not under AddressSanitizer or valgrind"
else
	# libharu 2.3.0 itself may fault when an allocation fails inside it
	# (HPDF_GetMem's error path, seen from the structure tree's arrays):
	# then the crash handler still removes our files.  Every other run
	# that fails says "out of memory", never a font or a libharu code.
	odd=""
	for kib in $(seq 20000 1000 90000); do
		# Can't start at all (loader, a library's constructor): not ours.
		( ulimit -v "$kib"; exec "$bin" --version ) >/dev/null 2>&1 || continue
		( ulimit -v "$kib"; exec "$bin" render "$bare" -o "$tmp/o/r.pdf" ) >/dev/null 2>"$tmp/err"
		rc=$?
		no_temp "$tmp/o" || odd="$odd $kib:$rc:left-a-temp"
		[ "$rc" -eq 0 ] && break
		case $rc in
		70) grep -q "out of memory" "$tmp/err" ||
			odd="$odd $kib:70:$(grep -v warning "$tmp/err" | head -1)" ;;
		73|127|134|139) ;;
		*) odd="$odd $kib:$rc" ;;
		esac
		[ "$(cat "$tmp/o/r.pdf")" = "old report" ] || odd="$odd $kib:report-changed"
	done
	expect "render out of memory: 'out of memory' (70), old report kept, nothing left${odd:+:$odd}" test -z "$odd"
	# With images: libharu's PNG loader may abort or fault when memory
	# runs out (a known limit of libharu 2.3.0); even then nothing of
	# ours is left and the old report stays.
	echo "old report" >"$tmp/o/r.pdf"
	odd=""
	for kib in $(seq 50000 1000 90000); do
		( ulimit -v "$kib"; exec "$bin" --version ) >/dev/null 2>&1 || continue
		( ulimit -v "$kib"; exec "$bin" render "$s11" -o "$tmp/o/r.pdf" ) >/dev/null 2>"$tmp/err"
		rc=$?
		no_temp "$tmp/o" || odd="$odd $kib:$rc:left-a-temp"
		[ "$rc" -eq 0 ] && break
		[ "$(cat "$tmp/o/r.pdf")" = "old report" ] || odd="$odd $kib:report-changed"
	done
	expect "render with images out of memory: old report kept, nothing left${odd:+:$odd}" test -z "$odd"
fi

# verify interrupted: its temporary file goes too.
# (Under valgrind a smaller file takes as long.)
big=300000
[ -n "${MAPPA_VALGRIND:-}" ] && big=20000
"$bin" generate --offenders "$big" -o "$tmp/big.xml"
"$bin" render "$tmp/big.xml" -o "$tmp/big.pdf" 2>/dev/null
set -m
"$bin" verify "$tmp/big.pdf" "$tmp/big.xml" >/dev/null 2>&1 &
pid=$!
sleep 0.4
kill -s INT "$pid"
wait "$pid"
rc=$?
set +m
expect "verify: SIGINT kills it (130)" test "$rc" -eq 130
expect "verify: SIGINT leaves nothing in TMPDIR" test -z "$(ls -A "$TMPDIR")"
rm -f "$tmp/big.xml" "$tmp/big.pdf"

# A batch killed mid-write left temporary files: the next one sweeps them.
mkdir -p "$tmp/arch/a" "$tmp/rep/a"
cp "$s11" "$tmp/arch/a/2011-12.xml"
echo partial >"$tmp/rep/a/.2011-12.pdf.Ab3dE9"
echo partial >"$tmp/rep/..mappa-batch.sha256.x1Y2z3"
echo "not ours" >"$tmp/rep/a/.notes.txt"
status "batch after a killed one" 0 "$bin" batch "$tmp/arch" -o "$tmp/rep" -j 1
expect "stale temporary files swept" test ! -e "$tmp/rep/a/.2011-12.pdf.Ab3dE9" -a ! -e "$tmp/rep/..mappa-batch.sha256.x1Y2z3"
expect "other hidden files kept" test -e "$tmp/rep/a/.notes.txt"
rm "$tmp/rep/a/.notes.txt"

# 5. Standard error closed: warnings never go into the report.
sed '0,/<p>/s|<p>|<p>ก |' "$src/templates/england-wales-sopo.xml" >"$tmp/thai.xml"
"$bin" render "$bare" --template "$tmp/thai.xml" -o "$tmp/o/closed.pdf" 2>"$tmp/err"
expect "the template gives a warning" grep -q "warning: no glyph" "$tmp/err"
# (valgrind's own log file would take descriptor 2 before the program runs.)
if [ -z "${MAPPA_VALGRIND:-}" ]; then
	"$bin" render "$bare" --template "$tmp/thai.xml" -o "$tmp/o/closed.pdf" 2>&-
	expect "stderr closed: the report is a PDF" is_pdf "$tmp/o/closed.pdf"
	expect "stderr closed: no warning inside it" sh -c "! grep -q 'warning:' '$tmp/o/closed.pdf'"
fi

# 6. batch: a damaged report is not up to date.
status "batch: second run" 0 "$bin" batch "$tmp/arch" -o "$tmp/rep" -j 1
expect "second run: up to date" grep -q "^batch: 0 rendered, 1 up to date, 0 failed$" "$tmp/err"
head -c 4000 "$tmp/rep/a/2011-12.pdf" >"$tmp/cut" && cat "$tmp/cut" >"$tmp/rep/a/2011-12.pdf"
status "batch: truncated report" 0 "$bin" batch "$tmp/arch" -o "$tmp/rep" -j 1
expect "truncated report made again" grep -q "^batch: 1 rendered, 0 up to date, 0 failed$" "$tmp/err"
"$bin" render "$tmp/arch/a/2011-12.xml" -o "$tmp/o/whole.pdf" 2>/dev/null
expect "now whole" cmp -s "$tmp/rep/a/2011-12.pdf" "$tmp/o/whole.pdf"
grep -a "/Provenance" "$tmp/rep/a/2011-12.pdf" >"$tmp/rep/a/2011-12.pdf.new"
mv "$tmp/rep/a/2011-12.pdf.new" "$tmp/rep/a/2011-12.pdf"
status "batch: only a provenance line" 0 "$bin" batch "$tmp/arch" -o "$tmp/rep" -j 1
expect "forged report made again" grep -q "^batch: 1 rendered, 0 up to date, 0 failed$" "$tmp/err"

# 7. The previous year must be the same area's, and earlier.
status "a later year as previous: 65" 65 "$bin" render "$s11" --previous "$s12" -o "$tmp/o/p.pdf"
expect "says it must be earlier" grep -q "must cover an earlier period" "$tmp/err"
status "the same snapshot as previous: 65" 65 "$bin" render "$s11" --previous "$s11" -o "$tmp/o/p.pdf"
sed 's/area="Dorset"/area="Wessex"/' "$s10" >"$tmp/wessex.xml"
status "another area as previous: 65" 65 "$bin" render "$s11" --previous "$tmp/wessex.xml" -o "$tmp/o/p.pdf"
expect "names both areas" grep -q "is of Wessex, and .* is of Dorset" "$tmp/err"
status "another area with --any-area" 0 "$bin" render "$s11" --previous "$tmp/wessex.xml" --any-area -o "$tmp/o/p.pdf"
expect "no report written on refusal" test ! -e "$tmp/o/p.pdf.refused"

# 11. Whatever validate accepts, render accepts: 24:00:00 is midnight.
sed 's/exported="[^"]*"/exported="2012-04-03T24:00:00Z"/' "$s11" >"$tmp/midnight.xml"
status "24:00:00: valid" 0 "$bin" validate --schema "$tmp/midnight.xml"
status "24:00:00: rendered" 0 "$bin" render "$tmp/midnight.xml" -o "$tmp/o/m.pdf"
expect "dated the next day" sh -c "pdfinfo '$tmp/o/m.pdf' | grep -q 'CreationDate:.*Apr  4 00:00:00 2012'"
status "24:00:00: compare" 0 "$bin" compare "$s10" "$tmp/midnight.xml" -o "$tmp/o/c.pdf"

# 17. Names from an archive reach the terminal quoted; CSV never runs.
mkdir -p "$tmp/arch2"
cp "$s11" "$tmp/arch2/$(printf 'evil\033]0;pwned\007\nbatch: 9 rendered.xml')"
"$bin" batch "$tmp/arch2" -o "$tmp/rep2" -j 1 2>"$tmp/err"
expect "no escape character printed" sh -c "! grep -q \$'\\033' '$tmp/err'"
expect "no forged summary line" test "$(grep -c '^batch: ' "$tmp/err")" -eq 1
expect "the name shown quoted" grep -q 'evil\\x1b]0;pwned\\x07\\x0abatch' "$tmp/err"
sed 's/area="Dorset"/area="=HYPERLINK(1)"/' "$s11" >"$tmp/formula.xml"
"$bin" stats "$tmp/formula.xml" --format csv -o "$tmp/f.csv"
expect "CSV: a formula-like area starts with an apostrophe" grep -q "^area,\"'=HYPERLINK(1)\"$" "$tmp/f.csv"
sed 's/area="Dorset"/area="-1+2"/' "$s11" >"$tmp/minus.xml"
"$bin" stats "$tmp/minus.xml" --format csv -o "$tmp/m.csv"
expect "CSV: '-' too" grep -q "^area,\"'-1+2\"$" "$tmp/m.csv"
expect "CSV: numbers stay numbers" grep -q "^population,746000$" "$tmp/m.csv"

# 18. A profile that is not text is said to be so, at once.
status "profile /dev/zero: 65" 65 "$bin" generate --profile /dev/zero
expect "says it is not a profile" grep -q "^/dev/zero:1: error: a NUL byte: not a profile$" "$tmp/err"
head -c 100000 /dev/zero | tr '\0' 'a' >"$tmp/long.profile"
status "a 100,000-byte line: 65" 65 "$bin" generate --profile "$tmp/long.profile"
expect "says the line is too long" grep -q "a line longer than 4,000 bytes" "$tmp/err"

finish
