#!/usr/bin/env bash
# sentences.sh: the reports of at least 50 generated snapshots (zeros and
# ones everywhere, small random figures, realistic random registers, both
# eras, with and without --previous, also across 2015), every sentence
# that states a figure read back from the PDF and checked against `stats`
# (issue 12).  The checks themselves are in sentences.py.  Under valgrind
# (MAPPA_VALGRIND set) a handful of snapshots, not fifty.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || { echo "sentences.sh: needs python3"; exit 77; }
count=60 least=50
[ -n "${MAPPA_VALGRIND:-}" ] && count=8 least=8
python3 "$(dirname "$0")/sentences.py" "$bin" "$src" "$tmp" "$count" "$least"
