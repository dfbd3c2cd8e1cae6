#!/usr/bin/env bash
# welsh.sh: the Welsh edition (issue 21).  The Dorset 2011/12 sample with
# a copy of the SOPO template whose root says lang="cy", as PDF, HTML and
# ODS: no word the program writes in English where its Welsh table has
# its own (the words come from the tables, through msgtables, less those
# the template, board file and snapshot write themselves: the template is
# still English), and the files say they are Welsh (the PDF catalog's
# /Lang and XMP, <html lang>, the ODS's dc:language).  The English
# edition is the control: it must have many of the same words, or the
# check would be looking in the wrong place.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || { echo "welsh.sh: needs python3"; exit 77; }
command -v pdftotext >/dev/null || { echo "welsh.sh: needs pdftotext"; exit 77; }
command -v qpdf >/dev/null || { echo "welsh.sh: needs qpdf"; exit 77; }
tables=${MAPPA_MSGTABLES:-${BUILDDIR:?}/tests/e2e/msgtables}
py="python3 $(dirname "$0")/welsh.py"
samples=$src/samples
snap=$samples/dorset-2011-12.xml
board=$samples/dorset-2011-12.board.xml
export SOURCE_DATE_EPOCH=1333411200	# 2012-04-03

sed 's/<report version="1">/<report version="1" lang="cy">/' \
	"$src/templates/england-wales-sopo.xml" >"$tmp/cy.xml"
expect "the copy says lang=\"cy\"" grep -q '<report version="1" lang="cy">' "$tmp/cy.xml"
expect "msgtables prints the tables" sh -c "'$tables' >'$tmp/tables.tsv'"
$py words "$tmp/tables.tsv" "$tmp/cy.xml" "$board" "$snap" >"$tmp/list"
expect "at least 40 English words and phrases to look for" \
	test "$(grep -c . "$tmp/list")" -ge 40
expect "the months' dates among them" \
	test "$(grep -c '^r ' "$tmp/list")" -eq 12

# The Welsh edition is given the Dorset board's words as if they were
# Welsh (<board lang="cy">): its slots carry no lang, so they are in the
# board's language, and an English board would make the Welsh edition a
# draft with English marked as such (tested below).
mkdir "$tmp/cyb"
cp "$samples"/*.png "$samples"/*.jpg "$tmp/cyb/"
sed 's/<board version="1"/<board version="1" lang="cy"/' "$board" >"$tmp/cyb/b.board.xml"
expect "the board's copy says lang=\"cy\"" grep -q '<board version="1" lang="cy"' "$tmp/cyb/b.board.xml"

for lang in cy en; do
	t=$tmp/cy.xml b=$tmp/cyb/b.board.xml
	[ $lang = en ] && t=$src/templates/england-wales-sopo.xml b=$board
	for f in pdf html ods; do
		status "$lang: render $f" 0 "$bin" render "$snap" --template "$t" \
		    --board "$b" -o "$tmp/$lang.$f" &&
		expect "$lang: the $f's text" sh -c \
		    "$py text '$tmp/$lang.$f' >'$tmp/$lang.$f.txt'"
	done
done

for f in pdf html ods; do
	if $py check "$tmp/list" "$tmp/cy.$f.txt" >"$tmp/found"; then
		ok "cy: no English word of the program's in the $f"
	else
		bad "cy: no English word of the program's in the $f" \
		    "$(head -5 "$tmp/found" | tr '\n' ';')"
	fi
done
n=$($py count "$tmp/list" "$tmp/en.pdf.txt" "$tmp/en.html.txt" "$tmp/en.ods.txt")
expect "en: the control has at least 20 of the words ($n)" test "$n" -ge 20
expect "cy pdf: the population's basis in Welsh" grep -q 'people of pob oed' "$tmp/cy.pdf.txt"
expect "cy pdf: a date in Welsh" grep -q '31 Mawrth 2012' "$tmp/cy.pdf.txt"
expect "cy ods: the period in Welsh" grep -q '1 Ebrill 2011 i 31 Mawrth 2012' "$tmp/cy.ods.txt"
# a table longer than a page, in the board's achievements, is continued
mkdir "$tmp/long"
cp "$samples"/*.png "$samples"/*.jpg "$tmp/long/"
python3 - "$tmp/cyb/b.board.xml" "$tmp/long/b.board.xml" <<'EOF2'
import sys
s = open(sys.argv[1], encoding='utf-8').read()
a, b = s.index('<achievements>'), s.index('</achievements>')
rows = ''.join('<row><cell>Row %d</cell><cell>%d</cell></row>' % (i, i)
               for i in range(80))
open(sys.argv[2], 'w', encoding='utf-8').write(s[:a] + '<achievements>'
    '<table compare="no" title="Tabl hir"><column align="left"/>'
    '<column align="right"/>' + rows + '</table>' + s[b:])
EOF2
status "cy: a table longer than a page renders" 0 "$bin" render "$snap" --template "$tmp/cy.xml" \
    --board "$tmp/long/b.board.xml" -o "$tmp/long.pdf" &&
expect "cy pdf: a caption continued (parhad)" sh -c "pdftotext '$tmp/long.pdf' - | grep -q '^Tabl hir (parhad)$'"
expect "cy pdf: the colophon in Welsh" grep -q 'Cynhyrchwyd gan mappa-report' "$tmp/cy.pdf.txt"
expect "cy pdf: a chart's text alternative in Welsh" grep -q '^Siart bar' "$tmp/cy.pdf.txt"
expect "cy ods: the sheets' names" sh -c "grep -qx Clawr '$tmp/cy.ods.txt' && grep -qx Nodiadau '$tmp/cy.ods.txt'"

# Without a board file the report is a draft, and says so in Welsh.
status "cy: a draft renders" 0 "$bin" render "$samples/dorset-2012-13.xml" \
    --template "$tmp/cy.xml" -o "$tmp/draft.pdf" &&
expect "cy pdf: the draft's mark (Drafft)" sh -c \
    "pdftotext '$tmp/draft.pdf' - 2>/dev/null | grep -qx Drafft"

# The tags.
qpdf --json --json-key=qpdf "$tmp/cy.pdf" >"$tmp/cy.json" 2>/dev/null
qpdf --json --json-key=qpdf "$tmp/en.pdf" >"$tmp/en.json" 2>/dev/null
lang_of() {
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))["qpdf"][1]
print(" ".join(sorted({o["value"]["/Lang"] for o in d.values()
    if isinstance(o, dict) and isinstance(o.get("value"), dict) and
    o["value"].get("/Type") == "/Catalog" and "/Lang" in o["value"]})))' "$1"
}
expect "cy pdf: the catalog's /Lang is cy" test "$(lang_of "$tmp/cy.json")" = "u:cy"
expect "en pdf: the catalog's /Lang is en-GB" test "$(lang_of "$tmp/en.json")" = "u:en-GB"
qpdf --qdf --object-streams=disable "$tmp/cy.pdf" "$tmp/cy.qdf" 2>/dev/null
expect "cy pdf: XMP dc:language cy" grep -aq '<dc:language><rdf:Bag><rdf:li>cy</rdf:li>' "$tmp/cy.qdf"
if /usr/bin/python3 -c 'import pikepdf' 2>/dev/null; then
	expect "cy pdf: tagged and archival (check.py --lang=cy)" \
	    /usr/bin/python3 "$src/tests/pdfcheck/check.py" --lang=cy "$tmp/cy.pdf"
else
	echo "skip cy pdf: check.py needs python3-pikepdf"
fi
expect "cy html: <html lang=\"cy\">" grep -q '^<html lang="cy">$' "$tmp/cy.html"
expect "en html: <html lang=\"en-GB\">" grep -q '^<html lang="en-GB">$' "$tmp/en.html"
part() { python3 -c 'import sys, zipfile
sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())' "$@"; }
part "$tmp/cy.ods" meta.xml >"$tmp/cy.meta.xml"
part "$tmp/cy.ods" styles.xml >"$tmp/cy.styles.xml"
expect "cy ods: dc:language cy" grep -q '<dc:language>cy</dc:language>' "$tmp/cy.meta.xml"
expect "cy ods: the cells' language" grep -q 'fo:language="cy"' "$tmp/cy.styles.xml"

# A comparison's workbook: the program writes its titles and notes.
sed 's/<report version="1">/<report version="1" lang="cy">/' \
	"$src/templates/compare.xml" >"$tmp/cmp-cy.xml"
years=$(ls "$samples"/dorset-20??-??.xml)
$py words "$tmp/tables.tsv" "$tmp/cmp-cy.xml" $years >"$tmp/cmp-list"
status "cy: compare ods" 0 "$bin" compare --template "$tmp/cmp-cy.xml" \
    -o "$tmp/cmp.ods" $years &&
expect "cy: the comparison's text" sh -c "$py text '$tmp/cmp.ods' >'$tmp/cmp.txt'"
if $py check "$tmp/cmp-list" "$tmp/cmp.txt" >"$tmp/found"; then
	ok "cy: no English word of the program's in the comparison's ods"
else
	bad "cy: no English word of the program's in the comparison's ods" \
	    "$(head -5 "$tmp/found" | tr '\n' ';')"
fi
expect "cy: the comparison's sheets" grep -qx 'Tabl_1' "$tmp/cmp.txt"

# A paragraph, a section's title or a passage (<span lang>) in another
# language than the report's is tagged so: lang= in the HTML, /Lang on its
# structure element (a Span for the passage).
sed 's|<section title="Foreword">|<section title="Foreword" title-lang="en-GB"><p lang="en-GB">An English paragraph.</p><p>Mae’r <span lang="en-GB">National Probation Service</span> yn <b>gweithio</b>.</p>|' \
	"$tmp/cy.xml" >"$tmp/cy-p.xml"
for f in html pdf; do
	status "cy: render $f with English in it" 0 "$bin" render "$snap" \
	    --template "$tmp/cy-p.xml" --board "$tmp/cyb/b.board.xml" -o "$tmp/p.$f"
done
expect "cy html: the paragraph's lang" grep -q '<p lang="en-GB">An English paragraph.</p>' "$tmp/p.html"
expect "cy html: the heading's lang" grep -qE '<h2 id="[^"]*" lang="en-GB">([0-9.]+ )?Foreword</h2>' "$tmp/p.html"
qpdf --json --json-key=qpdf "$tmp/p.pdf" >"$tmp/p.json" 2>/dev/null
tagged() {
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))["qpdf"][1]
print(" ".join(sorted(o["value"]["/S"] for o in d.values()
    if isinstance(o, dict) and isinstance(o.get("value"), dict) and
    o["value"].get("/Lang") == "u:en-GB" and "/S" in o["value"])))' "$1"
}
# (the contents entry's title is a Span too: its number and its link's
# description, "..., tudalen 3", are the document's)
expect "cy pdf: /Lang en-GB on the heading, the paragraph, the passage and the contents entry's title" \
    test "$(tagged "$tmp/p.json")" = "/H1 /P /Span /Span"
expect "cy html: the passage's lang" grep -q 'Mae’r <span lang="en-GB">National Probation Service</span> yn <strong>gweithio</strong>.' "$tmp/p.html"
expect "cy pdf: the passage one Span, its words whole" sh -c \
    "pdfinfo -struct-text '$tmp/p.pdf' | grep -A1 'Span (inline)' | grep -q '\"National Probation Service \"'"
# The sample's English board in the Welsh edition: every slot is English,
# and so is everything made of its words, not only its paragraphs: its
# lists, tables, pictures, signatories and its headings' titles in the
# contents.  The statistical tables are the template's, and stay Welsh.
for f in html pdf; do
	status "cy: render $f with an English board" 0 "$bin" render "$snap" \
	    --template "$tmp/cy.xml" -o "$tmp/e.$f"
done
qpdf --json --json-key=qpdf "$tmp/e.pdf" >"$tmp/e.json" 2>/dev/null
for s in /L /Table /Figure /P /H2 /Span; do
	case " $(tagged "$tmp/e.json") " in
	*" $s "*) ok "cy pdf, English board: a $s tagged en-GB" ;;
	*) bad "cy pdf, English board: a $s tagged en-GB" ;;
	esac
done
expect "cy pdf, English board: no contents entry English (its link's words are Welsh)" \
    sh -c "! echo ' $(tagged "$tmp/e.json") ' | grep -q ' /TOCI '"
expect "cy pdf, English board: only the board's three tables are English" \
    test "$(tagged "$tmp/e.json" | tr ' ' '\n' | grep -c '^/Table$')" -eq 3
expect "cy pdf: a signatory's name and role read apart" sh -c \
    "pdfinfo -struct-text '$tmp/e.pdf' | grep -q '\"Alys Penhallow Assistant Chief Constable, Police, and Chair'"
for w in 'ul' 'ol' 'div class="logos"' 'div class="signatures"'; do
	expect "cy html, English board: <$w lang=\"en-GB\">" \
	    grep -q "<$w lang=\"en-GB\">" "$tmp/e.html"
done
expect "cy html, English board: a board's table English" \
    grep -q 'class="table-wrap".*aria-labelledby="table-1-caption" lang="en-GB"' "$tmp/e.html"
expect "cy html, English board: a statistical table not" \
    grep -q 'aria-labelledby="table-3-caption">' "$tmp/e.html"
expect "cy html, English board: its uncaptioned table named by the Welsh heading, in Welsh" \
    grep -q '<caption id="table-1-caption" class="vh"><span lang="cy">4 ' "$tmp/e.html"
finish
