#!/usr/bin/env bash
# batch.sh: `mappa-report batch` over a tree of areas and years with one
# broken snapshot: the rest rendered (and verified), the broken one named
# in the summary, exit 1; a second run finds everything up to date; a
# changed snapshot is rendered again; -j 1 and -j 3 give the same bytes.
. "$(dirname "$0")/lib.sh"
samples=$src/samples
export MAPPA_TEMPLATE_DIR=$src/templates
unset SOURCE_DATE_EPOCH


a=$tmp/archive
mkdir -p "$a/dorset" "$a/wessex/old"
for y in 2010-11 2011-12 2012-13 2013-14 2016-17; do
	cp "$samples/dorset-$y.xml" "$a/dorset/$y.xml"
done
sed 's/area="Dorset"/area="Wessex"/' "$samples/dorset-2016-17.xml" >"$a/wessex/2016-17.xml"
# Broken: a category 1 offender's record cut short.
head -c 3000 "$samples/dorset-2012-13.xml" >"$a/wessex/old/2012-13.xml"
echo "not a snapshot" >"$a/dorset/README.txt"

status "batch with one broken snapshot: exit 1" 1 "$bin" batch "$a" -o "$tmp/rep" -j 2
expect "summary counts" grep -q "^batch: 6 rendered, 0 up to date, 1 failed$" "$tmp/err"
expect "summary names the broken one with its first diagnostic" \
	grep -q "^  wessex/old/2012-13.xml: .*wessex/old/2012-13.xml:[0-9]*: error: " "$tmp/err"
expect "its diagnostics printed whole, after its progress line" \
	grep -A1 "^\[[0-9]/7\] wessex/old/2012-13.xml: FAILED$" "$tmp/err" | grep -q "2012-13.xml:[0-9]*: error:"
expect "a progress line per snapshot (stderr not a terminal)" \
	test "$(grep -c '^\[[1-7]/7\] ' "$tmp/err")" -eq 7
expect "no report for the broken one" test ! -e "$tmp/rep/wessex/old/2012-13.pdf"
expect "only *.xml taken" test ! -e "$tmp/rep/dorset/README.pdf"
for y in 2010-11 2011-12 2012-13 2013-14 2016-17; do
	status "dorset/$y.pdf verifies" 0 "$bin" verify "$tmp/rep/dorset/$y.pdf" "$a/dorset/$y.xml"
done
status "wessex/2016-17.pdf verifies" 0 "$bin" verify "$tmp/rep/wessex/2016-17.pdf" "$a/wessex/2016-17.xml"
"$bin" render "$a/dorset/2011-12.xml" -o "$tmp/single.pdf" 2>/dev/null
expect "same bytes as render" cmp -s "$tmp/single.pdf" "$tmp/rep/dorset/2011-12.pdf"
expect "no temporary file left" test -z "$(find "$tmp/rep" -name '.*' ! -name .mappa-batch.lock ! -name .mappa-batch.sha256)"
expect "manifest lists every report" test "$(wc -l <"$tmp/rep/.mappa-batch.sha256")" -eq 6
expect "manifest checks with sha256sum" sh -c "cd '$tmp/rep' && sha256sum --quiet -c .mappa-batch.sha256"

# Second run: up to date (by provenance), files untouched.
touch -d '2001-01-01' "$tmp/rep/dorset/2011-12.pdf"
status "second run: exit 1 still (the broken one)" 1 "$bin" batch "$a" -o "$tmp/rep" -j 3
expect "everything else up to date" grep -q "^batch: 0 rendered, 6 up to date, 1 failed$" "$tmp/err"
expect "says which are up to date" grep -q "dorset/2011-12.xml: up to date" "$tmp/err"
expect "an up-to-date report is not rewritten" test "$(stat -c %Y "$tmp/rep/dorset/2011-12.pdf")" = "$(date -d 2001-01-01 +%s)"

# Fix the broken one, change one, spoil one report: those are rendered.
cp "$samples/dorset-2012-13.xml" "$a/wessex/old/2012-13.xml"
sed 's/population="746000"/population="746001"/' "$samples/dorset-2011-12.xml" >"$a/dorset/2011-12.xml"
echo "garbage" >"$tmp/rep/dorset/2013-14.pdf"
status "third run: all well, exit 0" 0 "$bin" batch "$a" -o "$tmp/rep"
expect "three rendered, four up to date" grep -q "^batch: 3 rendered, 4 up to date, 0 failed$" "$tmp/err"
status "changed snapshot's report verifies" 0 "$bin" verify "$tmp/rep/dorset/2011-12.pdf" "$a/dorset/2011-12.xml"

# -j 1 and -j 3 make the same files.
status "-j 1" 0 "$bin" batch "$a" -o "$tmp/j1" -j 1
status "-j 3" 0 "$bin" batch "$a" -o "$tmp/j3" -j 3
expect "same reports whatever -j" diff -r "$tmp/j1" "$tmp/j3"
status "-j 1 again" 0 "$bin" batch "$a" -o "$tmp/j1" -j 1
expect "-j 1 goes in path order" test "$(grep '^\[' "$tmp/err" | cut -d' ' -f2 | tr -d :)" = "$(cd "$a" && find . -name '*.xml' | sed 's|^\./||' | LC_ALL=C sort)"

# Usage and input errors.
status "no -o: usage" 64 "$bin" batch "$a"
status "-j 0: usage" 64 "$bin" batch "$a" -o "$tmp/x" -j 0
status "-j x: usage" 64 "$bin" batch "$a" -o "$tmp/x" -j x
status "missing archive: 66" 66 "$bin" batch "$tmp/none" -o "$tmp/x"
status "archive is a file: 66" 66 "$bin" batch "$a/dorset/2011-12.xml" -o "$tmp/x"
mkdir "$tmp/ro"
chmod 555 "$tmp/ro"
if [ "$(id -u)" -ne 0 ]; then
	status "unwritable OUT_DIR: each fails, exit 1" 1 "$bin" batch "$a" -o "$tmp/ro/out" -j 2
	expect "says why" grep -q "cannot create" "$tmp/err"
fi

finish
