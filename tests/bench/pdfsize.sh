#!/usr/bin/env bash
# pdfsize.sh: size and render time of every PDF the samples give (each
# sample's annual report, a --previous report, compare), for one build or
# two side by side (e.g. a pre-tagging baseline).  Prints figures; never
# fails on size or time.  Not part of the tests.
#
#   tests/bench/pdfsize.sh [BUILD_DIR [BASE_BUILD_DIR]]
#
# Time is the best of BENCH_RUNS (default 5) wall-clock runs [s].
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
new=${1:-$top/build}
base=${2:-}
runs=${BENCH_RUNS:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The snapshots without their board files (a build before the board file
# cannot read them), so that both builds set the same content.
s=$tmp/s
mkdir "$s"
cp "$top"/samples/dorset-*.xml "$s"/
rm -f "$s"/*.board.xml
export SOURCE_DATE_EPOCH=1700000000

# job NAME ARGS...: the mappa-report arguments of one PDF (output last).
jobs=()
for x in "$s"/dorset-*.xml; do
	jobs+=("$(basename "$x" .xml)|render $x -o")
done
jobs+=("previous-2012-13|render $s/dorset-2012-13.xml --previous $s/dorset-2011-12.xml -o")
cmp=()
for x in "$s"/dorset-*.xml; do cmp+=("$x"); done
jobs+=("compare|compare ${cmp[*]} -o")

# measure BIN ARGS OUT: prints "SIZE TIME" (bytes, best wall time [s]
# of BENCH_RUNS runs, from the clock in nanoseconds).
measure() {
	local bin=$1 args=$2 out=$3 best= t0 t1 t
	for _ in $(seq "$runs"); do
		t0=$(date +%s%N)
		"$bin" $args "$out" >/dev/null 2>"$tmp/err" ||
			{ echo "pdfsize.sh: failed: $bin $args $out" >&2; cat "$tmp/err" >&2; exit 1; }
		t1=$(date +%s%N)
		t=$(( (t1 - t0) / 1000 ))	# [us]
		if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
	done
	awk -v s="$(stat -c %s "$out")" -v t="$best" 'BEGIN{printf "%d %.3f\n", s, t / 1e6}'
}

# With their board files too (images, the board's words): this build only.
for x in "$top"/samples/dorset-*.board.xml; do
	jobs+=("$(basename "$x" .board.xml)+board|render ${x%.board.xml}.xml -o")
done

if [ -n "$base" ]; then
	printf '%-18s %10s %10s %7s %7s %7s %7s\n' file base_B new_B size base_s new_s time
else
	printf '%-18s %10s %7s\n' file bytes secs
fi
for j in "${jobs[@]}"; do
	name=${j%%|*} args=${j#*|}
	read -r ns nt < <(measure "$new/generator/mappa-report" "$args" "$tmp/new-$name.pdf")
	if [ -n "$base" ] && [ "${name%+board}" = "$name" ]; then
		read -r bs bt < <(measure "$base/generator/mappa-report" "$args" "$tmp/base-$name.pdf")
		awk -v n="$name" -v bs="$bs" -v ns="$ns" -v bt="$bt" -v nt="$nt" 'BEGIN{
			printf "%-18s %10d %10d %+6.1f%% %7.3f %7.3f %+6.0f%%\n", n, bs, ns, 100*(ns-bs)/bs, bt, nt, (bt>0?100*(nt-bt)/bt:0) }'
	elif [ -n "$base" ]; then
		printf '%-18s %10s %10d %7s %7s %7.3f\n' "$name" - "$ns" - - "$nt"
	else
		printf '%-18s %10d %7.3f\n' "$name" "$ns" "$nt"
	fi
done
