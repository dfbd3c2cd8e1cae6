#!/usr/bin/env bash
# fit.sh: what does not fit (issue 20).  A word too wide for its column is
# a warning naming the board file's line in a draft and an error with
# --final (exit 65, an existing report left alone); what can't be placed
# at all (a bar chart taller than a page) is an error in any report; a
# table that fits on a page is never split (Table 1 of the Dorset 2011/12
# sample moves whole); across 1 April 2015 the returns-to-custody row for
# breaches of an order holds both years' figures under one label.
. "$(dirname "$0")/lib.sh"
samples=$src/samples
mkdir "$tmp/b"
cp "$samples"/*.png "$samples"/*.jpg "$tmp/b/"

# board FILE BODY: the 2011/12 board file, its achievements slot BODY.
board() {
	python3 - "$samples/dorset-2011-12.board.xml" "$1" "$2" <<'EOF'
import sys
s = open(sys.argv[1], encoding='utf-8').read()
a, b = s.index('<achievements>'), s.index('</achievements>')
open(sys.argv[2], 'w', encoding='utf-8').write(
    s[:a] + '<achievements>\n' + sys.argv[3] + '\n' + s[b:])
EOF
}

# ------------------------------------------------------------------
# A word wider than its column: broken between characters in a draft.
board "$tmp/b/wide.board.xml" '<p>Before the table.</p>
<table compare="no"><column align="left" width="40"/><column align="left"/>
<head><row><cell>A</cell><cell>B</cell></row></head>
<row><cell>Wordthatisfartoolongforitscolumn</cell><cell>text</cell></row></table>'
line=$(grep -n '<head>' "$tmp/b/wide.board.xml" | cut -d: -f1)
status "a word too wide: a draft renders" 0 "$bin" render "$samples/dorset-2011-12.xml" --board "$tmp/b/wide.board.xml" -o "$tmp/draft.pdf" &&
expect "a warning naming the board file's line $line" grep -q "wide.board.xml:$line: warning: a table's column 1 of 2 is 40.0 pt wide" "$tmp/err"
# every letter of it is there, in its cell, in pieces (a draft's flaw)
# (its text read from the cell's element and the Spans of its hyphenated
# pieces inside it, hyphens and spaces dropped)
expect "the word is there, broken" sh -c "pdfinfo -struct-text '$tmp/draft.pdf' |
    awk '/^ *TH:/ { t = \"\" } /^ *\"/ { t = t \$0 } /^ *TD/ { print t }' |
    tr -d ' \"-' | grep -qx 'Wordthatisfartoolongforitscolumn'"
echo old >"$tmp/final.pdf"
status "--final refuses it: 65" 65 "$bin" render "$samples/dorset-2011-12.xml" --board "$tmp/b/wide.board.xml" --final -o "$tmp/final.pdf" &&
expect "an error naming the line" grep -q "wide.board.xml:$line: error: a table's column 1 of 2" "$tmp/err"
expect "says why: --final" grep -q "^mappa-report: --final: a final report is made only without the flaws" "$tmp/err"
expect "the old report left alone" test "$(cat "$tmp/final.pdf")" = old
expect "no temporary file left" test -z "$(find "$tmp" -maxdepth 1 -name '.final.pdf*' -o -maxdepth 1 -name 'final.pdf.*')"
status "the sample's own board file: --final renders" 0 "$bin" render "$samples/dorset-2011-12.xml" --final -o "$tmp/ok.pdf"

# ------------------------------------------------------------------
# A bar chart of a hundred bars: taller than a page, it can't be split or
# scaled (its bars would be unreadable), so no report, draft or final.
cats='' vals=''
for i in $(seq 1 50); do
	cats+="<category label=\"c$i\"/>"
	vals+='<value key="offenders.total.total"/>'
done
board "$tmp/b/bars.board.xml" "<p>Before the chart.</p>
<chart type=\"bar\" title=\"A hundred bars\">$cats<series name=\"one\">$vals</series><series name=\"two\">$vals</series></chart>"
line=$(grep -n '<chart' "$tmp/b/bars.board.xml" | cut -d: -f1)
status "a chart taller than a page: refused, 65" 65 "$bin" render "$samples/dorset-2011-12.xml" --board "$tmp/b/bars.board.xml" -o "$tmp/bars.pdf" &&
expect "naming the board file's line $line and what to do" grep -q "bars.board.xml:$line: error: a chart [0-9.]* pt tall does not fit on a page (697.9 pt) and can't be split: give it fewer" "$tmp/err"
expect "nothing written" test ! -e "$tmp/bars.pdf"
# The HTML edition has no pages: the chart is all there, as a figure.
status "the HTML edition, without pages, renders" 0 "$bin" render "$samples/dorset-2011-12.xml" --board "$tmp/b/bars.board.xml" -o "$tmp/bars.html" &&
expect "with all hundred bars" test "$(grep -o '<td class="num">853</td>' "$tmp/bars.html" | wc -l)" -ge 100

# ------------------------------------------------------------------
# Tables that fit on a page are never split: in every sample, no table is
# continued, and Table 1 of 2011/12 (split before, one row and its total
# alone after "(continued)") is whole on one page.
for xml in "$samples"/dorset-????-??.xml; do
	name=$(basename "$xml" .xml)
	status "$name: renders" 0 "$bin" render "$xml" -o "$tmp/$name.pdf" &&
	expect "$name: no table continued" test "$(pdftotext "$tmp/$name.pdf" - | grep -c '(continued)')" -eq 0
done
n=0
for p in $(seq 1 "$(pdfinfo "$tmp/dorset-2011-12.pdf" | awk '/^Pages:/ { print $2 }')"); do
	t=$(pdftotext -f "$p" -l "$p" "$tmp/dorset-2011-12.pdf" -)
	if grep -q '^Table 1\. MAPPA-eligible' <<<"$t"; then
		n=$((n + 1))
		expect "Table 1 on page $p with its Total" grep -q '^Total$' <<<"$t"
	fi
done
expect "Table 1 on one page ($n)" test "$n" -eq 1

# ------------------------------------------------------------------
# --previous across 1 April 2015: the row of returns for breaching an
# order counts the same thing in both eras (the register's breach-of-order
# covers SOPOs, SHPOs, SROs and RSHOs), so it is labelled for both, with
# both years' figures and their change, as stats gives them.  A report of
# one era alone names that era's orders only.
status "--previous across 2015: renders" 0 "$bin" render "$samples/dorset-2016-17.xml" --previous "$samples/dorset-2013-14.xml" -o "$tmp/prev.pdf" &&
pdftotext -layout "$tmp/prev.pdf" "$tmp/prev.txt"
was=$("$bin" stats "$samples/dorset-2013-14.xml" | python3 -c 'import json,sys; print(json.load(sys.stdin)["returned_to_custody"]["breach_of_order"]["total"]["total"])')
now=$("$bin" stats "$samples/dorset-2016-17.xml" | python3 -c 'import json,sys; d=json.load(sys.stdin)["returned_to_custody"]["breach_of_order"]["total"]; print(d["level2"], d["level3"], d["total"])')
read -r l2 l3 tot <<<"$now"
change=$((tot - was))
[ "$change" -gt 0 ] && change=+$change
expect "the row labelled for both eras, figures $l2 $l3, $was then $tot, change $change" \
    grep -Eq "^For a breach of a SOPO, an +$l2 +$l3 +$was +$tot +${change//+/\\+}\$" "$tmp/prev.txt"
expect "the label goes on: SHPO or an SRO" grep -q '^SHPO or an SRO$' "$tmp/prev.txt"
pdftotext -layout "$tmp/dorset-2016-17.pdf" "$tmp/one.txt"
expect "2016/17 alone: the SHPO era's label" grep -Eq '^For a breach of an SHPO or an SRO +[0-9]' "$tmp/one.txt"
expect "2016/17 alone: no SOPO" test "$(grep -c SOPO "$tmp/one.txt")" -eq 0
expect "SOPO in the glossary" grep -q '^SOPO *Sexual offences prevention order' "$tmp/prev.txt"
finish
