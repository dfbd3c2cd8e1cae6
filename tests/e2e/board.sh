#!/usr/bin/env bash
# board.sh: the board's own file end to end: the worked examples render
# --final with their logos and signatures embedded once and no bracketed
# placeholder; the default template alone warns, says "Draft" and is
# refused by --final; NAME.board.xml is found beside NAME.xml; verify
# checks the board file and every image; and the bad board files of
# tests/data/board (NAME.board.xml with its expected NAME.err).
. "$(dirname "$0")/lib.sh"
samples=$src/samples
export MAPPA_TEMPLATE_DIR=$src/templates
unset SOURCE_DATE_EPOCH

text() { pdftotext -layout "$@" - 2>/dev/null; }
# Distinct image objects in a PDF (pdfimages -list: one line per use).
images() { pdfimages -list "$1" 2>/dev/null | awk 'NR > 2 { print $11 }' | sort -u | wc -l; }
uses() { pdfimages -list "$1" 2>/dev/null | awk 'NR > 2' | wc -l; }
pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ { print $2 }'; }

# ------------------------------------------------------------------
# The worked examples, final.

for y in 2011-12 2016-17; do
	s=$samples/dorset-$y.xml b=$samples/dorset-$y.board.xml
	status "$y: render --final" 0 "$bin" render "$s" --board "$b" --final -o "$tmp/$y.pdf" &&
	expect "$y: no warning" test ! -s "$tmp/err"
	text "$tmp/$y.pdf" >"$tmp/$y.txt"
	expect "$y: 12 pages or more" test "$(pages "$tmp/$y.pdf")" -ge 12
	expect "$y: no bracketed placeholder" sh -c "! grep -q '\[' '$tmp/$y.txt'"
	expect "$y: no Draft" sh -c "! grep -q 'Draft' '$tmp/$y.txt'"
	expect "$y: publication date on the cover" sh -c "pdftotext -f 1 -l 1 '$tmp/$y.pdf' - 2>/dev/null | grep -q '^Published 2[0-9] October 20[0-9][0-9]$'"
	expect "$y: signatories by name" grep -q "Robert Quennell" "$tmp/$y.txt"
	expect "$y: membership table" grep -q "MAPPA Co-ordinator  *MAPPA Unit" "$tmp/$y.txt"
	expect "$y: case study" grep -q "Case study 1: Mr A" "$tmp/$y.txt"
	# four logos, four signatures, one photograph: each once in the file
	expect "$y: 9 images, each embedded once" test "$(images "$tmp/$y.pdf")" -eq 9
	expect "$y: drawn 9 times" test "$(uses "$tmp/$y.pdf")" -eq 9
	expect "$y: qpdf --check" sh -c "qpdf --check '$tmp/$y.pdf' >/dev/null 2>&1"
	status "$y: verify --board" 0 "$bin" verify "$tmp/$y.pdf" "$s" --board "$b" &&
	expect "$y: verified with the board file and its images" grep -q "verified: .* and board file .*board.xml (sha256 $(sha256sum "$b" | cut -c1-64), with 9 images)" "$tmp/out"
	expect "$y: provenance in the metadata" sh -c "pdfinfo -custom '$tmp/$y.pdf' 2>/dev/null | grep -q 'board sha256 [0-9a-f]\{64\}; image sha256 [0-9a-f]\{64\}'"
	expect "$y: the board's hash printed in the colophon" grep -q "board file SHA-256 $(sha256sum "$b" | cut -c1-64)" "$tmp/$y.txt"
	expect "$y: the logo's hash printed in the colophon" grep -q "image logo-mappa.png SHA-256 $(sha256sum "$samples/logo-mappa.png" | cut -c1-64)" "$tmp/$y.txt"
done

# ------------------------------------------------------------------
# Found beside the snapshot, and verified from there; one byte of an
# image changed is seen.

mkdir "$tmp/area"
cp "$samples/dorset-2011-12.xml" "$samples/dorset-2011-12.board.xml" "$samples"/*.png "$samples"/*.jpg "$tmp/area/"
(cd "$tmp" && "$bin" render area/dorset-2011-12.xml -o beside.pdf 2>"$tmp/err")
expect "NAME.board.xml beside NAME.xml is used" cmp -s "$tmp/beside.pdf" "$tmp/2011-12.pdf"
status "verify finds it too" 0 "$bin" verify "$tmp/2011-12.pdf" "$tmp/area/dorset-2011-12.xml"
# a byte added after the end of the PNG: still a sound image, not the same
printf '\n' >>"$tmp/area/sig-lay.png"
status "an image with one byte more: not verified" 1 "$bin" verify "$tmp/2011-12.pdf" "$tmp/area/dorset-2011-12.xml" &&
expect "names the image" grep -q "not verified: image hash differs: report says [0-9a-f]*, sig-lay.png (of .*board.xml) is " "$tmp/err"
# a byte changed inside it: a damaged image, refused with the board's line
cp "$samples/sig-lay.png" "$tmp/area/"
printf '\001' | dd of="$tmp/area/sig-lay.png" bs=1 seek=100 conv=notrunc 2>/dev/null
status "an image with one byte changed: refused" 65 "$bin" verify "$tmp/2011-12.pdf" "$tmp/area/dorset-2011-12.xml" &&
expect "names the board file's line and the image" grep -q "dorset-2011-12.board.xml:[0-9]*: error: image sig-lay.png: a damaged PNG file" "$tmp/err"
cp "$samples/sig-lay.png" "$tmp/area/"
sed 's/Tom Wareham/Tom Warham/' "$samples/dorset-2011-12.board.xml" >"$tmp/area/dorset-2011-12.board.xml"
status "an edited board file: not verified" 1 "$bin" verify "$tmp/2011-12.pdf" "$tmp/area/dorset-2011-12.xml" &&
expect "says the board file differs" grep -q "not verified: board file hash differs" "$tmp/err"
status "a report made with a board file needs it" 1 "$bin" verify "$tmp/2011-12.pdf" "$samples/dorset-2010-11.xml"
rm "$tmp/area/dorset-2011-12.board.xml"
status "a report made with a board file, the board gone" 1 "$bin" verify "$tmp/2011-12.pdf" "$tmp/area/dorset-2011-12.xml" &&
expect "asks for --board" grep -q "made with a board file (sha256 [0-9a-f]*): give it with --board" "$tmp/err"

# ------------------------------------------------------------------
# The default template alone: a draft, refused when final.

status "no board file: rendered" 0 "$bin" render "$tmp/area/dorset-2011-12.xml" -o "$tmp/draft.pdf" &&
expect "a warning per slot" test "$(grep -c "warning: slot '.*' still holds the template's placeholder" "$tmp/err")" -eq 10
expect "names the foreword" grep -q "england-wales-sopo.xml:[0-9]*: warning: slot 'foreword' still holds the template's placeholder" "$tmp/err"
n=$(pages "$tmp/draft.pdf") drafts=0
for p in $(seq 2 "$n"); do
	pdftotext -f "$p" -l "$p" -layout "$tmp/draft.pdf" - 2>/dev/null | head -3 | grep -q Draft && drafts=$((drafts + 1))
done
expect "Draft in every page's running header ($drafts of $((n - 1)))" test "$drafts" -eq $((n - 1))
expect "Draft on the cover" sh -c "pdftotext -f 1 -l 1 '$tmp/draft.pdf' - 2>/dev/null | grep -qx Draft"
echo old >"$tmp/final.pdf"
status "--final refuses it" 65 "$bin" render "$tmp/area/dorset-2011-12.xml" --final -o "$tmp/final.pdf" &&
expect "naming every unfilled slot" test "$(grep -c "error: --final: slot '.*' still holds the template's placeholder" "$tmp/err")" -eq 10
expect "the old output left alone" test "$(cat "$tmp/final.pdf")" = old
for slot in foreword achievements priorities membership lay-adviser case-studies victims contacts published logos; do
	grep -q "slot '$slot'" "$tmp/err" || bad "--final names $slot"
done
status "a board file for another year: refused" 65 "$bin" render "$samples/dorset-2016-17.xml" --board "$samples/dorset-2011-12.board.xml" -o "$tmp/x.pdf"
expect "says which year" grep -q "for the year 2011/12, but the snapshot is of 2016/17" "$tmp/err"
status "--board of a missing file: 66" 66 "$bin" render "$samples/dorset-2011-12.xml" --board "$tmp/none.board.xml" -o "$tmp/x.pdf"
expect "nothing written" test ! -e "$tmp/x.pdf"

# A template without slots: the board's parts are said to be unused.
cat >"$tmp/noslots.xml" <<'EOF'
<report version="1"><section title="Only"><p>{area}</p></section></report>
EOF
status "a template without slots: rendered" 0 "$bin" render "$samples/dorset-2011-12.xml" --template "$tmp/noslots.xml" -o "$tmp/x.pdf" &&
expect "one warning for the unused parts" test "$(grep -c 'board.xml:7: warning: the template has no slot for <foreword>, .*, <logos>: they are not printed' "$tmp/err")" -eq 1

# The same image twice: embedded once, drawn twice.
mkdir "$tmp/twice"
cp "$samples/logo-mappa.png" "$tmp/twice/"
cat >"$tmp/twice/b.board.xml" <<'EOF'
<board version="1">
  <logos><logo src="logo-mappa.png" alt="MAPPA"/></logos>
  <contacts><image src="logo-mappa.png" alt="MAPPA" width="120"/></contacts>
</board>
EOF
status "one image used twice" 0 "$bin" render "$samples/dorset-2011-12.xml" --board "$tmp/twice/b.board.xml" -o "$tmp/twice.pdf" &&
expect "embedded once" test "$(images "$tmp/twice.pdf")" -eq 1
expect "drawn twice" test "$(uses "$tmp/twice.pdf")" -eq 2

# ------------------------------------------------------------------
# batch: NAME.board.xml beside NAME.xml is the board file, not a snapshot;
# a report is up to date only while its board file and images are.

mkdir -p "$tmp/arch/dorset" "$tmp/rep"
cp "$samples/dorset-2011-12.xml" "$tmp/arch/dorset/2011-12.xml"
cp "$samples/dorset-2011-12.board.xml" "$tmp/arch/dorset/2011-12.board.xml"
cp "$samples"/*.png "$samples"/*.jpg "$tmp/arch/dorset/"
status "batch with a board file" 0 "$bin" batch "$tmp/arch" -o "$tmp/rep" -j 1 &&
expect "one report, the board file not taken for a snapshot" grep -q "^batch: 1 rendered, 0 up to date, 0 failed$" "$tmp/err"
expect "no PDF for the board file" test ! -e "$tmp/rep/dorset/2011-12.board.pdf"
expect "the board's words in it" sh -c "pdftotext '$tmp/rep/dorset/2011-12.pdf' - 2>/dev/null | grep -q 'Published 26 October 2012'"
expect "the same report as render's" cmp -s "$tmp/rep/dorset/2011-12.pdf" "$tmp/2011-12.pdf"
status "batch again" 0 "$bin" batch "$tmp/arch" -o "$tmp/rep" -j 1 &&
expect "up to date" grep -q "^batch: 0 rendered, 1 up to date, 0 failed$" "$tmp/err"
printf '\n' >>"$tmp/arch/dorset/logo-police.png"
status "batch after a logo changed" 0 "$bin" batch "$tmp/arch" -o "$tmp/rep" -j 1 &&
expect "made again" grep -q "^batch: 1 rendered, 0 up to date, 0 failed$" "$tmp/err"
sed -i 's/Tom Wareham/Tom Warham/' "$tmp/arch/dorset/2011-12.board.xml"
status "batch after the board file changed" 0 "$bin" batch "$tmp/arch" -o "$tmp/rep" -j 1 &&
expect "made again" grep -q "^batch: 1 rendered, 0 up to date, 0 failed$" "$tmp/err"

# ------------------------------------------------------------------
# Bad board files: exact diagnostics with the line, status 65, no output.

cd "$src/tests/data/board" || exit 1
for b in *.board.xml; do
	name=${b%.board.xml}
	[ -f "$name.err" ] || continue
	"$bin" render "$samples/dorset-2011-12.xml" --board "$b" -o "$tmp/t.pdf" 2>"$tmp/err"
	rc=$?
	if [ "$rc" -ne 65 ]; then
		bad "board $name" "exit $rc, expected 65"
	elif [ -e "$tmp/t.pdf" ]; then
		bad "board $name" "an output was written"
	elif ! diff -u "$name.err" "$tmp/err" >"$tmp/diff"; then
		bad "board $name" "diagnostics differ"; cat "$tmp/diff"
	else
		ok "board $name: $(head -1 "$name.err" | cut -d' ' -f3- | cut -c1-60)"
	fi
done

finish
