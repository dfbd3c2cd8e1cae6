#!/usr/bin/env bash
# editions.sh: the Welsh sample's two editions from one bilingual board
# file (issue 21): samples/dyfed-powys-2016-17 with its board file, rendered
# --final in Welsh (--lang cy) and in English, PDF, HTML and ODS.  Each is
# tagged in its own language and passes the tagged-PDF checker; the Welsh
# has no English word of the program's own; both hold the same figures,
# every one a figure of `stats`, in the same layout; each cover says the
# other exists and links to it; the XMP title is in both languages.  Then
# what a board can get wrong (a slot only in English, a slot twice, a
# template in the other language), batch (both editions, then up to date)
# and verify (each edition).  web.sh opens both HTML editions in Chromium
# with axe-core, each in its language.
. "$(dirname "$0")/lib.sh"
command -v pdftotext >/dev/null || { echo "editions.sh: needs pdftotext"; exit 77; }
command -v qpdf >/dev/null || { echo "editions.sh: needs qpdf"; exit 77; }
py=/usr/bin/python3
ed="$py $(dirname "$0")/editions.py"
welsh="$py $(dirname "$0")/welsh.py"
tables=${MAPPA_MSGTABLES:-${BUILDDIR:?}/tests/e2e/msgtables}
samples=$src/samples
snap=$samples/dyfed-powys-2016-17.xml
board=$samples/dyfed-powys-2016-17.board.xml
export MAPPA_TEMPLATE_DIR=$src/templates
unset SOURCE_DATE_EPOCH

"$bin" stats "$snap" -o "$tmp/stats.json" || bad "stats"

# The two editions, each in three formats, the board file found beside
# the snapshot: no warning, with --final.
for lang in cy en; do
	for f in pdf html ods; do
		status "$lang $f: renders --final" 0 "$bin" render "$snap" \
		    --lang $lang --final -o "$tmp/$lang.$f" &&
		expect "$lang $f: not a word on standard error" test ! -s "$tmp/err"
	done
	pdftotext -layout "$tmp/$lang.pdf" "$tmp/$lang.txt"
done
expect "render: the English edition is the default" sh -c \
    "'$bin' render '$snap' -o '$tmp/default.pdf' 2>/dev/null && cmp -s '$tmp/default.pdf' '$tmp/en.pdf'"
expect "cy: the Welsh template's words" grep -q 'Adroddiad Blynyddol 2016/17' "$tmp/cy.txt"
expect "en: the English template's words" grep -q 'Annual Report 2016/17' "$tmp/en.txt"
expect "cy: a place name with ŵ or ŷ, as the font draws it" grep -q '[ŵŷ]' "$tmp/cy.txt"
expect "en: the same place name" grep -q '[ŵŷ]' "$tmp/en.txt"

# Tagged in its own language, and the checker's PDF/UA and PDF/A rules.
if "$py" -c 'import pikepdf' 2>/dev/null; then
	expect "cy pdf: tagged and archival, /Lang cy (check.py)" \
	    "$py" "$src/tests/pdfcheck/check.py" --lang=cy "$tmp/cy.pdf"
	expect "en pdf: tagged and archival, /Lang en-GB (check.py)" \
	    "$py" "$src/tests/pdfcheck/check.py" --lang=en-GB "$tmp/en.pdf"
else
	bad "check.py" "needs python3-pikepdf (.ci/install-deps has it)"
fi
expect "cy html: <html lang=\"cy\">" grep -q '^<html lang="cy">$' "$tmp/cy.html"
expect "en html: <html lang=\"en-GB\">" grep -q '^<html lang="en-GB">$' "$tmp/en.html"

# No English word of the program's in the Welsh edition: the board file
# as the Welsh edition reads it is a source, its English slots are not.
"$tables" >"$tmp/tables.tsv"
$ed one cy "$board" "$tmp/cy.board.xml"
$welsh words "$tmp/tables.tsv" "$src/templates/england-wales-shpo.cy.xml" \
    "$tmp/cy.board.xml" "$snap" >"$tmp/list"
expect "at least 40 English words and phrases to look for" \
    test "$(grep -c . "$tmp/list")" -ge 40
for f in pdf html ods; do
	$welsh text "$tmp/cy.$f" >"$tmp/cy.$f.txt"
	if $welsh check "$tmp/list" "$tmp/cy.$f.txt" >"$tmp/found"; then
		ok "cy $f: no English word of the program's"
	else
		bad "cy $f: no English word of the program's" "$(head -5 "$tmp/found" | tr '\n' ';')"
	fi
done

# The same figures, each one of `stats`, in the same layout.
if $ed figures "$tmp/stats.json" "$tmp/en.html" "$tmp/cy.html" >"$tmp/fig"; then
	ok "the same figures in both editions: $(cat "$tmp/fig")"
else
	bad "the same figures in both editions" "$(head -3 "$tmp/fig")"
fi
if $ed structure "$tmp/en.html" "$tmp/cy.html" >"$tmp/st"; then
	ok "the same layout: $(cat "$tmp/st")"
else
	bad "the same layout" "$(head -3 "$tmp/st" | tr '\n' ';')"
fi
expect "both PDFs: RSOs per 100,000 as stats has it" sh -c "
    n=\$(grep -o '\"rso_per_100k\": *[0-9]*' '$tmp/stats.json' | grep -o '[0-9]*\$')
    grep -qE 'RSOs per 100,000 .* +'\$n'\$' '$tmp/en.txt' &&
    grep -qE '100,000 .* +'\$n'\$' '$tmp/cy.txt'"

# Each cover says the other edition exists, and links to it.
href() { "$py" -c 'import sys, xml.etree.ElementTree as ET
for e in ET.parse(sys.argv[1]).getroot().iter("edition"):
    if e.get("lang") == sys.argv[2]: print(e.get("href", ""))' "$board" "$1"; }
cy_url=$(href cy)
en_url=$(href en)
expect "the sample's board gives both editions' addresses" test -n "$cy_url" -a -n "$en_url"
pdftotext -l 1 "$tmp/cy.pdf" - | tr -s ' \n' ' ' >"$tmp/cy1"
pdftotext -l 1 "$tmp/en.pdf" - | tr -s ' \n' ' ' >"$tmp/en1"
expect "cy cover: 'Mae’r ddogfen hon ar gael yn Saesneg'" grep -qF "Mae’r ddogfen hon ar gael yn Saesneg: $en_url" "$tmp/cy1"
expect "en cover: 'This document is also available in Welsh'" grep -qF "This document is also available in Welsh: $cy_url" "$tmp/en1"
qpdf --qdf --object-streams=disable "$tmp/cy.pdf" "$tmp/cy.qdf" 2>/dev/null
qpdf --qdf --object-streams=disable "$tmp/en.pdf" "$tmp/en.qdf" 2>/dev/null
expect "cy pdf: a link to the English edition" grep -aqF "/URI ($en_url)" "$tmp/cy.qdf"
expect "en pdf: a link to the Welsh edition" grep -aqF "/URI ($cy_url)" "$tmp/en.qdf"
expect "cy html: a link to the English edition" grep -qF "href=\"$en_url\"" "$tmp/cy.html"
expect "en html: a link to the Welsh edition" grep -qF "href=\"$cy_url\"" "$tmp/en.html"
# The ODS's cover sheet says so too, its address a link.
ods_cover() { "$py" -c 'import sys, zipfile, xml.etree.ElementTree as ET
ns = {"table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
      "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0"}
root = ET.fromstring(zipfile.ZipFile(sys.argv[1]).read("content.xml"))
sheet = root.find(".//table:table", ns)
for p in sheet.iterfind(".//text:p", ns):
    print("".join(p.itertext()))
for a in sheet.iterfind(".//text:a", ns):
    print("link", a.get("{http://www.w3.org/1999/xlink}href"))' "$1"; }
ods_cover "$tmp/cy.ods" >"$tmp/cy.cover"
ods_cover "$tmp/en.ods" >"$tmp/en.cover"
expect "cy ods cover: 'Mae’r ddogfen hon ar gael yn Saesneg'" grep -qxF "Mae’r ddogfen hon ar gael yn Saesneg: $en_url" "$tmp/cy.cover"
expect "en ods cover: 'This document is also available in Welsh'" grep -qxF "This document is also available in Welsh: $cy_url" "$tmp/en.cover"
expect "cy ods cover: a link to the English edition" grep -qxF "link $en_url" "$tmp/cy.cover"
expect "en ods cover: a link to the Welsh edition" grep -qxF "link $cy_url" "$tmp/en.cover"
expect "cy pdf: XMP dc:title in Welsh and in English" sh -c \
    "grep -aq '<rdf:li xml:lang=\"cy\">Adroddiad' '$tmp/cy.qdf' && grep -aq '<rdf:li xml:lang=\"en-GB\">' '$tmp/cy.qdf'"
expect "en pdf: XMP dc:title in English and in Welsh" sh -c \
    "grep -aq '<rdf:li xml:lang=\"cy\">Adroddiad' '$tmp/en.qdf' && grep -aq '<rdf:li xml:lang=\"en-GB\">' '$tmp/en.qdf'"

# What a board file can get wrong.  A slot filled only in English: the
# Welsh edition prints the English, tagged so, as a draft; --final refuses
# it, naming the board's line and what to add.
mkdir "$tmp/b"
cp "$samples"/*.png "$samples"/*.jpg "$tmp/b/"
"$py" - "$board" "$tmp/b/only-en.board.xml" <<'EOF'
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
s2 = re.sub(r'<victims lang="cy">.*?</victims>\s*', '', s, count=1, flags=re.S)
assert s2 != s
open(sys.argv[2], "w", encoding="utf-8").write(s2)
EOF
line=$(grep -n '<victims lang="en">' "$tmp/b/only-en.board.xml" | cut -d: -f1)
status "cy: a slot only in English renders, a draft" 0 "$bin" render "$snap" \
    --lang cy --board "$tmp/b/only-en.board.xml" -o "$tmp/only.pdf" &&
expect "cy: it says which slot, where, and why it is a draft" grep -q \
    "only-en.board.xml:$line: warning: slot 'victims' is filled only in English" "$tmp/err"
expect "cy: the draft's mark (Drafft)" sh -c "pdftotext '$tmp/only.pdf' - | grep -qx Drafft"
qpdf --json --json-key=qpdf "$tmp/only.pdf" >"$tmp/only.json" 2>/dev/null
expect "cy: the English words tagged /Lang en-GB (or en)" sh -c "
    $py -c 'import json, sys
d = json.load(open(sys.argv[1]))[\"qpdf\"][1]
n = sum(1 for o in d.values() if isinstance(o, dict) and
    isinstance(o.get(\"value\"), dict) and
    str(o[\"value\"].get(\"/Lang\", \"\")).startswith(\"u:en\") and
    o[\"value\"].get(\"/S\") == \"/P\")
sys.exit(0 if n >= 1 else 1)' '$tmp/only.json'"
status "cy --final: a slot only in English is refused" 65 "$bin" render "$snap" \
    --lang cy --final --board "$tmp/b/only-en.board.xml" -o "$tmp/only-final.pdf" &&
expect "cy --final: names the line and what to add" grep -q \
    "only-en.board.xml:$line: error: --final: slot 'victims' has the board's words only in English, and this edition is in Welsh: give <victims lang=\"cy\">" "$tmp/err"
expect "cy --final: no report written" test ! -e "$tmp/only-final.pdf"
status "en --final: the English edition of that board is whole" 0 "$bin" render "$snap" \
    --final --board "$tmp/b/only-en.board.xml" -o "$tmp/only-en.pdf"

"$py" - "$board" "$tmp/b/twice.board.xml" <<'EOF'
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r'<contacts lang="cy">.*?</contacts>', s, flags=re.S)
open(sys.argv[2], "w", encoding="utf-8").write(s[:m.end()] + "\n  " + m.group(0) + s[m.end():])
EOF
status "a slot twice in one language is refused" 65 "$bin" render "$snap" \
    --lang cy --board "$tmp/b/twice.board.xml" -o "$tmp/twice.pdf" &&
expect "it says which, and where the first is" grep -qE \
    "twice.board.xml:[0-9]+: error: <contacts lang=\"cy\"> again \(first at line [0-9]+\)" "$tmp/err"
# A slot without lang is in the board's language (<board lang>, British
# English if not given), never silently in every edition: an untagged
# English victims slot leaves the Welsh edition a draft, --final refuses
# it, and beside <victims lang="en"> it is the same slot twice.
"$py" - "$board" "$tmp/b/untagged.board.xml" "$tmp/b/untagged-twice.board.xml" "$tmp/b/cy-untagged.board.xml" <<'EOT'
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
s2 = re.sub(r'<victims lang="cy">.*?</victims>\s*', '', s, count=1, flags=re.S)
s2 = s2.replace('<victims lang="en">', '<victims>')
assert s2.count('<victims>') == 1
open(sys.argv[2], "w", encoding="utf-8").write(s2)
m = re.search(r'<victims lang="en">.*?</victims>', s, flags=re.S)
s3 = s[:m.end()] + "\n  " + m.group(0).replace(' lang="en"', '') + s[m.end():]
open(sys.argv[3], "w", encoding="utf-8").write(s3)
# the Welsh words untagged in a board that says it is Welsh
s4 = s.replace('<board version="1"', '<board version="1" lang="cy"')
s4 = re.sub(r'<([a-z-]+) lang="cy">', r'<\1>', s4)
assert s4 != s and ' lang="cy">' not in s4.split('</editions>')[1]
open(sys.argv[4], "w", encoding="utf-8").write(s4)
EOT
line=$(grep -n '<victims>' "$tmp/b/untagged.board.xml" | cut -d: -f1)
status "cy: an untagged English slot makes a draft" 0 "$bin" render "$snap" \
    --lang cy --board "$tmp/b/untagged.board.xml" -o "$tmp/untagged.pdf" &&
expect "cy: it says the slot is only in English" grep -q \
    "untagged.board.xml:$line: warning: slot 'victims' is filled only in English" "$tmp/err"
status "cy --final: an untagged English slot is refused" 65 "$bin" render "$snap" \
    --lang cy --final --board "$tmp/b/untagged.board.xml" -o "$tmp/untagged-final.pdf" &&
expect "cy --final: it names the line" grep -q \
    "untagged.board.xml:$line: error: --final: slot 'victims' has the board's words only in English" "$tmp/err"
status "en --final: the untagged slot is the English edition's" 0 "$bin" render "$snap" \
    --final --board "$tmp/b/untagged.board.xml" -o "$tmp/untagged-en.pdf" &&
expect "en: the same words as with lang=\"en\"" sh -c \
    "pdftotext '$tmp/untagged-en.pdf' - | grep -v 'SHA-256' >'$tmp/u1.txt'; pdftotext '$tmp/en.pdf' - | grep -v 'SHA-256' >'$tmp/u2.txt'; cmp -s '$tmp/u1.txt' '$tmp/u2.txt'"
status "an untagged slot beside lang=\"en\" is one slot twice" 65 "$bin" render "$snap" \
    --board "$tmp/b/untagged-twice.board.xml" -o "$tmp/utwice.pdf" &&
expect "it says which" grep -qE \
    "untagged-twice.board.xml:[0-9]+: error: <victims> again \(first at line [0-9]+\)" "$tmp/err"
status "cy --final: a board that says it is Welsh, its Welsh slots untagged" 0 "$bin" render "$snap" \
    --lang cy --final --board "$tmp/b/cy-untagged.board.xml" -o "$tmp/cyu.pdf" &&
expect "cy: the same words as with lang=\"cy\"" sh -c \
    "pdftotext '$tmp/cyu.pdf' - | grep -v 'SHA-256' >'$tmp/u1.txt'; pdftotext '$tmp/cy.pdf' - | grep -v 'SHA-256' >'$tmp/u2.txt'; cmp -s '$tmp/u1.txt' '$tmp/u2.txt'"
status "--lang cy with an English template is refused" 64 "$bin" render "$snap" \
    --lang cy --template england-wales-shpo.xml -o "$tmp/mix.pdf" &&
expect "it says why and what to do" grep -q "is in en-GB (its <report lang>), but --lang asks for cy: leave out --template" "$tmp/err"
status "--lang fr is a usage error" 64 "$bin" render "$snap" --lang fr -o "$tmp/fr.pdf"

# verify: each edition, the Welsh one found by its template.
status "verify: the Welsh edition" 0 "$bin" verify "$tmp/cy.pdf" "$snap"
status "verify: the English edition" 0 "$bin" verify "$tmp/en.pdf" "$snap"
status "verify --lang cy: the Welsh edition" 0 "$bin" verify --lang cy "$tmp/cy.pdf" "$snap"
status "verify --lang en: not the Welsh edition" 1 "$bin" verify --lang en "$tmp/cy.pdf" "$snap"

# batch: both editions of the Welsh area, then both up to date.
mkdir -p "$tmp/archive/wales"
cp "$snap" "$board" "$samples"/*.png "$samples"/*.jpg "$tmp/archive/wales/"
status "batch: renders" 0 "$bin" batch "$tmp/archive" -o "$tmp/outdir" -j 2 &&
expect "batch: the English edition" cmp -s "$tmp/outdir/wales/dyfed-powys-2016-17.pdf" "$tmp/en.pdf" &&
expect "batch: the Welsh edition beside it" cmp -s "$tmp/outdir/wales/dyfed-powys-2016-17.cy.pdf" "$tmp/cy.pdf"
expect "batch: the manifest lists both" sh -c "grep -q ' wales/dyfed-powys-2016-17.cy.pdf\$' '$tmp/outdir/.mappa-batch.sha256' && grep -q ' wales/dyfed-powys-2016-17.pdf\$' '$tmp/outdir/.mappa-batch.sha256'"
status "batch: again" 0 "$bin" batch "$tmp/archive" -o "$tmp/outdir" &&
expect "batch: both up to date" grep -q '2 up to date' "$tmp/err"

# A snapshot named NAME.cy.xml beside NAME.xml would write NAME.cy.pdf,
# the Welsh edition's name: neither is rendered, both fail saying why,
# and the Welsh edition already there is left as it was.
cp "$tmp/archive/wales/dyfed-powys-2016-17.xml" "$tmp/archive/wales/dyfed-powys-2016-17.cy.xml"
cp "$tmp/outdir/wales/dyfed-powys-2016-17.cy.pdf" "$tmp/cy-before.pdf"
status "batch: two jobs for one report fail" 1 "$bin" batch "$tmp/archive" -o "$tmp/outdir" &&
expect "batch: it says which two, and what to do" grep -q \
    "wales/dyfed-powys-2016-17.cy.xml and wales/dyfed-powys-2016-17.xml (cy) would both write wales/dyfed-powys-2016-17.cy.pdf: rename one" "$tmp/err" &&
expect "batch: 1 up to date, 2 failed" grep -q '0 rendered, 1 up to date, 2 failed' "$tmp/err" &&
expect "batch: the Welsh edition untouched" cmp -s "$tmp/outdir/wales/dyfed-powys-2016-17.cy.pdf" "$tmp/cy-before.pdf"
rm "$tmp/archive/wales/dyfed-powys-2016-17.cy.xml"

# A board file no longer Welsh: its Welsh edition, no longer made, is
# named as left behind, once, and dropped from the manifest.
"$py" - "$board" "$tmp/archive/wales/dyfed-powys-2016-17.board.xml" <<'EOF'
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
s = re.sub(r'<([a-z-]+) lang="cy">.*?</\1>\s*', '', s, flags=re.S)
s = re.sub(r'<editions>.*?</editions>\s*', '', s, flags=re.S)
s = s.replace(' lang="en"', '')
open(sys.argv[2], "w", encoding="utf-8").write(s)
EOF
status "batch: an English-only board" 0 "$bin" batch "$tmp/archive" -o "$tmp/outdir" &&
expect "batch: the old Welsh edition named as left behind" grep -q \
    "warning: $tmp/outdir/wales/dyfed-powys-2016-17.cy.pdf: an earlier batch's report that no snapshot makes now" "$tmp/err" &&
expect "batch: and no longer in the manifest" sh -c "! grep -q 'cy.pdf' '$tmp/outdir/.mappa-batch.sha256'"
status "batch: then not again" 0 "$bin" batch "$tmp/archive" -o "$tmp/outdir" &&
expect "batch: no warning the second time" sh -c "! grep -q 'earlier batch' '$tmp/err'"

finish
