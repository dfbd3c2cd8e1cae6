#!/usr/bin/env bash
# pdfcheck.sh: every PDF the program writes is tagged (PDF/UA-1) and
# archival (PDF/A-2a) as far as tests/pdfcheck/check.py can tell: every
# sample's report, a --previous report, the compare PDF.  The checker must
# also refuse a report with its structure tree taken away.
. "$(dirname "$0")/lib.sh"
export MAPPA_TEMPLATE_DIR=$src/templates
unset SOURCE_DATE_EPOCH
check=$src/tests/pdfcheck/check.py
py=/usr/bin/python3
if ! "$py" -c 'import pikepdf' 2>/dev/null; then
	echo "pdfcheck.sh: needs python3-pikepdf"
	exit 77
fi

pdfs=()
# The samples render with their board files (images as Figures); the
# board files themselves are not snapshots.
for xml in "$src"/samples/dorset-????-??.xml; do
	name=$(basename "$xml" .xml)
	status "$name: renders" 0 "$bin" render "$xml" -o "$tmp/$name.pdf" &&
	    pdfs+=("$tmp/$name.pdf")
done
status "--previous: renders" 0 "$bin" render --previous \
    "$src/samples/dorset-2011-12.xml" "$src/samples/dorset-2012-13.xml" \
    -o "$tmp/previous.pdf" && pdfs+=("$tmp/previous.pdf")
status "compare: renders" 0 "$bin" compare -o "$tmp/compare.pdf" \
    "$src"/samples/dorset-????-??.xml && pdfs+=("$tmp/compare.pdf")

for pdf in "${pdfs[@]}"; do
	name=$(basename "$pdf" .pdf)
	if "$py" "$check" "$pdf" >"$tmp/check" 2>&1; then
		ok "$name: tagged and archival"
	else
		bad "$name: tagged and archival" "$(head -5 "$tmp/check")"
	fi
	expect "$name: pdfinfo says Tagged: yes" \
	    grep -q '^Tagged: *yes' <(pdfinfo "$pdf" 2>&1)
done

# What a screen reader meets first: the title, not the running header.
pdfinfo -struct-text "$tmp/dorset-2011-12.pdf" >"$tmp/struct" 2>&1
expect "struct-text: the tree starts with the Document" \
    grep -q '^Document' "$tmp/struct"
expect "struct-text: no running header in the tree" \
    sh -c "! grep -q 'Dorset MAPPA Annual Report 2011/12 *Multi-Agency' '$tmp/struct'"
expect "struct-text: charts are Figures" grep -q '^ *Figure$' "$tmp/struct"
"$py" - "$tmp/dorset-2011-12.pdf" >"$tmp/alt" <<'PY'
import sys, pikepdf
p = pikepdf.open(sys.argv[1])
for o in p.objects:
    if isinstance(o, pikepdf.Dictionary) and o.get('/S') == '/Figure':
        print(str(o.Alt))
PY
expect "a chart's alt text says its figures" grep -qE \
    '^Bar chart: Offenders in the community on 31 March 2012.*Category 1: Level 1 [0-9]+, Level 2 [0-9]+' \
    "$tmp/alt"

# A template's own words: a paragraph in Welsh, a chart's alt text.
sed -e '0,/<p align="left" size="11">/s//<p align="left" size="11" lang="cy">/' \
    -e '0,/<chart /s//<chart alt="Siart bar: troseddwyr yn y gymuned." /' \
    "$src/templates/england-wales-sopo.xml" >"$tmp/cy.xml"
status "template with lang and alt: renders" 0 "$bin" render \
    "$src/samples/dorset-2011-12.xml" --template "$tmp/cy.xml" \
    -o "$tmp/cy.pdf" &&
"$py" - "$tmp/cy.pdf" >"$tmp/cy.txt" <<'PY'
import sys, pikepdf
p = pikepdf.open(sys.argv[1])
for o in p.objects:
    if isinstance(o, pikepdf.Dictionary) and o.get('/S') == '/P' and '/Lang' in o:
        print('lang', str(o.Lang))
    if isinstance(o, pikepdf.Dictionary) and o.get('/S') == '/Figure':
        print('alt', str(o.Alt))
PY
expect "a paragraph marked lang=cy carries /Lang cy" grep -qx 'lang cy' "$tmp/cy.txt"
expect "a chart's alt text from the template" \
    grep -qx 'alt Siart bar: troseddwyr yn y gymuned.' "$tmp/cy.txt"
expect "the template's lang and alt pass the checker" \
    "$py" "$check" "$tmp/cy.pdf"

# Addresses in the text are links, tagged: the sample's contacts give an
# email address in a table; a web address, and one wrapped in brackets
# at the end of a sentence, are put in their paragraph.
sed -e 's|answers questions from the public about the|answers questions from the public (see www.dorset-mappa.example/faq.) about the|' \
    -e 's|offender.</p>|offender: https://www.gov.uk/government/publications/mappa-guidance.</p>|' \
    "$src/samples/dorset-2011-12.board.xml" >"$tmp/addr.board.xml"
cp "$src"/samples/*.png "$src"/samples/*.jpg "$tmp"/ 2>/dev/null
status "board with addresses: renders" 0 "$bin" render \
    "$src/samples/dorset-2011-12.xml" --board "$tmp/addr.board.xml" \
    -o "$tmp/addr.pdf"
expect "addresses: pass the checker" "$py" "$check" "$tmp/addr.pdf"
"$py" - "$tmp/addr.pdf" >"$tmp/uris" <<'PY'
import sys, pikepdf
p = pikepdf.open(sys.argv[1])
for pg in p.pages:
    for a in pg.obj.get('/Annots', []):
        if '/A' in a and a.A.get('/S') == '/URI':
            print(bytes(a.A.URI).decode(), str(a.Contents))
PY
for u in http://www.dorset-mappa.example/faq \
    https://www.gov.uk/government/publications/mappa-guidance \
    mailto:mappa@dorset-mappa.example; do
	expect "addresses: a link to $u, its Contents the address" \
	    grep -qx "$u $u" "$tmp/uris"
done
# ...and the checker refuses the same file with its annotations removed
"$py" - "$tmp/addr.pdf" "$tmp/noannots.pdf" <<'PY'
import sys, pikepdf
p = pikepdf.open(sys.argv[1])
for pg in p.pages:
    if '/Annots' in pg.obj:
        del pg.obj['/Annots']
p.save(sys.argv[2])
PY
status "addresses without links: refused" 1 "$py" "$check" "$tmp/noannots.pdf" &&
    expect "addresses without links: says why" grep -q 'address in the text has its link' "$tmp/out"

# What the tags cost (issue 10: at most a quarter on the untagged file).
# The compare PDF's thousand table cells are as many structure elements:
# as text in plain object streams they cost 16 bytes apiece and made the
# file half as big again; in grid object streams about 8.  Its pages are
# rendered as poppler reads them (no error on the grid's predictor).
"$py" - "$tmp/compare.pdf" >"$tmp/cost" <<'PY'
import sys, pikepdf
p = pikepdf.open(sys.argv[1])
packed = elems = 0
for o in p.objects:
    if isinstance(o, pikepdf.Stream) and o.get('/Type') == '/ObjStm':
        packed += len(o.read_raw_bytes())
    elif isinstance(o, pikepdf.Dictionary) and '/S' in o and '/P' in o:
        elems += 1
print('%d %d %.1f' % (elems, packed, packed / max(elems, 1)))
PY
read -r elems packed each <"$tmp/cost"
expect "compare: object streams at most 11 bytes a structure element ($packed bytes, $elems elements)" \
    awk -v e="${each:-99}" -v n="${elems:-0}" 'BEGIN { exit !(n >= 1000 && e <= 11) }'
expect "compare: poppler reads every page without an error" \
    sh -c "pdftoppm -r 20 -png '$tmp/compare.pdf' '$tmp/cmp' 2>&1 | grep -q . && exit 1; ls '$tmp'/cmp-*.png >/dev/null"

# The checker can fail: the same report without its tree is refused.
"$py" - "$tmp/dorset-2011-12.pdf" "$tmp/untagged.pdf" <<'PY'
import sys, pikepdf
p = pikepdf.open(sys.argv[1])
del p.Root['/StructTreeRoot']
del p.Root['/MarkInfo']
p.save(sys.argv[2])
PY
status "untagged copy: refused" 1 "$py" "$check" "$tmp/untagged.pdf" &&
    expect "untagged copy: says why" grep -q 'structure tree' "$tmp/out"

finish
