#!/usr/bin/env bash
# bench.sh: speed and memory of mappa-report, beside the tools it is
# measured against, in one run on one machine.  It prints figures; it
# never fails on time (these machines are noisy).  Not part of the tests.
#
#   tests/bench/bench.sh [BUILD_DIR] [SIZES...]
#
# BUILD_DIR defaults to build/ (configure it with the default
# debugoptimized build type); SIZES default to 10000 100000 1000000
# offender records.  Needs /usr/bin/time (package time), xmllint
# (libxml2-utils), pdftotext (poppler-utils), a C compiler and libxml2's
# headers (for the floor) and, for the FOP column, Apache FOP 2.8 (package
# fop).
#
# First table, reading: `stats` beside libxml2's floor (floor.c: the SAX2
# push parser with empty callbacks and the reader's options) and beside
# `xmllint --stream --noout`, in BENCH_RUNS (default 5) paired runs: each
# run times the three one after the other on the same file, so that a
# noisy machine slows all three alike; the table gives the median time of
# each, the median of the per-run ratios, and the largest peak resident
# memory seen.  Then one offender with a huge level history written
# latest first (the sort must stay O(n log n)).  Second table (skipped
# with BENCH_READ_ONLY=1): render, beside FOP, best of 3 runs.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$top/build}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1000000)
bin=$build/generator/mappa-report
[ -x "$bin" ] || { echo "bench.sh: no $bin; build first"; exit 1; }
for tool in /usr/bin/time xmllint pdftotext; do
	command -v "$tool" >/dev/null || { echo "bench.sh: needs $tool"; exit 1; }
done
have_fop=0
command -v fop >/dev/null && have_fop=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
runs=3
pruns=${BENCH_RUNS:-5}
floor=$tmp/floor
# shellcheck disable=SC2046
cc -O2 -o "$floor" "$top/tests/bench/floor.c" $(pkg-config --cflags --libs libxml-2.0) ||
	{ echo "bench.sh: cannot build the floor (needs cc and libxml2-dev)"; exit 1; }

# once CMD...: wall [s], CPU user+system [s], peak memory [KiB] of one run.
once() {
	/usr/bin/time -f "%e %U %S %M" -o "$tmp/t" "$@" >/dev/null 2>"$tmp/err" ||
		{ echo "bench.sh: failed: $*" >&2; cat "$tmp/err" >&2; exit 1; }
	tail -1 "$tmp/t" | awk '{ print $1, $2 + $3, $4 }'
}
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# paired FILE: the reading row for one file.
paired() {
	local xml=$1 i s f x
	: >"$tmp/p"
	for i in $(seq "$pruns"); do
		s=$(once "$bin" stats "$xml")
		f=$(once "$floor" "$xml")
		x=$(once xmllint --stream --noout "$xml")
		echo "$s $f $x" >>"$tmp/p"
	done
	# columns: 1-3 stats (wall cpu KiB), 4-6 floor, 7-9 xmllint
	local sw fw xw rf rx cf rcf sm fm xm
	sw=$(awk '{ print $1 }' "$tmp/p" | median)
	fw=$(awk '{ print $4 }' "$tmp/p" | median)
	xw=$(awk '{ print $7 }' "$tmp/p" | median)
	rf=$(awk '{ print ($4 > 0 ? $1 / $4 : 0) }' "$tmp/p" | median)
	rx=$(awk '{ print ($7 > 0 ? $1 / $7 : 0) }' "$tmp/p" | median)
	rcf=$(awk '{ print ($5 > 0 ? $2 / $5 : 0) }' "$tmp/p" | median)
	sm=$(awk 'BEGIN { m = 0 } $3 > m { m = $3 } END { print m }' "$tmp/p")
	fm=$(awk 'BEGIN { m = 0 } $6 > m { m = $6 } END { print m }' "$tmp/p")
	xm=$(awk 'BEGIN { m = 0 } $9 > m { m = $9 } END { print m }' "$tmp/p")
	printf "$rfmt" "$(basename "$xml" .xml)" "$(awk -v b="$(stat -c %s "$xml")" 'BEGIN { printf "%.1f", b / 1e6 }')" \
		"$(printf %.3f "$sw")" "$(printf %.3f "$fw")" "$(printf %.3f "$xw")" \
		"$(printf %.2f "$rf")" "$(printf %.2f "$rcf")" "$(printf %.2f "$rx")" \
		"$(mib "$sm")" "$(mib "$fm")" "$(mib "$xm")"
}

# measure CMD...: best wall time [s] and peak memory [KiB] of 3 runs.
measure() {
	local best="" peak=0 t0 t1 rss
	for _ in $(seq "$runs"); do
		t0=$(date +%s.%N)
		/usr/bin/time -f "%M" -o "$tmp/rss" "$@" >/dev/null 2>"$tmp/err" ||
			{ echo "bench.sh: failed: $*" >&2; cat "$tmp/err" >&2; exit 1; }
		t1=$(date +%s.%N)
		rss=$(tail -1 "$tmp/rss")
		best=$(echo "$t0 $t1 ${best:-}" | awk '{ d = $2 - $1; if ($3 == "" || d < $3) print d; else print $3 }')
		[ "$rss" -gt "$peak" ] && peak=$rss
	done
	echo "$best $peak"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

# An XSL-FO document equivalent to a rendered report: the same text, block
# for block (read back from the PDF), the same statistical tables, A4 with
# the same margins, justified and hyphenated, Liberation Serif embedded.
write_fo() {
	local pdf=$1 csv=$2 fo=$3
	pdftotext -nopgbrk "$pdf" "$tmp/report.txt" 2>/dev/null
	python3 - "$tmp/report.txt" "$csv" "$fo" <<'PY'
import sys, html
text, csv, out = sys.argv[1:4]
blocks = [b.replace("\n", " ").strip() for b in open(text).read().split("\n\n")]
blocks = [html.escape(b) for b in blocks if b]
rows = [l.rstrip("\n").split(",", 1) for l in open(csv)][1:]
tables = {}
for k, v in rows:
    tables.setdefault(k.split(".")[0], []).append((k, v))
o = ['<?xml version="1.0" encoding="UTF-8"?>',
     '<fo:root xmlns:fo="http://www.w3.org/1999/XSL/Format" font-family="Liberation Serif" font-size="10pt" line-height="1.25">',
     '<fo:layout-master-set><fo:simple-page-master master-name="A4" page-width="210mm" page-height="297mm" margin="20mm 22mm 20mm 22mm">',
     '<fo:region-body margin-top="10mm" margin-bottom="10mm"/><fo:region-before extent="8mm"/><fo:region-after extent="8mm"/>',
     '</fo:simple-page-master></fo:layout-master-set>',
     '<fo:page-sequence master-reference="A4"><fo:static-content flow-name="xsl-region-after">',
     '<fo:block text-align="center" font-size="8pt">Page <fo:page-number/> of <fo:page-number-citation ref-id="end"/></fo:block></fo:static-content>',
     '<fo:flow flow-name="xsl-region-body">']
for b in blocks:
    o.append('<fo:block text-align="justify" hyphenate="true" language="en" country="GB" space-after="4pt">%s</fo:block>' % b)
for name, cells in tables.items():
    o.append('<fo:block font-weight="bold" space-before="8pt" keep-with-next="always">%s</fo:block>' % html.escape(name))
    o.append('<fo:table width="100%" table-layout="fixed"><fo:table-column column-width="75%"/><fo:table-column column-width="25%"/>')
    o.append('<fo:table-header><fo:table-row><fo:table-cell><fo:block font-weight="bold">Figure</fo:block></fo:table-cell>'
             '<fo:table-cell><fo:block font-weight="bold" text-align="end">Value</fo:block></fo:table-cell></fo:table-row></fo:table-header><fo:table-body>')
    for k, v in cells:
        o.append('<fo:table-row><fo:table-cell><fo:block>%s</fo:block></fo:table-cell><fo:table-cell><fo:block text-align="end">%s</fo:block></fo:table-cell></fo:table-row>'
                 % (html.escape(k), html.escape(v.strip('"'))))
    o.append('</fo:table-body></fo:table>')
o.append('<fo:block id="end"/></fo:flow></fo:page-sequence></fo:root>')
open(out, "w").write("\n".join(o))
PY
}
cat >"$tmp/fop.xconf" <<EOF2
<fop version="1.0"><renderers><renderer mime="application/pdf"><fonts>
 <font kerning="no" embed-url="/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"><font-triplet name="Liberation Serif" style="normal" weight="normal"/></font>
 <font kerning="no" embed-url="/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf"><font-triplet name="Liberation Serif" style="normal" weight="bold"/></font>
 <font kerning="no" embed-url="/usr/share/fonts/truetype/liberation2/LiberationSerif-Italic.ttf"><font-triplet name="Liberation Serif" style="italic" weight="normal"/></font>
 <font kerning="no" embed-url="/usr/share/fonts/truetype/liberation2/LiberationSerif-BoldItalic.ttf"><font-triplet name="Liberation Serif" style="italic" weight="bold"/></font>
</fonts></renderer></renderers></fop>
EOF2

echo "mappa-report $("$bin" --version | cut -d' ' -f2), $(xmllint --version 2>&1 | head -1)"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
[ "$have_fop" -eq 1 ] && echo "fop: $(fop -version 2>/dev/null | tail -1)" || echo "fop: not installed (apt-get install fop); its column is left empty"
echo
rfmt='%-9s %8s | %8s %8s %9s | %7s %7s %7s | %9s %9s %11s\n'
printf "$rfmt" records "file MB" "stats s" "floor s" "xmllint s" "/floor" "cpu/fl" "/xmllnt" \
	"stats MiB" "floor MiB" "xmllint MiB"
for n in "${sizes[@]}"; do
	xml=$tmp/$n.xml
	"$bin" generate --offenders "$n" --seed 42 -o "$xml"
	paired "$xml"
	rm -f "$xml"
done
# One offender, its levels written latest first.
for n in 300000; do
	xml=$tmp/lv$n.xml
	awk -v n="$n" 'BEGIN {
		print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
		print "<register-snapshot version=\"1\" area=\"Bench\" period-start=\"2011-04-01\" period-end=\"2012-03-31\" population=\"500000\">"
		print "<offender id=\"L-1\" category=\"2\" eligible-from=\"1200-01-01\">"
		split("31 28 31 30 31 30 31 31 30 31 30 31", ml, " ")
		y = 1200; m = 1; d = 1; k = 0
		while (k < n) {
			leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
			dates[k++] = sprintf("%04d-%02d-%02d", y, m, d)
			if (++d > ml[m] + (m == 2 && leap)) { d = 1; if (++m > 12) { m = 1; y++ } }
		}
		for (k = n - 1; k >= 0; k--) printf "<level from=\"%s\" value=\"%d\"/>\n", dates[k], 2 + k % 2
		print "</offender>"; print "</register-snapshot>"
	}' >"$xml"
	paired "$xml"
	rm -f "$xml"
done
echo
echo "stats, floor, xmllint: median wall seconds of $pruns paired runs; /floor, /xmllnt: median of the"
echo "per-run ratios of stats to the floor and to xmllint --stream --noout; cpu/fl: the same ratio in"
echo "CPU time (user + system), steadier on a loaded machine.  MiB: largest peak resident memory."
echo "lv300000: one offender with 300,000 levels written latest first."
[ "${BENCH_READ_ONLY:-0}" = 1 ] && exit 0
echo
fmt='%-8s %8s | %8s %9s %6s | %9s %11s %6s | %8s %7s %6s %7s\n'
printf "$fmt" records "file MB" "stats s" "xmllint s" ratio "stats MiB" "xmllint MiB" \
	ratio "render s" "fop s" ratio "PDF KB"
for n in "${sizes[@]}"; do
	xml=$tmp/s$n.xml
	"$bin" generate --offenders "$n" --seed 42 -o "$xml"
	read -r st_t st_m < <(measure "$bin" stats "$xml")
	read -r xl_t xl_m < <(measure xmllint --stream --noout "$xml")
	read -r rn_t _ < <(measure "$bin" render "$xml" -o "$tmp/r$n.pdf")
	pdf_kb=$(( $(stat -c %s "$tmp/r$n.pdf") / 1024 ))
	fop_t="-"
	if [ "$have_fop" -eq 1 ]; then
		"$bin" stats --format csv "$xml" >"$tmp/s$n.csv"
		write_fo "$tmp/r$n.pdf" "$tmp/s$n.csv" "$tmp/r$n.fo"
		read -r fop_t _ < <(measure fop -q -c "$tmp/fop.xconf" -fo "$tmp/r$n.fo" -pdf "$tmp/f$n.pdf")
		fop_t=$(printf %.3f "$fop_t")
	fi
	printf "$fmt" "$n" "$(awk -v b="$(stat -c %s "$xml")" 'BEGIN { printf "%.1f", b / 1e6 }')" \
		"$(printf %.3f "$st_t")" "$(printf %.3f "$xl_t")" "$(ratio "$st_t" "$xl_t")" \
		"$(mib "$st_m")" "$(mib "$xl_m")" "$(ratio "$st_m" "$xl_m")" \
		"$(printf %.3f "$rn_t")" "$fop_t" \
		"$([ "$fop_t" = - ] && echo - || ratio "$rn_t" "$fop_t")" "$pdf_kb"
	rm -f "$xml"
done
echo
echo "stats, xmllint: wall seconds, best of $runs; ratio = mappa-report / xmllint --stream --noout."
echo "MiB: peak resident memory of stats, of xmllint, and their ratio."
echo "render: the standard report from that snapshot; fop: FOP 2.8 on an equivalent XSL-FO"
echo "document (same text and tables, fonts embedded); ratio = render / fop."
