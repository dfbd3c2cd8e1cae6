#!/usr/bin/env bash
# compare.sh: `mappa-report compare` on the Dorset series: the CSV and JSON
# against each year's `stats`, the trends PDF's figures read back, period
# order, the era notes, refusals (areas, duplicate periods, bad snapshots).
. "$(dirname "$0")/lib.sh"
samples=$src/samples
export MAPPA_TEMPLATE_DIR=$src/templates


years=(2010-11 2011-12 2012-13 2013-14 2016-17)
for y in "${years[@]}"; do
	"$bin" stats --format csv "$samples/dorset-$y.xml" >"$tmp/$y.csv"
done

# Arguments in a scrambled order: the columns come out in period order.
status "compare csv" 0 "$bin" compare --format csv -o "$tmp/t.csv" \
	"$samples/dorset-2016-17.xml" "$samples/dorset-2012-13.xml" \
	"$samples/dorset-2010-11.xml" "$samples/dorset-2013-14.xml" \
	"$samples/dorset-2011-12.xml"
expect "csv header: years in period order, then changes" test \
	"$(head -1 "$tmp/t.csv")" = "key,2010-11,2011-12,2012-13,2013-14,2016-17,change 2011-12,change 2012-13,change 2013-14,change 2016-17,pct 2011-12,pct 2012-13,pct 2013-14,pct 2016-17,note"
expect "csv has a row for every figure of stats" test \
	"$(tail -n +2 "$tmp/t.csv" | cut -d, -f1)" = "$(tail -n +2 "$tmp/2011-12.csv" | cut -d, -f1)"

# Every cell of every year against that year's stats.
col=2 mism=0
for y in "${years[@]}"; do
	if ! diff <(tail -n +2 "$tmp/t.csv" | cut -d, -f1,$col) \
	    <(tail -n +2 "$tmp/$y.csv") >/dev/null; then
		mism=$((mism + 1)); echo "     column $y differs from stats"
	fi
	col=$((col + 1))
done
expect "every csv value matches stats for its year" test "$mism" -eq 0

# Changes and percentages recomputed here, independently (awk, rounding
# halves away from zero), for the rows with no era note.
bad_rows=$(awk -F, 'NR > 1 && $2 ~ /^[0-9]+$/ && $NF == "" {
	for (i = 3; i <= 6; i++) {
		p = $(i - 1); d = $i - p
		if ($(i + 4) != d) print $1 " change " i ": " $(i + 4) " want " d
		if (p == 0) { if ($(i + 8) != "") print $1 " pct " i; continue }
		a = d < 0 ? -d : d
		t = int((2 * a * 1000 + p) / (2 * p))
		want = sprintf("%s%d.%d", d < 0 && t > 0 ? "-" : "", int(t / 10), t % 10)
		if ($(i + 8) != want) print $1 " pct " i ": " $(i + 8) " want " want
	}
}' "$tmp/t.csv")
expect "changes and percentages recomputed agree" test -z "$bad_rows"
[ -n "$bad_rows" ] && echo "$bad_rows" | head -5 | sed 's/^/     /'
expect "1: RSOs 545 -> 574 is +29, +5.3%" grep -q "^offenders.category1.total,545,574,605,641,757,29,31,36,116,5.3,5.4,6.0,18.1,$" "$tmp/t.csv"
expect "percentage where the previous year is 0 is empty" \
	grep -q "^revocations,0,0,2,4,3,0,2,2,-1,,,100.0,-25.0,$" "$tmp/t.csv"
expect "SOPO rows: no change across the era, with a note" grep -qE \
	'^orders.sopo,([0-9]+,){5}(-?[0-9]+,){3},(-?[0-9.]*,){3},orders changed \(SOPO to SHPO era\) between 2013-14 and 2016-17: not comparable$' "$tmp/t.csv"
expect "notification orders are comparable across the era" \
	grep -qE '^orders.notification_order,([^,]*,){12}[^,]+,$' "$tmp/t.csv"

status "compare json" 0 "$bin" compare --format json -o "$tmp/t.json" "$samples"/dorset-????-??.xml
if python3 - "$tmp/t.json" "$tmp/t.csv" <<'PY'
import csv, json, sys
j = json.load(open(sys.argv[1]))
rows = list(csv.reader(open(sys.argv[2])))
head, rows = rows[0], rows[1:]
years = j["years"]
assert years == head[1:6], years
assert len(rows) == len(j["rows"])
for r, o in zip(rows, j["rows"]):
    assert r[0] == o["key"]
    for k, y in enumerate(years):
        assert str(o["values"][y]) == r[1 + k], (r[0], y)
    for k, y in enumerate(years[1:]):
        c, p = o["change"][y], o["pct_change"][y]
        assert ("" if c is None else str(c)) == r[6 + k], (r[0], y)
        assert ("" if p is None else "%.1f" % p) == r[10 + k], (r[0], y, p)
    assert (o["note"] or "") == r[14]
PY
then ok "json is the same table as csv"; else bad "json is the same table as csv"; fi

# The trends PDF.
status "compare pdf" 0 "$bin" compare -o "$tmp/t.pdf" "$samples"/dorset-????-??.xml
expect "pdf: nothing on stderr" test ! -s "$tmp/err"
expect "pdf: qpdf --check" sh -c "qpdf --check '$tmp/t.pdf' >/dev/null 2>&1"
pdftotext -layout "$tmp/t.pdf" "$tmp/t.txt" 2>/dev/null
status "compare pdf again" 0 "$bin" compare -o "$tmp/t2.pdf" "$samples"/dorset-????-??.xml
expect "pdf: same inputs, same bytes" cmp -s "$tmp/t.pdf" "$tmp/t2.pdf"
expect "pdf: title" grep -q "Dorset MAPPA statistics, 2010/11 to 2016/17" "$tmp/t.txt"
expect "pdf: dated from the snapshots" sh -c "pdfinfo '$tmp/t.pdf' 2>/dev/null | grep -q 'CreationDate:.*2017'"
for y in "${years[@]}"; do
	sha=$(sha256sum "$samples/dorset-$y.xml" | cut -c1-64)
	expect "pdf: provenance of $y" grep -q "${y/-//}: snapshot SHA-256 $sha" "$tmp/t.txt"
done
expect "pdf: info entry Provenance" sh -c "grep -aq '/Provenance' '$tmp/t.pdf'"
expect "pdf: era note" grep -q "Not comparable across years" "$tmp/t.txt"
expect "pdf: gap noted" grep -q "There is no snapshot between 2013/14 and 2016/17" "$tmp/t.txt"
# One rounding rule in the report's own words; nothing about commands;
# the report's curly apostrophe; category 3 at level 1 a dash (issue 12).
expect "pdf: the report's rounding words" sh -c "tr '\n' ' ' <'$tmp/t.txt' | tr -s ' ' | grep -q 'a half is always rounded away from zero, so 2.25% is shown as 2.3%'"
expect "pdf: no percentage of a base under 10, as the report" sh -c "! grep -qE '^ *Category 1, level 3 .*%' '$tmp/t.txt'"
expect "pdf: no 'halves' wording of its own" sh -c "! grep -qi 'halves' '$tmp/t.txt'"
expect "pdf: no command named to the public" sh -c "! grep -q 'stats command' '$tmp/t.txt'"
expect "pdf: no straight apostrophe" sh -c "! grep -q \"'\" '$tmp/t.txt'"
expect "pdf: category 3 at level 1 is a dash, every year" \
	sh -c "grep -E '^ *Category 3, level 1 ' '$tmp/t.txt' | sed -E 's/^ *Category 3, level 1 +//' | tr -s ' ' '\n' | grep -vqx '–' && exit 1; grep -qE '^ *Category 3, level 1 +–' '$tmp/t.txt'"

# pdf_row LABEL-REGEX: the values of the five years from the first table
# row matching it (year, change, % columns: take the years).
pdf_row() {
	grep -m1 -E -- "$1" "$tmp/t.txt" | sed -E 's/^ +//; s/ {2,}/\t/g' |
	    cut -f2- | tr '\t' '\n' | sed 's/,//g' |
	    awk 'NR == 1 || (NR - 2) % 3 == 0' | tr '\n' ' ' | sed 's/ $//'
}
# check_pdf LABEL-REGEX KEY: the PDF row against stats of every year.
check_pdf() {
	local got want="" y
	got=$(pdf_row "$1")
	for y in "${years[@]}"; do
		want="$want $(grep -m1 "^$2," "$tmp/$y.csv" | cut -d, -f2)"
	done
	want=${want# }
	if [ "$got" = "$want" ]; then ok "pdf: '$1' reads $want"; else
		bad "pdf: '$1'" "PDF has '$got', stats '$want'"; fi
}
check_pdf "^ *Category 1, total " offenders.category1.total
check_pdf "^ *All categories, total " offenders.total.total
check_pdf "^ *RSOs per 100,000 people \(all ages\) " rso_per_100k
check_pdf "^ *RSOs wanted or missing " rso_wanted_or_missing.total
check_pdf "^ *RSOs cautioned or convicted for a breach " notification_breaches.rsos
check_pdf "^ *Population " population
check_pdf "^ *Revocations " revocations
check_pdf "^ *Notification orders " orders.notification_order
expect "pdf: change and % for RSOs in 2016/17" grep -qE "^ *Category 1, total +545 +574 +\+29 +\+5.3% .* 757 +\+116 +\+18.1%$" "$tmp/t.txt"
expect "pdf: SOPOs n/a across the era" grep -qE "^ *Sexual offences prevention orders \(SOPOs\) † .* n/a +n/a$" "$tmp/t.txt"
# Every figure of the PDF read back against stats (value, change and
# percentage change of every year), in the order compare.xml gives them;
# and every number of stats has its row there (not the version of the
# snapshot format, nor the rate to one decimal, which the reports omit).
expect "pdf: every figure, change and % read back" python3 "$src/tests/e2e/compare_figures.py" "$src/templates/compare.xml" "$tmp/t.txt" "$tmp/t.csv" 5
missing=$(awk -F, 'NR > 1 && $2 ~ /^[0-9]+$/ { print $1 }' "$tmp/2011-12.csv" |
	grep -vx -e snapshot_version -e rso_per_100k_1dp |
	while read -r k; do grep -q "key=\"$k\"" "$src/templates/compare.xml" || echo "$k"; done)
expect "compare.xml has a row for every figure of stats" test -z "$missing"
expect "pdf: five line charts" test "$(grep -cE '^ *(Registered sexual offenders living|RSOs per 100,000 population$|Offenders managed at level 2 or 3 during the year$|Breaches of notification requirements during|Offenders at level 2 or 3 returned to custody during the year$)' "$tmp/t.txt")" -ge 5
expect "pdf: no offender id" sh -c "! grep -qE 'DOR-[0-9]' '$tmp/t.txt'"

# The words are the template's: an edited copy changes the PDF and the
# ODS alike; a broken one is refused with its line, and nothing is written.
sed 's/>Category 1, total</>RSOs (category 1), all levels</; s/title="Offenders in custody on the last day of the year"/title="In custody on 31 March"/' \
	"$src/templates/compare.xml" >"$tmp/mine.xml"
status "compare --template: pdf" 0 "$bin" compare --template "$tmp/mine.xml" -o "$tmp/mine.pdf" "$samples"/dorset-????-??.xml
pdftotext -layout "$tmp/mine.pdf" "$tmp/mine.txt" 2>/dev/null
expect "pdf: the template's own label" grep -qE "^ *RSOs \(category 1\), all levels +545 " "$tmp/mine.txt"
expect "pdf: the template's own title" grep -q "^ *In custody on 31 March" "$tmp/mine.txt"
status "compare --template: ods" 0 "$bin" compare --template "$tmp/mine.xml" -o "$tmp/mine.ods" "$samples"/dorset-????-??.xml
python3 -c 'import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read("content.xml").decode())' "$tmp/mine.ods" >"$tmp/mine.content.xml"
expect "ods: the template's own label" grep -q 'RSOs (category 1), all levels' "$tmp/mine.content.xml"
expect "ods: the template's own title" grep -q 'Table 2. In custody on 31 March, 2010/11 to 2016/17' "$tmp/mine.content.xml"
sed 's/key="in_custody.category1"/key="in_custody.category9"/' "$src/templates/compare.xml" >"$tmp/broken.xml"
echo precious >"$tmp/keep.pdf"
status "compare: a broken template: 65" 65 "$bin" compare --template "$tmp/broken.xml" -o "$tmp/keep.pdf" "$samples"/dorset-????-??.xml
expect "names the template's line" grep -qE "broken.xml:[0-9]+: error: unknown figure 'in_custody.category9'" "$tmp/err"
expect "existing output untouched" test "$(cat "$tmp/keep.pdf")" = precious
status "compare: a template that is not there: 66" 66 "$bin" compare --template "$tmp/none.xml" -o "$tmp/keep.pdf" "$samples"/dorset-????-??.xml

# Refusals.
status "one snapshot: usage" 64 "$bin" compare -o "$tmp/x.csv" "$samples/dorset-2011-12.xml"
status "no -o: usage" 64 "$bin" compare "$samples/dorset-2011-12.xml" "$samples/dorset-2012-13.xml"
status "bad format: usage" 64 "$bin" compare --format xml -o "$tmp/x" "$samples/dorset-2011-12.xml" "$samples/dorset-2012-13.xml"
status "same year twice: refused" 65 "$bin" compare -o "$tmp/x.csv" --format csv "$samples/dorset-2011-12.xml" "$samples/dorset-2011-12.xml"
expect "says why" grep -q "cover the same days" "$tmp/err"
sed 's/area="Dorset"/area="Kent"/' "$samples/dorset-2012-13.xml" >"$tmp/kent.xml"
status "two areas: refused" 65 "$bin" compare -o "$tmp/x.csv" --format csv "$samples/dorset-2011-12.xml" "$tmp/kent.xml"
expect "names both" grep -q "is of Dorset but .*kent.xml is of Kent; .*--any-area" "$tmp/err"
expect "nothing written" test ! -e "$tmp/x.csv"
status "two areas with --any-area" 0 "$bin" compare --any-area -o "$tmp/x.csv" --format csv "$samples/dorset-2011-12.xml" "$tmp/kent.xml"
expect "both areas in the area row" grep -q "^area,Dorset,Kent," "$tmp/x.csv"
echo precious >"$tmp/keep.csv"
status "invalid snapshot: 65" 65 "$bin" compare -o "$tmp/keep.csv" "$samples/dorset-2011-12.xml" "$src/tests/data/snapshot/off-category-4.xml"
expect "names the file" grep -q "off-category-4.xml:6: error" "$tmp/err"
expect "existing output untouched" test "$(cat "$tmp/keep.csv")" = precious
status "missing snapshot: 66" 66 "$bin" compare -o "$tmp/x.pdf" "$samples/dorset-2011-12.xml" "$tmp/none.xml"
status "unwritable output: 73" 73 "$bin" compare -o "$tmp/no/such/dir.csv" --format csv "$samples/dorset-2011-12.xml" "$samples/dorset-2012-13.xml"

finish
