#!/bin/bash
# check.sh: render the demo and read the PDF back; one line per check.
render=$1 doc=$2
out=$(mktemp -d "${TMPDIR:-/tmp}/mappa-typeset.XXXXXX")
trap 'rm -rf "$out"' EXIT
pass=0 fail=0
ok() { echo "ok: $1"; pass=$((pass + 1)); }
no() { echo "FAIL: $1"; fail=$((fail + 1)); }
check() { local what=$1; shift; if "$@"; then ok "$what"; else no "$what"; fi; }
filter() { grep -v "Invalid 'begincidrange' operator in ToUnicode CMap"; }

check "renders the demo" "$render" pdf "$doc" "$out/demo.pdf"
check "renders it again" "$render" pdf "$doc" "$out/again.pdf"
check "same input gives the same bytes" cmp -s "$out/demo.pdf" "$out/again.pdf"
check "renders the layout dump" "$render" dump "$doc" "$out/demo.layout"
check "qpdf --check passes" qpdf --check "$out/demo.pdf" >/dev/null
pdffonts "$out/demo.pdf" 2>&1 | filter > "$out/fonts"
check "four faces" test "$(tail -n +3 "$out/fonts" | wc -l)" -eq 4
check "all fonts embedded and subset" \
    test -z "$(tail -n +3 "$out/fonts" | awk '$(NF-4) != "yes" || $(NF-3) != "yes"')"
check "fonts are TrueType with a ToUnicode map" \
    test -z "$(tail -n +3 "$out/fonts" | awk '$(NF-2) != "yes"')"
pdfinfo "$out/demo.pdf" 2>&1 | filter > "$out/info"
pages=$(awk '/^Pages:/ { print $2 }' "$out/info")
check "at least five pages" test "${pages:-0}" -ge 5
check "title in UTF-8" grep -q "^Title: *MAPPA Annual Report 2023/24: Wales and the Marches" "$out/info"
check "author with an en dash" grep -q "^Author: *Strategic Management Board – Dyfed-Powys" "$out/info"
check "keywords with Welsh letters" grep -q "^Keywords: .*ŵ ŷ, £" "$out/info"
check "creation date set" grep -q "^CreationDate: .*2024" "$out/info"
check "A4 pages" grep -q "^Page size: *595.276 x 841.89 pts (A4)" "$out/info"
check "size under 150 KB" test "$(stat -c %s "$out/demo.pdf")" -lt 153600
pdfinfo -custom "$out/demo.pdf" 2>/dev/null > "$out/custom" || true
check "provenance info entry" grep -q "Provenance.*sha256=0f4c" "$out/custom"
pdftotext -layout "$out/demo.pdf" "$out/demo.txt" 2>&1 | filter
check "text extracts: Welsh letters" grep -q "Llŷr-Price" "$out/demo.txt"
check "text extracts: quotes and pound" grep -q "children’s services" "$out/demo.txt"
check "running footer resolved" grep -q "Page 7 of $pages" "$out/demo.txt"
check "contents lists numbered headings" grep -Eq "4\.2 +Trends.*[0-9]+$" "$out/demo.txt"
check "table header repeated" test "$(grep -c "Category *Level 1 *Level 2 *Level 3 *Total" "$out/demo.txt")" -ge 2
check "chart labels drawn" grep -q "2023/24" "$out/demo.txt"
check "bookmarks present" bash -c "qpdf --qdf --object-streams=disable '$out/demo.pdf' - | grep -qa '/Outlines'"
check "no word past the left or right margin" \
    test -z "$(awk '/^page/ { next } $1 == "word" && ($2 + $4 > 523.29 || $2 < 71.99) { print }' "$out/demo.layout")"
echo "$pass passed, $fail failed"
test "$fail" -eq 0
