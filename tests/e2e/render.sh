#!/usr/bin/env bash
# render.sh: `mappa-report render` end to end: the figures read back from
# the PDF against `stats`, the era's template, reproducibility, provenance,
# privacy, --previous, atomic output, and the template error cases of
# tests/data/template (NAME.xml with its expected NAME.err).
. "$(dirname "$0")/lib.sh"
samples=$src/samples
export MAPPA_TEMPLATE_DIR=$src/templates
unset SOURCE_DATE_EPOCH

# poppler prints libharu's harmless ToUnicode warning on every file.
text() { pdftotext -layout "$1" - 2>/dev/null; }
no_temp() { [ -z "$(find "$1" -name '.*.??????' 2>/dev/null)" ]; }

# render OUT ARGS...: run render, keep stderr in $tmp/err; return status.
render() {
	local out=$1
	shift
	"$bin" render "$@" -o "$out" 2>"$tmp/err"
}

# The figures at the end of the first line of the PDF text matching a
# pattern, separators removed ("1,234" -> 1234).
row() {
	# Columns are two or more spaces apart: drop the label, keep figures.
	grep -m1 -E -- "$2" "$1" | sed -E 's/^ +//; s/ {2,}/\t/g' |
	    cut -f2- | tr '\t' '\n' | grep -v '^–$' | sed 's/,//g' |
	    tr '\n' ' ' | sed 's/ $//'
}
# The figures of `stats --format csv` for keys, space-separated.
figs() {
	local csv=$1 k out=""
	shift
	for k in "$@"; do
		out="$out $(grep -m1 "^$k," "$csv" | cut -d, -f2)"
	done
	echo "${out# }"
}
# check_row SAMPLE TXT CSV LABEL-PATTERN KEYS...
check_row() {
	local name=$1 txt=$2 csv=$3 pat=$4 got want
	shift 4
	got=$(row "$txt" "$pat")
	want=$(figs "$csv" "$@")
	if [ "$got" = "$want" ]; then
		ok "$name: '$pat' reads $want"
	else
		bad "$name: '$pat'" "PDF has '$got', stats '$want'"
	fi
}

# ------------------------------------------------------------------
# The 2011-12 sample: the published figures, where the report has them.

s11=$samples/dorset-2011-12.xml
if render "$tmp/a.pdf" "$s11"; then ok "2011-12 renders"; else
	bad "2011-12 renders" "$(head -3 "$tmp/err")"; fi
text "$tmp/a.pdf" >"$tmp/a.txt"
expect "2011-12: 574 RSOs in the community on 31 March" \
	grep -qE 'RSOs living in Dorset on 31 March 2012 \(snapshot\) +574$' "$tmp/a.txt"
expect "2011-12: 14 RSOs cautioned or convicted for breach" \
	grep -qE 'breach of notification requirements \(year\) +14$' "$tmp/a.txt"
expect "2011-12: 2 level 2 offenders returned to custody" \
	grep -qE 'For a breach of licence +2 +0 +2$' "$tmp/a.txt"
expect "2011-12: 5 RSOs wanted or missing" \
	grep -qE 'RSOs wanted or missing on 31 March 2012 \(snapshot\) +5$' "$tmp/a.txt"
expect "2011-12: 77 RSOs per 100,000" \
	grep -qE 'RSOs per 100,000 people of all ages .* +77$' "$tmp/a.txt"
expect "2011-12: dates written out" grep -q "1 April 2011 to 31 March 2012" "$tmp/a.txt"
expect "2011-12: SOPO-era template" grep -q "Interim SOPOs" "$tmp/a.txt"
expect "2011-12: nothing on stderr" test ! -s "$tmp/err"
expect "2011-12: qpdf --check" qpdf --check "$tmp/a.pdf" >/dev/null 2>&1
expect "2011-12: A4" sh -c "pdfinfo '$tmp/a.pdf' 2>/dev/null | grep -q '(A4)'"
expect "2011-12: serif fonts embedded" sh -c \
	"pdffonts '$tmp/a.pdf' 2>/dev/null | grep -q 'LiberationSerif.*yes'"

render "$tmp/b.pdf" "$s11"
expect "same snapshot, same bytes" cmp -s "$tmp/a.pdf" "$tmp/b.pdf"

# ------------------------------------------------------------------
# Every sample in its era's template, every table row against stats.

for xml in "$samples"/*.xml; do
	case $xml in *.board.xml) continue ;; esac	# a board file: board.sh
	n=$(basename "$xml" .xml)
	if ! render "$tmp/$n.pdf" "$xml"; then
		bad "$n renders" "$(head -3 "$tmp/err")"; continue; fi
	ok "$n renders"
	text "$tmp/$n.pdf" >"$tmp/$n.txt"
	"$bin" stats --format csv "$xml" >"$tmp/$n.csv"
	start=$(grep '^period.start,' "$tmp/$n.csv" | cut -d, -f2)
	if [[ $start > 2015-03-31 ]]; then
		expect "$n: SHPO-era template" grep -q "Interim SHPOs" "$tmp/$n.txt"
		expect "$n: no SOPO table" sh -c "! grep -q 'Interim SOPOs' '$tmp/$n.txt'"
	else
		expect "$n: SOPO-era template" grep -q "Interim SOPOs" "$tmp/$n.txt"
	fi
	f=$tmp/$n.txt c=$tmp/$n.csv
	for k in 1 2; do
		check_row "$n" "$f" "$c" "^ *Category $k: [a-z ]+offenders +[0-9]" \
			offenders.category$k.level1 offenders.category$k.level2 \
			offenders.category$k.level3 offenders.category$k.total
	done
	check_row "$n" "$f" "$c" "^ *Category 3: other dangerous offenders +–" \
		offenders.category3.level2 offenders.category3.level3 \
		offenders.category3.total
	check_row "$n" "$f" "$c" "^ *Total +[0-9,]+ +[0-9,]+ +[0-9,]+ +[0-9,]+$" \
		offenders.total.level1 offenders.total.level2 \
		offenders.total.level3 offenders.total.total
	check_row "$n" "$f" "$c" "RSOs living in $(grep "^area," "$c" | cut -d, -f2)" \
		offenders.category1.total
	check_row "$n" "$f" "$c" "RSOs per 100,000" rso_per_100k
	check_row "$n" "$f" "$c" "breach of notification requirements \(year\)" \
		notification_breaches.rsos
	check_row "$n" "$f" "$c" "RSOs wanted or missing on" rso_wanted_or_missing.total
	check_row "$n" "$f" "$c" "Notification orders imposed" orders.notification_order
	if [[ $start > 2015-03-31 ]]; then
		check_row "$n" "$f" "$c" "^ *Sexual harm prevention orders \\(SHPOs\\)" orders.shpo
		check_row "$n" "$f" "$c" "^ *Interim SHPOs" orders.interim_shpo
		check_row "$n" "$f" "$c" "foreign travel restrictions \(year\)" \
			orders.shpo_foreign_travel
		check_row "$n" "$f" "$c" "SROs imposed by the courts on category 1" orders.sro
	else
		check_row "$n" "$f" "$c" "^ *Full sexual offences prevention" orders.sopo
		check_row "$n" "$f" "$c" "^ *Interim SOPOs" orders.interim_sopo
		check_row "$n" "$f" "$c" "^ *Foreign travel orders imposed" orders.fto
	fi
	for k in 1 2 3; do
		check_row "$n" "$f" "$c" "^ *Category $k +[0-9]+ +[0-9]+ +[0-9]+$" \
			level2_3_in_period.category$k.level2 \
			level2_3_in_period.category$k.level3 \
			level2_3_in_period.category$k.total
	done
	check_row "$n" "$f" "$c" "^ *For a breach of licence" \
		returned_to_custody.breach_of_licence.total.level2 \
		returned_to_custody.breach_of_licence.total.level3 \
		returned_to_custody.breach_of_licence.total.total
	check_row "$n" "$f" "$c" "^ *For a breach of an? S" \
		returned_to_custody.breach_of_order.total.level2 \
		returned_to_custody.breach_of_order.total.level3 \
		returned_to_custody.breach_of_order.total.total
	check_row "$n" "$f" "$c" "^ *Category 1 +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+$" \
		sfo_charges.category1.level1 sfo_charges.category1.level2 \
		sfo_charges.category1.level3 sfo_charges.category1.total

	# Provenance: the line at the end and the PDF's info.
	ssha=$(sha256sum "$xml" | cut -d' ' -f1)
	tname=england-wales-sopo.xml
	[[ $start > 2015-03-31 ]] && tname=england-wales-shpo.xml
	tsha=$(sha256sum "$src/templates/$tname" | cut -d' ' -f1)
	expect "$n: provenance line names the snapshot's SHA-256" \
		grep -qE "^ *snapshot SHA-256 $ssha" "$f"
	expect "$n: provenance line names the template's SHA-256" \
		grep -qE "^ *template SHA-256 $tsha" "$f"
	expect "$n: PDF info records both and the version" sh -c \
		"pdfinfo -custom '$tmp/$n.pdf' 2>/dev/null | grep -q 'Provenance: *mappa-report [0-9.]*; snapshot sha256 $ssha; template sha256 $tsha'"

	# Privacy: no offender id of the snapshot, in the text or the bytes
	# (streams uncompressed by qpdf).
	grep -o ' id="[^"]*"' "$xml" | sed 's/ id="//; s/"$//' >"$tmp/ids"
	qpdf --qdf --object-streams=disable "$tmp/$n.pdf" "$tmp/$n.qdf" 2>/dev/null
	if [ ! -s "$tmp/ids" ]; then
		bad "$n: privacy" "no ids found in the sample"
	elif grep -q -F -w -f "$tmp/ids" "$f"; then
		bad "$n: no offender id in the text" "$(grep -o -F -w -f "$tmp/ids" "$f" | head -1)"
	elif grep -a -q -F -f "$tmp/ids" "$tmp/$n.pdf" "$tmp/$n.qdf"; then
		bad "$n: no offender id in the bytes"
	else
		ok "$n: none of $(wc -l <"$tmp/ids") offender ids in text or bytes"
	fi
done

# ------------------------------------------------------------------
# Dates: from the snapshot, or SOURCE_DATE_EPOCH; never the clock.

expect "creation date from the snapshot's export" sh -c \
	"pdfinfo '$tmp/a.pdf' 2>/dev/null | grep -q 'CreationDate: .*Apr  3 09:15:00 2012'"
SOURCE_DATE_EPOCH=1700000000 render "$tmp/sde.pdf" "$s11"
expect "SOURCE_DATE_EPOCH sets the creation date" sh -c \
	"pdfinfo '$tmp/sde.pdf' 2>/dev/null | grep -q 'CreationDate: .*Nov 14 22:13:20 2023'"
SOURCE_DATE_EPOCH=1700000000 render "$tmp/sde2.pdf" "$s11"
expect "SOURCE_DATE_EPOCH: same bytes again" cmp -s "$tmp/sde.pdf" "$tmp/sde2.pdf"
SOURCE_DATE_EPOCH=yesterday render "$tmp/sde3.pdf" "$s11"
expect "bad SOURCE_DATE_EPOCH: 65" test $? -eq 65

# ------------------------------------------------------------------
# The bar chart: category 3 has no level 1, a dash with no bar, not 0
# (issue 12 item 15).
text "$tmp/a.pdf" | grep -A1 -E '^ *Category 3$' >"$tmp/c3.txt"
expect "chart: category 3 level 1 is a dash, not 0" \
	grep -qE '^ *Level 1 +–$' "$tmp/c3.txt"

# ------------------------------------------------------------------
# --previous: a previous-year column and the change.

render "$tmp/p.pdf" "$samples/dorset-2012-13.xml" --previous "$s11"
expect "--previous renders" test $? -eq 0
text "$tmp/p.pdf" >"$tmp/p.txt"
# in time order, as compare: previous | current | change (issue 12 item 15)
expect "--previous: columns in time order, each headed with its year" \
	grep -qE '^ *Category +2011/12 +2012/13 +Change$' "$tmp/p.txt"
expect "--previous: category 1 with its change" \
	grep -qE '^ *Category 1 +574 +605 +\+31 \(\+5\.4%\)$' "$tmp/p.txt"
expect "--previous: RSO table gains the columns" \
	grep -qE 'RSOs living in Dorset on 31 March 2013( \(snapshot\))? +574 +605 +\+31 \(\+5\.4%\)$' "$tmp/p.txt"
expect "--previous: a table with a Total column heads both with their years" \
	sh -c "grep -A1 -E '^ *Category +Level 2 +Level 3 +Total +Total +Change$' '$tmp/p.txt' | grep -qE '^ +2011/12 +2012/13$'"
expect "--previous: previous, current and change of table 3 on one line" \
	grep -qE '^ *Category 1 +27 +3 +26 +30 +\+4 \(\+15\.4%\)$' "$tmp/p.txt"
expect "--previous: the text speaks of the change" \
	sh -c "tr '\n' ' ' <'$tmp/p.txt' | tr -s ' ' | grep -q 'the number of RSOs living in the community rose by 31 (5.4%)'"
expect "--previous: provenance names the previous snapshot" \
	grep -qE "^ *previous year’s snapshot SHA-256 $(sha256sum "$s11" | cut -d' ' -f1)" "$tmp/p.txt"
expect "without --previous: no change column" \
	sh -c "! grep -q 'Change' '$tmp/a.txt'"

# ------------------------------------------------------------------
# Errors: statuses, messages, nothing left behind, old report untouched.

mkdir "$tmp/out"
echo "old report" >"$tmp/out/r.pdf"
render "$tmp/out/r.pdf" "$s11" --template "$tmp/none.xml"
expect "missing template: 66" test $? -eq 66
expect "missing template: says why" grep -q "cannot read template .*none.xml: No such file" "$tmp/err"
render "$tmp/out/r.pdf" "$s11" --template no-such-name
expect "unknown template name: 66" test $? -eq 66
render "$tmp/out/r.pdf" "$s11" --previous "$tmp/none.xml"
expect "missing previous snapshot: 66" test $? -eq 66
render "$tmp/out/r.pdf" "$tmp/none.xml"
expect "missing snapshot: 66" test $? -eq 66
render "$tmp/out/r.pdf" "$src/tests/data/snapshot/off-category-4.xml"
expect "invalid snapshot: 65" test $? -eq 65
render "$tmp/out/r.pdf" "$s11" --template "$src/tests/data/template/unknown-placeholder.xml"
expect "invalid template: 65" test $? -eq 65
render "$tmp/out/r.pdf" "$s11" --template "$src/tests/data/template/previous-unguarded.xml"
expect "previous.* without --previous: 65" test $? -eq 65
expect "the old report is untouched" grep -qx "old report" "$tmp/out/r.pdf"
expect "no temporary file left" no_temp "$tmp/out"
render "$tmp/out/r.pdf" "$s11" --template england-wales-shpo
expect "--template by name" test $? -eq 0
expect "the report replaced the old one" sh -c "head -c5 '$tmp/out/r.pdf' | grep -q '%PDF-'"
render "$tmp/nodir/r.pdf" "$s11"
expect "output directory missing: 73" test $? -eq 73
if [ -w /dev/full ]; then
	render /dev/full "$s11"
	expect "write failure (/dev/full): 73" test $? -eq 73
fi
"$bin" render "$s11" >/dev/null 2>&1
expect "no -o: usage error 64" test $? -eq 64

# ------------------------------------------------------------------
# Template error cases: exact diagnostics, status 65, no output.

cd "$src/tests/data/template" || exit 1
for t in *.xml; do
	name=${t%.xml}
	[ -f "$name.err" ] || continue
	"$bin" render --template "$t" "$s11" -o "$tmp/t.pdf" 2>"$tmp/err"
	rc=$?
	if [ "$rc" -ne 65 ]; then
		bad "template $name" "exit $rc, expected 65"
	elif [ -e "$tmp/t.pdf" ]; then
		bad "template $name" "an output was written"
	elif ! diff -u "$name.err" "$tmp/err" >"$tmp/diff"; then
		bad "template $name" "diagnostics differ"; cat "$tmp/diff"
	else
		ok "template $name: $(head -1 "$name.err" | cut -d' ' -f3- | cut -c1-60)"
	fi
done

finish
