#!/usr/bin/env bash
# verify.sh: `mappa-report verify` accepts a report with its own snapshot
# and template, and refuses another year's snapshot, an edited template, a
# changed byte, a missing previous year; exit statuses 0, 1, 64, 65, 66.
. "$(dirname "$0")/lib.sh"
samples=$src/samples
export MAPPA_TEMPLATE_DIR=$src/templates
unset SOURCE_DATE_EPOCH
export TMPDIR=$tmp/t
mkdir "$TMPDIR"


# Every sample verifies against itself, and not against its neighbour.
prev=
for xml in "$samples"/dorset-*.xml; do
	case $xml in *.board.xml) continue ;; esac	# a board file: board.sh
	n=$(basename "$xml" .xml)
	"$bin" render "$xml" -o "$tmp/$n.pdf" 2>/dev/null || bad "$n renders"
	sha=$(sha256sum "$xml" | cut -c1-64)
	status "$n: verified" 0 "$bin" verify "$tmp/$n.pdf" "$xml"
	expect "$n: says so, with the hash" grep -q "^$tmp/$n.pdf: verified: produced by mappa-report [0-9.]* from $xml (sha256 $sha) and template .*england-wales-s[oh]po.xml (sha256 [0-9a-f]\{64\})\( and board file .*\.board\.xml (sha256 [0-9a-f]\{64\}, with [0-9]* images)\)\{0,1\}$" "$tmp/out"
	if [ -n "$prev" ]; then
		status "$n: refused with $prev's snapshot" 1 "$bin" verify "$tmp/$n.pdf" "$samples/$prev.xml"
		expect "$n: reason is the snapshot hash" grep -q "not verified: snapshot hash differs: report says $sha, .*$prev.xml is " "$tmp/err"
		expect "$n: nothing on stdout" test ! -s "$tmp/out"
	fi
	prev=$n
done
r11=$tmp/dorset-2011-12.pdf s11=$samples/dorset-2011-12.xml

# Templates: an edited copy, the other era's, a report made with an edit.
sed 's/Contacts/Contact details/' "$src/templates/england-wales-sopo.xml" >"$tmp/edited.xml"
status "edited template: refused" 1 "$bin" verify "$r11" "$s11" --template "$tmp/edited.xml"
expect "reason is the template hash" grep -q "not verified: template hash differs: report says [0-9a-f]\{64\}, template $tmp/edited.xml is " "$tmp/err"
expect "names the report's template" grep -q "(the report's is .*england-wales-sopo.xml)" "$tmp/err"
status "the other era's template: refused" 1 "$bin" verify "$r11" "$s11" --template england-wales-shpo
"$bin" render "$s11" --template "$tmp/edited.xml" -o "$tmp/edited.pdf" 2>/dev/null
status "report from an edited template: refused with the default" 1 "$bin" verify "$tmp/edited.pdf" "$s11"
expect "reason is the template" grep -q "template hash differs" "$tmp/err"
status "report from an edited template: verified with it" 0 "$bin" verify "$tmp/edited.pdf" "$s11" --template "$tmp/edited.xml"
status "template by name" 0 "$bin" verify "$r11" "$s11" --template england-wales-sopo

# The bytes: a changed byte past the provenance is found by rendering.
cp "$r11" "$tmp/changed.pdf"
printf 'Z' | dd of="$tmp/changed.pdf" bs=1 seek=20000 conv=notrunc 2>/dev/null
status "changed byte: refused" 1 "$bin" verify "$tmp/changed.pdf" "$s11"
expect "reason is the byte" grep -q "not verified: regenerated PDF differs at byte 20001 " "$tmp/err"
expect "hints at SOURCE_DATE_EPOCH" grep -q "if SOURCE_DATE_EPOCH was set when the report was made" "$tmp/err"
head -c -100 "$r11" >"$tmp/short.pdf"
status "truncated report: refused" 1 "$bin" verify "$tmp/short.pdf" "$s11"
expect "no temporary file left" test -z "$(ls -A "$TMPDIR")"

# A report with the previous year's figures.
"$bin" render "$s11" --previous "$samples/dorset-2010-11.xml" -o "$tmp/prev.pdf" 2>/dev/null
status "previous year not given: refused" 1 "$bin" verify "$tmp/prev.pdf" "$s11"
expect "asks for --previous" grep -q "give that snapshot with --previous" "$tmp/err"
status "previous year given: verified" 0 "$bin" verify "$tmp/prev.pdf" "$s11" --previous "$samples/dorset-2010-11.xml"
{ cat "$samples/dorset-2010-11.xml"; echo; } >"$tmp/other-2010-11.xml"
status "another previous year: refused" 1 "$bin" verify "$tmp/prev.pdf" "$s11" --previous "$tmp/other-2010-11.xml"
expect "reason is the previous hash" grep -q "previous snapshot hash differs" "$tmp/err"
status "a later year as previous: invalid" 65 "$bin" verify "$tmp/prev.pdf" "$s11" --previous "$samples/dorset-2012-13.xml"

# Not a report of ours, a version that is not this one.
"$bin" compare -o "$tmp/trends.pdf" "$samples"/dorset-201[01]-??.xml 2>/dev/null
status "a trends PDF: refused" 1 "$bin" verify "$tmp/trends.pdf" "$s11"
expect "says it has no provenance" grep -q "records no provenance" "$tmp/err"
python3 - "$r11" "$tmp/old.pdf" <<'PY'
import sys, re
b = open(sys.argv[1], 'rb').read()
m = re.search(rb'/Provenance <([0-9A-Fa-f]+)>', b)  # qpdf writes hex in lower case
s = bytes.fromhex(m.group(1).decode()).decode('utf-16')
t = re.sub(r'^mappa-report [^;]*', 'mappa-report 0.0.9', s)
h = ('\ufeff' + t).encode('utf-16-be').hex().upper().encode()
open(sys.argv[2], 'wb').write(b[:m.start(1)] + h + b[m.end(1):])
PY
status "another version: refused" 1 "$bin" verify "$tmp/old.pdf" "$s11"
expect "names the version" grep -q "made by mappa-report 0.0.9" "$tmp/err"

# Usage and input errors.
status "one argument: usage" 64 "$bin" verify "$r11"
# Each input is read once: a pipe or a FIFO is verified like a file.
status "snapshot from a pipe: verified" 0 "$bin" verify "$r11" - --board "$samples/dorset-2011-12.board.xml" <"$s11"
status "report from a pipe: verified" 0 "$bin" verify - "$s11" <"$r11"
cat "$samples/dorset-2010-11.xml" | status "previous from a pipe: verified" 0 "$bin" verify "$tmp/prev.pdf" "$s11" --previous -
mkfifo "$tmp/fifo"
cat "$s11" >"$tmp/fifo" &
status "snapshot from a FIFO: verified" 0 timeout 60 "$bin" verify "$r11" "$tmp/fifo" --board "$samples/dorset-2011-12.board.xml"
wait
status "two from stdin: usage" 64 "$bin" verify - - <"$s11"
status "missing report: 66" 66 "$bin" verify "$tmp/none.pdf" "$s11"
status "missing snapshot: 66" 66 "$bin" verify "$r11" "$tmp/none.xml"
status "invalid snapshot: 65" 65 "$bin" verify "$r11" "$src/tests/data/snapshot/off-category-4.xml"
expect "names it" grep -q "off-category-4.xml:6: error" "$tmp/err"

finish
