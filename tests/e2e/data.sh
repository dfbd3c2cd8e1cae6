#!/usr/bin/env bash
# data.sh: the data-driven cases of tests/data/snapshot.  For NAME.xml:
#   NAME.err     `validate` must exit 65, print nothing on standard output,
#                and print exactly NAME.err on standard error;
#   NAME.json    `stats` must exit 0 and print exactly NAME.json;
#   NAME.expect  `stats --format csv` must give the listed figures
#                ("key,value" lines) and 0 for every figure not listed.
# Cases run from the data folder, so messages name the file as NAME.xml.
. "$(dirname "$0")/lib.sh"
cd "${SRCDIR:?}/tests/data/snapshot" || exit 1


for xml in *.xml; do
	name=${xml%.xml}
	checked=0
	if [ -f "$name.err" ]; then
		checked=1
		"$bin" validate "$xml" >"$tmp/out" 2>"$tmp/err"
		rc=$?
		if [ "$rc" -ne 65 ]; then
			bad "$name" "validate exited $rc, expected 65"
		elif [ -s "$tmp/out" ]; then
			bad "$name" "validate wrote to standard output"
		elif ! diff -u "$name.err" "$tmp/err" >"$tmp/diff"; then
			bad "$name" "diagnostics differ:"; cat "$tmp/diff"
		else
			ok "$name (rejected)"
		fi
	fi
	if [ -f "$name.json" ]; then
		checked=1
		if ! "$bin" stats "$xml" >"$tmp/out" 2>"$tmp/err"; then
			bad "$name" "stats failed:"; cat "$tmp/err"
		elif ! diff -u "$name.json" "$tmp/out" >"$tmp/diff"; then
			bad "$name" "statistics differ:"; cat "$tmp/diff"
		else
			ok "$name (json)"
		fi
	fi
	if [ -f "$name.expect" ]; then
		checked=1
		if ! "$bin" stats --format csv "$xml" >"$tmp/out" 2>"$tmp/err"
		then
			bad "$name" "stats failed:"; cat "$tmp/err"
		elif ! awk -F, '
			FNR == NR { if ($0 !~ /^#/ && NF == 2) want[$1] = $2; next }
			FNR == 1 { next }
			$1 ~ /^(snapshot_version|area|period\.|population$|population_basis$|rso_per_100k_1dp$)/ {
				if ($1 in want && want[$1] != $2) {
					print $1 ": got " $2 ", expected " want[$1]; bad = 1
				}
				delete want[$1]; next
			}
			{
				w = ($1 in want) ? want[$1] : 0
				if ($2 != w) { print $1 ": got " $2 ", expected " w; bad = 1 }
				delete want[$1]
			}
			END {
				for (k in want) { print k ": no such figure"; bad = 1 }
				exit bad
			}' "$name.expect" "$tmp/out" >"$tmp/diff"; then
			bad "$name" "figures differ:"; cat "$tmp/diff"
		else
			ok "$name (figures)"
		fi
	fi
	[ "$checked" -eq 1 ] || bad "$name" "no NAME.err, NAME.json or NAME.expect beside it"
	# What the program accepts, the schema accepts too: the C rules are
	# never more lenient than snapshot.xsd.
	if [ ! -f "$name.err" ] && command -v xmllint >/dev/null; then
		if xmllint --noout --schema "$SRCDIR/generator/snapshot/snapshot.xsd" \
		    "$xml" 2>"$tmp/x"; then
			ok "$name (valid under snapshot.xsd too)"
		else
			bad "$name" "accepted, but snapshot.xsd rejects it:"; head -3 "$tmp/x"
		fi
	fi
done
finish
