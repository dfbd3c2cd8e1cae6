#!/usr/bin/env bash
# nothingcut.sh: reports of generated board files with random long content
# (cells, case studies, list items and a signatory's role longer than a
# page, pictures taller than one), every word put in read back from the
# PDF and the HTML (issue 20).  The checks are in nothingcut.py.  Under
# valgrind (MAPPA_VALGRIND set) two board files, not twelve.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || { echo "nothingcut.sh: needs python3"; exit 77; }
count=12
[ -n "${MAPPA_VALGRIND:-}" ] && count=2
python3 "$(dirname "$0")/nothingcut.py" "$bin" "$src" "$tmp" "$count"
