#!/usr/bin/env bash
# samples.sh: every sample in samples/ against what it must produce.
#   - `stats` gives exactly NAME.json;
#   - `generate --profile NAME.profile` gives exactly NAME.xml back;
#   - the sample is valid under the XML Schema as xmllint reads it too;
#   - the 2011-12 sample carries the published Dorset figures.
. "$(dirname "$0")/lib.sh"
cd "${SRCDIR:?}/samples" || exit 1
xsd=${SRCDIR}/generator/snapshot/snapshot.xsd

for xml in *.xml; do
	case $xml in *.board.xml) continue ;; esac	# a board file: board.sh
	name=${xml%.xml}
	if "$bin" stats "$xml" >"$tmp/s.json" && cmp -s "$tmp/s.json" "$name.json"
	then ok "$name: statistics match $name.json"
	else bad "$name: statistics differ from $name.json"; diff "$name.json" "$tmp/s.json" | head -10
	fi
	if [ -f "$name.profile" ]; then
		if "$bin" generate --profile "$name.profile" >"$tmp/g.xml" &&
		    cmp -s "$tmp/g.xml" "$xml"
		then ok "$name: regenerated from $name.profile byte for byte"
		else bad "$name: generate --profile does not give $xml back"
		fi
	fi
	if command -v xmllint >/dev/null; then
		if xmllint --noout --schema "$xsd" "$xml" 2>"$tmp/x"
		then ok "$name: valid under snapshot.xsd (xmllint)"
		else bad "$name: xmllint rejects it"; head -3 "$tmp/x"
		fi
	fi
done

# The published figures of Dorset's 2011/12 report (statistics.md).
"$bin" stats --format csv dorset-2011-12.xml >"$tmp/s.csv"
figure() { grep "^$1," "$tmp/s.csv" | cut -d, -f2; }
want() {
	if [ "$(figure "$1")" = "$2" ]; then ok "2011-12: $1 = $2 ($3)"
	else bad "2011-12: $1 = $(figure "$1"), published $2 ($3)"
	fi
}
want offenders.category1.total 574 "RSOs in the community on 31 March 2012"
want notification_breaches.rsos 14 "RSOs cautioned or convicted for breach"
want returned_to_custody.breach_of_licence.total.level2 2 "level 2 offenders returned to custody"
want returned_to_custody.breach_of_licence.total.level3 0 "no level 3 returns"
want returned_to_custody.breach_of_order.total.total 0 "no returns for breach of an order"
want rso_wanted_or_missing.total 5 "RSOs wanted or missing"
want population 746000 "population"
want rso_per_100k 77 "574 per 746,000 is 76.9 per 100,000"

finish
