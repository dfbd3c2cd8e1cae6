#!/usr/bin/env bash
# web.sh: the HTML and ODS editions (render --format html|ods, compare
# --format ods) for every sample, with and without --previous: the ODS read
# back with Debian's python3-odf and every figure checked against `stats`;
# the HTML opened in Debian's Chromium (puppeteer-core, axe-core from the
# npm registry, installed from tests/web/package-lock.json into the build
# directory) with zero axe violations, and screenshots kept in
# $BUILDDIR/web-shots.  The browser part is skipped, saying so, only where
# Chromium is not installed and CI is unset: CI installs it.
. "$(dirname "$0")/lib.sh"
web=$src/tests/web
py=/usr/bin/python3	# Debian's, which python3-odf is installed for
samples="2010-11 2011-12 2012-13 2013-14 2016-17"
# Under valgrind every path once is enough: two years, alone and together.
[ -n "${MAPPA_VALGRIND:-}" ] && samples="2010-11 2011-12"

if ! "$py" -c 'import odf.opendocument' 2>/dev/null; then
	bad "python3-odf" "not installed (apt-get install python3-odf; .ci/install-deps has it)"
	finish
	exit
fi

for y in $samples; do
	"$bin" stats "$src/samples/dorset-$y.xml" --format csv -o "$tmp/$y.csv" ||
		bad "stats $y"
done

# Every sample alone, then each with the year before it.
prev=
for y in $samples; do
	x=$src/samples/dorset-$y.xml
	for p in "" $prev; do
		name=$y${p:+-with-$p}
		args=()
		[ -n "$p" ] && args=(--previous "$src/samples/dorset-$p.xml")
		if status "render html $name" 0 "$bin" render "$x" "${args[@]}" --format html -o "$tmp/$name.html"; then
			h=$tmp/$name.html
			expect "html $name: lang en-GB, one h1, no script" \
				test "$(grep -c '<html lang="en-GB">' "$h")$(grep -o '<h1' "$h" | wc -l)$(grep -c '<script' "$h")" = 110
			expect "html $name: provenance names the snapshot" \
				grep -q "<meta name=\"provenance\" content=\"mappa-report [^;]*; snapshot sha256 $(sha256sum "$x" | cut -c1-64)" "$h"
			expect "html $name: nothing fetched" \
				test "$(grep -o 'https\?://[^"]*' "$h" | sort -u)" = "http://www.w3.org/2000/svg"
		fi
		if status "render ods $name" 0 "$bin" render "$x" "${args[@]}" -o "$tmp/$name.ods"; then
			if "$py" "$web/ods_check.py" render "$tmp/$name.ods" "$tmp/$y.csv" ${p:+"$tmp/$p.csv"} >"$tmp/check" 2>&1; then
				ok "ods $name: $(tail -1 "$tmp/check")"
			else
				bad "ods $name" "$(head -5 "$tmp/check")"
			fi
		fi
	done
	prev=$y
done

# With the board's file: its logos, photographs and signatures are in the
# HTML as data URIs, each with its alt text; its signatories' names and
# roles and its boxed case studies are there; the ODS is made as well.
for y in 2011-12 2016-17; do
	x=$src/samples/dorset-$y.xml board=$src/samples/dorset-$y.board.xml
	name=$y-board
	[ -f "$tmp/$y.csv" ] || "$bin" stats "$x" --format csv -o "$tmp/$y.csv" || bad "stats $y"
	if status "render html $name" 0 "$bin" render "$x" --board "$board" -o "$tmp/$name.html"; then
		h=$tmp/$name.html
		want=$(grep -o ' src="[^"]*"\| signature="[^"]*"' "$board" | wc -l)
		expect "html $name: every image of the board file ($want)" \
			test "$(grep -o '<img src="data:image/[a-z]*;base64,[A-Za-z0-9+/=]*"' "$h" | wc -l)" -eq "$want"
		missing=
		while read -r alt; do
			grep -qF "alt=\"$alt\"" "$h" || missing="$missing [$alt]"
		done < <(grep -o '<\(logo\|image\) [^>]*alt="[^"]*"' "$board" | sed 's/.* alt="\([^"]*\)".*/\1/')
		expect "html $name: every image with its alt text${missing:+, missing:$missing}" test -z "$missing"
		missing=
		while read -r who; do
			grep -qF "<strong>$who</strong>" "$h" || missing="$missing [$who]"
		done < <(grep -o '<signatory name="[^"]*"' "$board" | sed 's/.*name="//; s/"$//')
		expect "html $name: every signatory by name${missing:+, missing:$missing}" test -z "$missing"
		expect "html $name: case studies boxed as in the PDF" \
			test "$(grep -c '<div class="box">' "$h")" -eq "$(grep -c '<case-study\b' "$board")"
		# Addresses in the text are links, as in the PDF.
		missing=
		while read -r a; do
			grep -qF "<a href=\"mailto:$a\">$a</a>" "$h" || missing="$missing [$a]"
		done < <(grep -o '[A-Za-z0-9._-]*@[A-Za-z0-9.-]*\.[a-z]*' "$board" | sort -u)
		expect "html $name: every email address a mailto: link${missing:+, missing:$missing}" test -z "$missing"
		# The photograph's bytes are the file's own.
		photo=$(grep -o '<image src="[^"]*"' "$board" | head -1 | sed 's/.*src="//; s/"$//')
		expect "html $name: the photograph's bytes are $photo's" \
			test "$(grep -o 'data:image/jpeg;base64,[A-Za-z0-9+/=]*' "$h" | head -1 | cut -d, -f2 | base64 -d | sha256sum)" = "$(sha256sum <"$src/samples/$photo")"
	fi
	if status "render ods $name" 0 "$bin" render "$x" --board "$board" -o "$tmp/$name.ods"; then
		if "$py" "$web/ods_check.py" render "$tmp/$name.ods" "$tmp/$y.csv" >"$tmp/check" 2>&1; then
			ok "ods $name: $(tail -1 "$tmp/check")"
		else
			bad "ods $name" "$(head -5 "$tmp/check")"
		fi
	fi
done

# The checker fails when the figures are not the snapshot's.
if "$py" "$web/ods_check.py" render "$tmp/2011-12-with-2010-11.ods" "$tmp/2010-11.csv" "$tmp/2011-12.csv" >/dev/null 2>&1; then
	bad "ods checker: the wrong year's figures are refused"
else
	ok "ods checker: the wrong year's figures are refused"
fi

# Table 1 read by its labels: the row and column say what the cell is.
"$py" - "$tmp/2011-12.ods" "$tmp/2011-12.csv" >"$tmp/t1" 2>&1 <<'EOF'
import csv, sys
from odf.opendocument import load
from odf.table import Table, TableRow, TableCell
st = dict(r for r in csv.reader(open(sys.argv[2])) if len(r) == 2)
t = [t for t in load(sys.argv[1]).spreadsheet.getElementsByType(Table)
     if t.getAttribute('name') == 'Table_1'][0]
rows = [[c for c in r.getElementsByType(TableCell)] for r in t.getElementsByType(TableRow)]
head = [str(c) for c in rows[3]]
for r in rows[4:]:
    label = str(r[0])
    cat = {'Category 1': 'category1', 'Category 2': 'category2',
           'Category 3': 'category3', 'Total': 'total'}[label.split(':')[0]]
    for i, h in enumerate(head[1:], 1):
        key = f'offenders.{cat}.{h.lower().replace(" ", "")}'
        c = r[i]
        if c.getAttribute('valuetype') == 'float':
            assert float(c.getAttribute('value')) == float(st[key]), (key, str(c))
        else:
            assert str(c) == '[x]' and key == 'offenders.category3.level1', (key, str(c))
print('Table 1 by its labels: every cell is stats\' figure')
EOF
expect "ods: $(tail -1 "$tmp/t1")" grep -q "every cell" "$tmp/t1"

# The output's name or --format picks the edition; a bad format is refused.
x=$src/samples/dorset-2011-12.xml
status "--format ods to standard output" 0 "$bin" render "$x" --format ods -o - &&
	expect "standard output is a zip whose first entry is the mimetype" \
		test "$(head -c 84 "$tmp/out" | tail -c 54)" = "mimetypeapplication/vnd.oasis.opendocument.spreadsheet"
status ".html name" 0 "$bin" render "$x" -o "$tmp/named.html" &&
	expect ".html name: an HTML file" cmp -s "$tmp/named.html" "$tmp/2011-12.html"
status "--format html wins over the name" 0 "$bin" render "$x" --format html -o "$tmp/x.pdf" &&
	expect "--format html wins over the name: HTML" grep -q '^<!DOCTYPE html>' "$tmp/x.pdf"
status "--format pdf with an .ods name" 0 "$bin" render "$x" --format pdf -o "$tmp/y.ods" &&
	expect "--format pdf with an .ods name: a PDF" grep -q '^%PDF' "$tmp/y.ods"
status "--format docx refused" 64 "$bin" render "$x" --format docx -o "$tmp/z.docx" &&
	expect "--format docx: nothing written, said why" test ! -e "$tmp/z.docx" -a -n "$(grep "unknown format 'docx'" "$tmp/err")"

# The same inputs give the same bytes; a bad snapshot writes nothing.
for f in html ods; do
	"$bin" render "$x" --previous "$src/samples/dorset-2010-11.xml" -o "$tmp/again.$f" 2>/dev/null
	expect "$f: the same bytes again" cmp -s "$tmp/again.$f" "$tmp/2011-12-with-2010-11.$f"
	printf 'keep\n' >"$tmp/kept.$f"
	printf '<register-snapshot version="1"/>\n' >"$tmp/bad.xml"
	status "$f: a bad snapshot refused" 65 "$bin" render "$tmp/bad.xml" -o "$tmp/kept.$f" &&
		expect "$f: an existing output left as it was" test "$(cat "$tmp/kept.$f")" = keep
done
if [ -w /dev/full ]; then
	for f in html ods; do
		status "$f: a full disk is said (73)" 73 "$bin" render "$x" --format $f -o /dev/full &&
			expect "$f: a full disk is said: why" grep -q "cannot write /dev/full: No space left on device" "$tmp/err"
	done
	status "compare ods: a full disk is said (73)" 73 "$bin" compare "$x" "$src/samples/dorset-2010-11.xml" --format ods -o /dev/full
fi
SOURCE_DATE_EPOCH=1349049600 "$bin" render "$x" -o "$tmp/sde.ods"
expect "ods: entries dated by SOURCE_DATE_EPOCH (2012-10-01)" \
	test "$("$py" -c 'import sys, zipfile; print({i.date_time for i in zipfile.ZipFile(sys.argv[1]).infolist()})' "$tmp/sde.ods")" = "{(2012, 10, 1, 0, 0, 0)}"

# compare: a sheet per group of figures, a column per year.
all=()
for y in $samples; do all+=("$src/samples/dorset-$y.xml"); done
if status "compare --format ods" 0 "$bin" compare "${all[@]}" --format ods -o "$tmp/trends.bin"; then
	if "$py" "$web/ods_check.py" compare "$tmp/trends.bin" $(for y in $samples; do echo "$tmp/$y.csv"; done) >"$tmp/check" 2>&1; then
		ok "compare ods: $(tail -1 "$tmp/check")"
	else
		bad "compare ods" "$(head -5 "$tmp/check")"
	fi
fi
status "compare: an .ods name" 0 "$bin" compare "${all[@]}" -o "$tmp/trends.ods" &&
	expect "compare: an .ods name gives the same spreadsheet" cmp -s "$tmp/trends.ods" "$tmp/trends.bin"

# The browser: Debian's Chromium, driven by puppeteer-core, axe-core in it.
chromium=${CHROMIUM:-/usr/bin/chromium}
if [ -n "${MAPPA_VALGRIND:-}" ]; then
	echo "skip browser checks under valgrind (they test the HTML, not the program)"
elif [ ! -x "$chromium" ] && [ -z "${CI:-}" ]; then
	echo "skip browser checks: Chromium is not installed here ($chromium); CI installs it (.ci/install-deps)"
elif [ ! -x "$chromium" ]; then
	bad "browser" "CI is set but $chromium is missing"
else
	node_dir=${BUILDDIR:-$tmp}/web-node
	mkdir -p "$node_dir"
	# npm ci from the committed lockfile, again only when it changes.
	if ! cmp -s "$web/package-lock.json" "$node_dir/package-lock.json" ||
	    [ ! -d "$node_dir/node_modules/puppeteer-core" ]; then
		cp "$web/package.json" "$web/package-lock.json" "$node_dir/"
		if (cd "$node_dir" && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund) >"$tmp/npm" 2>&1; then
			ok "npm ci (puppeteer-core, axe-core from the lockfile)"
		else
			bad "npm ci" "$(tail -5 "$tmp/npm")"
			rm -f "$node_dir/package-lock.json"
		fi
	fi
	cp "$web/check.mjs" "$node_dir/"
	shots=${BUILDDIR:-$tmp}/web-shots
	# the Welsh sample's two editions too, each in its own language
	for lang in cy en; do
		"$bin" render "$src/samples/dyfed-powys-2016-17.xml" --lang $lang \
		    --final -o "$tmp/dyfed-powys-$lang.html" 2>"$tmp/e" ||
			bad "dyfed-powys: the $lang html" "$(head -2 "$tmp/e")"
	done
	for name in 2011-12-with-2010-11 2016-17 2013-14-with-2012-13 2016-17-board dyfed-powys-cy dyfed-powys-en; do
		want=en-GB
		[ "$name" = dyfed-powys-cy ] && want=cy
		if MAPPA_LANG=$want CHROMIUM=$chromium node "$node_dir/check.mjs" "$tmp/$name.html" "$shots" "$name" >"$tmp/browser" 2>&1; then
			ok "chromium $name: $(grep -c '^ok' "$tmp/browser") checks, $(grep 'axe' "$tmp/browser")"
		else
			bad "chromium $name" "$(grep -v '^ok' "$tmp/browser" | head -8)"
		fi
	done
	expect "screenshots of the first screen and a table" \
		test -s "$shots/2011-12-with-2010-11-first.png" -a -s "$shots/2011-12-with-2010-11-table.png"
	# The checker can fail: a page with the faults axe and it look for.
	if node "$node_dir/check.mjs" "$web/faulty.html" "$tmp/shots" faulty >"$tmp/browser" 2>&1; then
		bad "chromium: a faulty page is refused"
	else
		n=$(grep -c 'axe:' "$tmp/browser")
		expect "chromium: a faulty page is refused ($n axe violations, $(grep -vc '^ok\|axe:' "$tmp/browser") other faults)" \
			test "$n" -ge 3
	fi
fi
finish
