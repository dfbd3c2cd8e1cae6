#!/usr/bin/env bash
# gaps.sh: inter-word spacing of our justified text beside Apache FOP's on
# the same text.  It prints figures; it is not a test and never fails on
# them.
#
#   tests/bench/gaps.sh [BUILD_DIR] [DOC]
#
# BUILD_DIR defaults to build/ (its tests/typeset/render is used); DOC to
# tests/typeset/demo.doc.  Every justified paragraph of DOC (".p" or
# ".p justify") is set alone, in DOC's page, margins, size and leading,
# by our engine and by FOP 2.8 (Liberation Serif embedded, no kerning,
# justified, hyphenate="true" language="en" country="GB").  FOP ships no
# English patterns, so the British patterns we use (hyphen-en-gb's
# hyph_en_GB.dic) are converted into FOP's XML pattern format and given to
# it with the same minimum of 2 letters before a hyphen and 3 after: both
# sides break at the same points and differ only in how they choose.
#
# Word boxes come from `pdftotext -bbox-layout`, grouped into lines by
# baseline (not poppler's blocks, which can split a loose line).  A line
# counts if it reaches the right margin (within 0.5 pt): justified and not
# a paragraph's last.  A gap is the space between two words of such a
# line; gaps under 0.3 of a space are changes of face inside a word, not
# spaces, and are left out.  GAPS_KEEP=1 keeps the files.  Needs fop, pdftotext (poppler-utils) and
# python3.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$top/build}
doc=${2:-$top/tests/typeset/demo.doc}
render=$build/tests/typeset/render
dic=/usr/share/hyphen/hyph_en_GB.dic
fonts=/usr/share/fonts/truetype/liberation2
[ -x "$render" ] || { echo "gaps.sh: no $render; build first"; exit 1; }
for tool in fop pdftotext python3; do
	command -v "$tool" >/dev/null || { echo "gaps.sh: needs $tool"; exit 1; }
done
[ -r "$dic" ] || { echo "gaps.sh: needs $dic (package hyphen-en-gb)"; exit 1; }
tmp=$(mktemp -d)
# GAPS_KEEP=1 keeps the PDFs and word boxes, and says where
if [ -n "${GAPS_KEEP:-}" ]; then echo "gaps.sh: files in $tmp"; else
	trap 'rm -rf "$tmp"' EXIT; fi
mkdir "$tmp/hyph"

# DOC's justified paragraphs: a .doc for us, an .fo for FOP, and the
# geometry both use (defaults as mappa_doc_new() sets them).
python3 - "$doc" "$tmp" <<'PY'
import sys, html
doc, tmp = sys.argv[1:3]
geo = {"page": ["595.276", "841.890"], "margins": ["72", "72", "72", "72"],
       "size": ["10.5"], "leading": ["1.3"], "parspace": ["6"],
       "family": ["Liberation Serif"]}
paras, cur = [], None
for line in open(doc, encoding="utf-8"):
    line = line.rstrip("\n")
    if line.startswith("#") or not line.strip():
        continue
    if line.startswith("."):
        cmd, _, arg = line[1:].partition(" ")
        arg = arg.strip()
        if cmd in geo:
            geo[cmd] = [arg] if cmd == "family" else arg.split()
        cur = None
        if cmd == "p" and arg in ("", "justify"):
            cur = []
            paras.append(cur)
        continue
    if cur is not None and not line.lstrip().startswith("|"):
        cur.append(line.strip())
paras = [" ".join(p) for p in paras if p]

def fo_inline(text):
    """*bold* and _italic_ toggles and \\ escapes, as read.c reads them."""
    out, face, buf, i = [], 0, [], 0
    def flush():
        if not buf:
            return
        s = html.escape("".join(buf), quote=False)
        attrs = (' font-weight="bold"' if face & 1 else "") + \
                (' font-style="italic"' if face & 2 else "")
        out.append('<fo:inline%s>%s</fo:inline>' % (attrs, s) if attrs else s)
        buf.clear()
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            buf.append(text[i + 1]); i += 2; continue
        if ch in "*_":
            flush(); face ^= 1 if ch == "*" else 2; i += 1; continue
        buf.append(ch); i += 1
    flush()
    return "".join(out)

pw, ph = geo["page"]
t, r, b, l = geo["margins"]
size, lead, space = float(geo["size"][0]), float(geo["leading"][0]), geo["parspace"][0]
with open(tmp + "/ours.doc", "w", encoding="utf-8") as f:
    f.write(".page %s %s\n.margins %s %s %s %s\n.family %s\n.size %s\n"
            ".leading %s\n.parspace %s\n" % (pw, ph, t, r, b, l,
            geo["family"][0], size, lead, space))
    for p in paras:
        f.write(".p\n%s\n" % p)
o = ['<?xml version="1.0" encoding="UTF-8"?>',
     '<fo:root xmlns:fo="http://www.w3.org/1999/XSL/Format" font-family="%s" '
     'font-size="%gpt" line-height="%gpt">' % (geo["family"][0], size, size * lead),
     '<fo:layout-master-set><fo:simple-page-master master-name="p" '
     'page-width="%spt" page-height="%spt" margin="%spt %spt %spt %spt">'
     % (pw, ph, t, r, b, l),
     '<fo:region-body/></fo:simple-page-master></fo:layout-master-set>',
     '<fo:page-sequence master-reference="p"><fo:flow flow-name="xsl-region-body">']
for p in paras:
    o.append('<fo:block text-align="justify" hyphenate="true" language="en" '
             'country="GB" hyphenation-remain-character-count="2" '
             'hyphenation-push-character-count="3" space-after="%spt">%s</fo:block>'
             % (space, fo_inline(p)))
o.append('</fo:flow></fo:page-sequence></fo:root>')
open(tmp + "/fop.fo", "w", encoding="utf-8").write("\n".join(o))
open(tmp + "/geometry", "w").write("%s %s %s\n" % (float(pw) - float(r), size, len(paras)))
PY

# hyph_en_GB.dic into FOP's pattern XML (Liang patterns both; the few
# patterns on ligature characters are left out: no text here has them).
python3 - "$dic" "$tmp/hyph/en_GB.xml" <<'PY'
import sys, re
src, out = sys.argv[1:3]
pats = [l.strip() for l in open(src, encoding="utf-8")
        if re.fullmatch(r"[.a-z0-9]+", l.strip())]
letters = "".join(chr(c) for c in range(ord("a"), ord("z") + 1))
o = ['<?xml version="1.0" encoding="UTF-8"?>', '<hyphenation-info>',
     '<hyphen-char value="-"/><hyphen-min before="2" after="3"/>',
     '</hyphenation-info>', '<classes>']
o += ["%s%s" % (c, c.upper()) for c in letters]
o += ['</classes>', '<exceptions/>', '<patterns>']
o += pats
o += ['</patterns>']
open(out, "w", encoding="utf-8").write(
    o[0] + "\n<hyphenation-patterns>\n" + "\n".join(o[1:]) +
    "\n</hyphenation-patterns>\n")
PY

cat >"$tmp/fop.xconf" <<EOF
<fop version="1.0"><hyphenation-base>$tmp/hyph</hyphenation-base>
<renderers><renderer mime="application/pdf"><fonts>
 <font kerning="no" embed-url="$fonts/LiberationSerif-Regular.ttf"><font-triplet name="Liberation Serif" style="normal" weight="normal"/></font>
 <font kerning="no" embed-url="$fonts/LiberationSerif-Bold.ttf"><font-triplet name="Liberation Serif" style="normal" weight="bold"/></font>
 <font kerning="no" embed-url="$fonts/LiberationSerif-Italic.ttf"><font-triplet name="Liberation Serif" style="italic" weight="normal"/></font>
 <font kerning="no" embed-url="$fonts/LiberationSerif-BoldItalic.ttf"><font-triplet name="Liberation Serif" style="italic" weight="bold"/></font>
</fonts></renderer></renderers></fop>
EOF

"$render" pdf "$tmp/ours.doc" "$tmp/ours.pdf" 2>"$tmp/render.err" ||
	{ echo "gaps.sh: render failed"; cat "$tmp/render.err"; exit 1; }
fop -c "$tmp/fop.xconf" -fo "$tmp/fop.fo" -pdf "$tmp/fop.pdf" >"$tmp/fop.log" 2>&1 ||
	{ echo "gaps.sh: fop failed"; cat "$tmp/fop.log"; exit 1; }
if grep -qi "hyphenation pattern not found" "$tmp/fop.log"; then
	echo "gaps.sh: FOP found no en_GB patterns; its text is not hyphenated"
fi
for s in ours fop; do
	pdftotext -bbox-layout "$tmp/$s.pdf" "$tmp/$s.html" 2>/dev/null
done

python3 - "$tmp" <<'PY'
import sys, re, math
tmp = sys.argv[1]
right, size, nparas = open(tmp + "/geometry").read().split()
right, size = float(right), float(size)
space = 0.25 * size	# Liberation Serif's space is 512/2048 em

def lines(path):
    """Words per page grouped by baseline, left to right."""
    text = open(path, encoding="utf-8").read()
    out = []
    for page in re.split(r"<page ", text)[1:]:
        rows = {}
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" '
                             r'xMax="([\d.]+)" yMax="([\d.]+)"', page):
            x0, y0, x1, y1 = map(float, m.groups())
            key = round(y1 * 2) / 2
            rows.setdefault(key, []).append((x0, x1))
        for key in sorted(rows):
            out.append(sorted(rows[key]))
    return out

def stats(path):
    gaps, n, loose = [], 0, 0
    for words in lines(path):
        if len(words) < 2 or words[-1][1] < right - 0.5:
            continue
        g = [b[0] - a[1] for a, b in zip(words, words[1:])]
        g = [x for x in g if x >= 0.3 * space]
        if not g:
            continue
        n += 1
        gaps += g
        loose += max(g) > 2 * space
    gaps.sort()
    if not gaps:
        return None
    p95 = gaps[min(len(gaps) - 1, math.ceil(0.95 * len(gaps)) - 1)]
    return n, len(gaps), sum(gaps) / len(gaps), p95, gaps[-1], loose

print("justified paragraphs: %s; measure ends at %.2f pt; size %g pt; "
      "normal space %.3f pt" % (nparas, right, size, space))
fmt = "%-6s %6s %6s | %14s | %14s | %14s | %s"
print(fmt % ("", "lines", "gaps", "mean pt (xsp)", "p95 pt (xsp)",
             "max pt (xsp)", "lines > 2 sp"))
for name in ("ours", "fop"):
    s = stats("%s/%s.html" % (tmp, name))
    if s is None:
        print("%-6s no justified lines found" % name)
        continue
    n, ng, mean, p95, mx, loose = s
    c = lambda v: "%6.2f (%4.2f)" % (v, v / space)
    print(fmt % (name, n, ng, c(mean), c(p95), c(mx), loose))
PY
