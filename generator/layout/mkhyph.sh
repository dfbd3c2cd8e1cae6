#!/bin/sh
# mkhyph.sh PAT TEX SUBSTRINGS OUT: TeX's hyph-utf8 patterns (PAT, the
# .pat.txt file) to a libhyphen dictionary OUT, at build time: Debian has no
# libhyphen patterns for Welsh, and the patterns are not copied into the
# repository.  The minimum lengths around a hyphen are TeX's own, read from
# the "hyphenmins: typesetting:" entry of the header of TEX (the .tex file),
# and written as LEFTHYPHENMIN/RIGHTHYPHENMIN so that libhyphen breaks no
# nearer a word's edge than TeX would.
set -eu
[ $# -eq 4 ] || { echo "usage: mkhyph.sh PAT TEX SUBSTRINGS OUT" >&2; exit 2; }
pat=$1 tex=$2 substrings=$3 out=$4
for f in "$pat" "$tex" "$substrings"; do
	[ -r "$f" ] || { echo "mkhyph.sh: $f: cannot read" >&2; exit 1; }
done
mins=$(awk '
	/^% *typesetting:/ { t = 1; next }
	t && /^% *left:/ { l = $3 }
	t && /^% *right:/ { r = $3 }
	t && !/^% *(left|right):/ { t = 0 }
	END { if (l ~ /^[0-9]+$/ && r ~ /^[0-9]+$/) print l, r }' "$tex")
[ -n "$mins" ] || { echo "mkhyph.sh: $tex: no hyphenmins in the header" >&2; exit 1; }
# shellcheck disable=SC2086
set -- $mins
# substrings.pl prints what it merges on stdout: not wanted in the build log
perl "$substrings" "$pat" "$out.tmp" UTF-8 "$1" "$2" >/dev/null
[ -s "$out.tmp" ] || { echo "mkhyph.sh: $out: nothing written" >&2; exit 1; }
mv "$out.tmp" "$out"
