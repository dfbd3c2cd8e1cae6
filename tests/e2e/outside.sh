#!/usr/bin/env bash
# outside.sh: built as meson users usually build, in a directory outside
# the source tree (`meson setup ../build`), the uninstalled program finds
# the source tree's templates (issue 12, item 17).  It makes that build
# itself (about half a minute), so it is a suite of its own: `outside`.
. "$(dirname "$0")/lib.sh"
command -v meson >/dev/null && command -v ninja >/dev/null ||
	{ echo "outside.sh: needs meson and ninja"; exit 77; }
out=$tmp/build
if meson setup "$out" "$src" -Dtests=disabled -Dbuildtype=plain \
    >"$tmp/setup" 2>&1 && ninja -C "$out" generator/mappa-report \
    >"$tmp/ninja" 2>&1
then ok "built in $out, outside the source tree"
else bad "build outside the source tree"; tail -5 "$tmp/setup" "$tmp/ninja"; finish; exit
fi
prog=$out/generator/mappa-report
cd "$tmp" || exit 1
unset MAPPA_TEMPLATE_DIR
status "2011/12 with the default template" 0 \
	"$prog" render "$src/samples/dorset-2011-12.xml" -o a.pdf &&
	expect "  ... no complaint" test ! -s "$tmp/err"
status "2016/17 with the default template" 0 \
	"$prog" render "$src/samples/dorset-2016-17.xml" -o b.pdf
status "a template by name" 0 \
	"$prog" render "$src/samples/dorset-2016-17.xml" \
	--template england-wales-shpo -o c.pdf
expect "the same bytes as the default" cmp -s b.pdf c.pdf
status "verify finds the template too" 0 \
	"$prog" verify a.pdf "$src/samples/dorset-2011-12.xml"
# a Welsh report: the patterns built in $out, not an installed copy
sed 's/<report version="1"/& lang="cy"/' \
	"$src/templates/england-wales-shpo.xml" >cy.xml
status "a Welsh report" 0 \
	"$prog" render "$src/samples/dorset-2016-17.xml" --template ./cy.xml \
	-o d.pdf &&
	expect "  ... finds its hyphenation patterns" \
	    sh -c "! grep -q 'hyphenation patterns' '$tmp/err'"
# the sample's board is English, so its words are marked English in the
# Welsh edition: a warning per slot, and nothing else
expect "  ... says nothing else" \
	sh -c "! grep -v 'is filled only in English' '$tmp/err'" &&
	expect "  ... and warns of the English slots" \
	grep -q "slot 'foreword' is filled only in English" "$tmp/err"
finish
