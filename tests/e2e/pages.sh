#!/bin/bash
# pages.sh: typesetting read back from the PDF: body size and measure,
# running headers that would overlap, characters the font lacks, table
# text in columns too narrow, tables kept whole, sections on a new page
# (issues 12 and 16).  Each check failed before its fix.
. "$(dirname "$0")/lib.sh"
export MAPPA_TEMPLATE_DIR=$src/templates
s11=$src/samples/dorset-2011-12.xml
s16=$src/samples/dorset-2016-17.xml
filter() { grep -v "Invalid 'begincidrange' operator in ToUnicode CMap"; }
# The font size of most of the strings a PDF's content streams show: its
# body text.  A size is set once (Tf) for the strings after it.
bodysize() {
	qpdf --qdf --object-streams=disable "$1" - 2>/dev/null |
	    awk '/ Tf$/ { size = $(NF - 1) } / Tj$/ { print size }' |
	    sort | uniq -c | sort -rn | awk 'NR == 1 { print $2 }'
}
# The median length of the text's lines of 40 characters or more.
measure() {
	pdftotext "$1" - 2>/dev/null | awk 'length($0) >= 40 { print length($0) }' |
	    sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

# Type for the public: 12 pt body (UK clear print), about 87 characters.
for s in "$s11" "$s16"; do
	n=$(basename "$s" .xml)
	if status "$n: renders" 0 "$bin" render "$s" -o "$tmp/$n.pdf"; then
		size=$(bodysize "$tmp/$n.pdf")
		expect "$n: body text at least 11 pt ($size)" \
		    awk -v s="${size:-0}" 'BEGIN { exit !(s >= 11) }'
		m=$(measure "$tmp/$n.pdf")
		expect "$n: measure at most 90 characters ($m)" \
		    test "${m:-999}" -le 90
	fi
done

# A long area name: the left running header is cut with an ellipsis and
# a warning, never run into the right one.
long="The Combined Police, Probation and Prison Service Area of North East Lincolnshire and the Humber Estuary"
sed "s/area=\"Dorset\"/area=\"$long\"/" "$s11" > "$tmp/long.xml"
if status "long area name: renders with a warning" 0 \
    "$bin" render "$tmp/long.xml" -o "$tmp/long.pdf"; then
	expect "long area name: warning: running header cut" \
	    grep -q "warning: the running header is wider than the page" "$tmp/err"
	expect "long area name: no error" sh -c "! grep -q 'error:' '$tmp/err'"
	pdftotext -f 2 -l 2 -layout "$tmp/long.pdf" - 2>&1 | filter | head -3 > "$tmp/head.txt"
	expect "long area name: header ends in an ellipsis" grep -q "…" "$tmp/head.txt"
	expect "long area name: right header whole" \
	    grep -q "Multi-Agency Public Protection Arrangements" "$tmp/head.txt"
fi

# A template: a character outside the BMP, a soft hyphen, a 5 pt column
# and 16 automatic ones, a table kept whole, a section on a new page.
cells=$(for i in $(seq 16); do printf '<cell>Responsibilities</cell>'; done)
cols=$(for i in $(seq 16); do printf '<column/>'; done)
cat > "$tmp/t.xml" <<EOT
<?xml version="1.0" encoding="UTF-8"?>
<report version="1">
  <meta><title>{area} figures</title></meta>
  <section title="One">
    <p>A face 😀 the font lacks.</p>
    <p>Multi­agency public protection arrangements.</p>
    <table title="Narrow">
      <column width="5"/><column/>
      <row><cell>Category</cell><cell>Level 1 offenders</cell></row>
    </table>
    <table title="Wide">
      $cols
      <row>$cells</row>
    </table>
    <space height="420"/>
    <table title="Kept whole" keep="yes">
      <column/><column align="right"/>
      <row><cell>Row one</cell><cell>1</cell></row><row><cell>Row two</cell><cell>2</cell></row>
      <row><cell>Row three</cell><cell>3</cell></row><row><cell>Row four</cell><cell>4</cell></row>
      <row><cell>Row five</cell><cell>5</cell></row><row><cell>Row six</cell><cell>6</cell></row>
      <row><cell>Row seven</cell><cell>7</cell></row><row><cell>Row eight</cell><cell>8</cell></row>
      <row><cell>Row nine</cell><cell>9</cell></row><row><cell>Row ten</cell><cell>10</cell></row>
    </table>
  </section>
  <section title="Two" new-page="yes">
    <p>Second section.</p>
  </section>
</report>
EOT
if status "template: renders, exit 0" 0 "$bin" render "$s11" --template "$tmp/t.xml" -o "$tmp/t.pdf"; then
	expect "template: U+1F600 warned of with its line" \
	    grep -q "t.xml:5: warning: no glyph for U+1F600" "$tmp/err"
	expect "template: no error: line with exit 0" sh -c "! grep -q 'error:' '$tmp/err'"
	expect "template: narrow columns warned of" grep -q "warning: .*column" "$tmp/err"
	pdftotext -raw "$tmp/t.pdf" "$tmp/t.txt" 2>&1 | filter
	expect "template: narrow cell text set, not dropped" \
	    sh -c "tr -d '\n -' < '$tmp/t.txt' | grep -q 'CategoryLevel1offenders'"
	expect "template: every wide cell set" \
	    test "$(tr -d '\n -' < "$tmp/t.txt" | grep -o Responsibilities | wc -l)" -ge 16
	expect "template: soft hyphen not printed" \
	    sh -c "grep -q 'Multiagency' '$tmp/t.txt' || grep -q '^Multi-$' '$tmp/t.txt'"
	pdftotext -f 1 -l 1 "$tmp/t.pdf" - 2>/dev/null > "$tmp/p1.txt"
	pdftotext -f 2 -l 2 "$tmp/t.pdf" - 2>/dev/null > "$tmp/p2.txt"
	pdftotext -f 3 -l 3 "$tmp/t.pdf" - 2>/dev/null > "$tmp/p3.txt"
	expect "template: kept table not split (page 1 has none of it)" \
	    sh -c "! grep -q 'Row one\|Kept whole' '$tmp/p1.txt'"
	expect "template: kept table whole on page 2" \
	    sh -c "grep -q 'Row one' '$tmp/p2.txt' && grep -q 'Row ten' '$tmp/p2.txt'"
	expect "template: new-page section starts page 3" \
	    sh -c "grep -q '^2 *Two' '$tmp/p3.txt' && ! grep -q 'Two' '$tmp/p2.txt'"
fi
# A template's <style> moves the blocks: 100 pt above level 1 headings
# instead of 18.
style() {
	cat > "$tmp/style$1.xml" <<EOT
<?xml version="1.0" encoding="UTF-8"?>
<report version="1">
  <meta><title>{area}</title></meta>
  $2
  <section title="One"><p>First.</p></section>
  <section title="Two"><p>Second.</p></section>
</report>
EOT
	"$bin" render "$s11" --template "$tmp/style$1.xml" -o "$tmp/style$1.pdf" 2>/dev/null &&
	    pdftotext -bbox "$tmp/style$1.pdf" - 2>/dev/null | grep '>Second\.<' |
	    sed 's/.*yMin="\([0-9.]*\)".*/\1/'
}
y0=$(style 0 "")
y1=$(style 1 '<style heading-space-1="100"/>')
expect "style: heading-space-1 moves the second section down 82 pt ($y0, $y1)" \
    awk -v a="${y0:-0}" -v b="${y1:-0}" 'BEGIN { d = b - a; exit !(a > 0 && d > 81 && d < 83) }'
finish
