#!/usr/bin/python3
# check.py: the rules of a tagged (PDF/UA-1), archival (PDF/A-2a) PDF that a
# program can check, read back with pikepdf (Debian's python3-pikepdf) and
# poppler.  Usage: check.py [-v] [--lang=TAG] FILE.pdf...  Prints one line
# per failed rule ("FILE: rule: detail") and exits 1 if any failed, 0 if all
# passed; with -v, also what it saw.  --lang: the language the catalog must
# give (en-GB by default; cy for a Welsh edition).  veraPDF is not in Debian: this is what stands in.
import re
import subprocess
import sys

import pikepdf
from pikepdf import Name, Dictionary, Array

# Standard structure types this program writes (ISO 32000-1, 14.8.4).
TYPES = {'/Document', '/Sect', '/H1', '/H2', '/H3', '/P', '/L', '/LI', '/Lbl',
         '/LBody', '/Table', '/THead', '/TBody', '/TR', '/TH', '/TD',
         '/Caption', '/TOC', '/TOCI', '/Link', '/Figure', '/Span',
         '/Reference'}
# What a TOCI may hold (ISO 32000-1, 14.8.4.3.2): not a Link directly.
TOCI_KIDS = {'/Lbl', '/Reference', '/NonStruct', '/P', '/TOC'}
# A web or email address as a reader sees one in the text (pdftotext).
ADDRESS = re.compile(r'(?:https?://|\bwww\.)[^\s<>"]+|'
                     r'[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+',
                     re.I)
# Operators that show text or paint: each must be tagged or an artifact.
SHOW = {'Tj', 'TJ', "'", '"'}
PAINT = {'S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*', 'Do', 'sh'}


class Report:
    def __init__(self, path):
        self.path = path
        self.fails = []

    def fail(self, rule, detail=''):
        self.fails.append('%s: %s%s' % (self.path, rule,
                                        ': ' + detail if detail else ''))

    def expect(self, cond, rule, detail=''):
        if not cond:
            self.fail(rule, detail)
        return cond


def catalog(r, pdf, raw, lang):
    root = pdf.Root
    mi = root.get('/MarkInfo')
    r.expect(mi is not None and bool(mi.get('/Marked')), 'MarkInfo Marked')
    r.expect('/StructTreeRoot' in root and
             '/ParentTree' in root.StructTreeRoot,
             'StructTreeRoot with a ParentTree')
    r.expect(str(root.get('/Lang', '')) == lang, 'Lang ' + lang,
             str(root.get('/Lang')))
    vp = root.get('/ViewerPreferences')
    r.expect(vp is not None and bool(vp.get('/DisplayDocTitle')),
             'ViewerPreferences DisplayDocTitle')
    r.expect(raw.startswith(b'%PDF-1.7'), 'PDF 1.7 header', repr(raw[:8]))
    r.expect(re.match(rb'%PDF-1\.\d\r?\n%[\x80-\xff]{4}', raw) is not None,
             'binary comment after the header (PDF/A)')
    r.expect('/ID' in pdf.trailer, 'trailer ID (PDF/A)')
    r.expect('/Encrypt' not in pdf.trailer, 'not encrypted (PDF/A)')
    title = str(pdf.docinfo.get('/Title', ''))
    r.expect(title != '', 'document title in the information')
    md = root.get('/Metadata')
    if not r.expect(md is not None, 'XMP metadata'):
        return
    r.expect('/Filter' not in md, 'XMP metadata not compressed')
    xmp = md.read_bytes().decode('utf-8')
    for want in ('<pdfaid:part>2</pdfaid:part>',
                 '<pdfaid:conformance>A</pdfaid:conformance>',
                 '<pdfuaid:part>1</pdfuaid:part>', '<dc:title>',
                 '<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>'):
        r.expect(want in xmp, 'XMP has ' + want)
    m = re.search(r'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">'
                  r'(.*?)</rdf:li>', xmp)
    unesc = lambda s: (s.replace('&lt;', '<').replace('&gt;', '>')
                       .replace('&amp;', '&'))
    r.expect(m is not None and unesc(m.group(1)) == title,
             'XMP dc:title is the information title')
    author = str(pdf.docinfo.get('/Author', ''))
    if author:
        r.expect('<dc:creator><rdf:Seq><rdf:li>%s</rdf:li>' %
                 author.replace('&', '&amp;').replace('<', '&lt;') in xmp,
                 'XMP dc:creator is the information author')
    ois = root.get('/OutputIntents')
    ok = ois is not None and len(ois) >= 1 and \
        ois[0].get('/S') == Name('/GTS_PDFA1') and \
        ois[0].DestOutputProfile.get('/N') == 3
    r.expect(ok, 'sRGB output intent GTS_PDFA1 (PDF/A)')


def fonts(r, pdf):
    for page in pdf.pages:
        for name, f in page.Resources.get('/Font', {}).items():
            for d in f.get('/DescendantFonts', [f]):
                fd = d.get('/FontDescriptor')
                r.expect(fd is not None and ('/FontFile2' in fd or
                                             '/FontFile' in fd or
                                             '/FontFile3' in fd),
                         'font embedded', str(d.get('/BaseFont')))
            r.expect('/ToUnicode' in f, 'font has ToUnicode',
                     str(f.get('/BaseFont')))


words = []     # hyphenated words, whole, from the Spans' ActualText


def walk(r, pdf):
    """The tree in order: checks element by element; returns what the
    ParentTree must say: {(page objgen, mcid): element objgen}, and the
    OBJRs {annotation objgen: element objgen}."""
    mcids, objrs, headings = {}, {}, []
    types = {}
    words.clear()
    if '/StructTreeRoot' not in pdf.Root:
        r.fail('structure tree', 'none')
        return mcids, objrs, types
    root = pdf.Root.StructTreeRoot

    def visit(e, depth):
        if depth > 100:
            r.fail('tree depth', 'over 100')
            return
        s = str(e.get('/S'))
        types[s] = types.get(s, 0) + 1
        r.expect(s in TYPES, 'standard structure type', s)
        if s == '/Figure':
            alt = str(e.get('/Alt', ''))
            r.expect(len(alt) > 10, 'Figure has Alt', repr(alt))
        if s == '/TH':
            a = e.get('/A')
            r.expect(a is not None and
                     str(a.get('/Scope')) in ('/Column', '/Row', '/Both'),
                     'TH has a Scope')
        if s in ('/H1', '/H2', '/H3'):
            headings.append(int(s[2]))
        if s == '/Span' and str(e.get('/ActualText', '')).strip() != '':
            words.append(str(e.ActualText))
        pg = e.get('/Pg')
        k = e.get('/K')
        kids = k if isinstance(k, Array) else [] if k is None else [k]
        for kid in kids:
            if isinstance(kid, int):
                if r.expect(pg is not None, 'MCID with a page', s):
                    mcids[(pg.objgen, int(kid))] = e.objgen
            elif isinstance(kid, Dictionary) and \
                    kid.get('/Type') == Name('/MCR'):
                mcids[(kid.Pg.objgen, int(kid.MCID))] = e.objgen
            elif isinstance(kid, Dictionary) and \
                    kid.get('/Type') == Name('/OBJR'):
                objrs[kid.Obj.objgen] = e.objgen
            elif isinstance(kid, Dictionary):
                if s == '/TOCI':
                    r.expect(str(kid.get('/S')) in TOCI_KIDS,
                             'TOCI holds Lbl, Reference, NonStruct, P or TOC',
                             str(kid.get('/S')))
                r.expect(kid.get('/P') is not None and
                         kid.P.objgen == e.objgen, 'kid points to parent', s)
                visit(kid, depth + 1)
    top = root.get('/K')
    tops = top if isinstance(top, Array) else [top]
    r.expect(len(tops) == 1 and str(tops[0].get('/S')) == '/Document',
             'the root holds one Document')
    for t in tops:
        visit(t, 0)
    # no skipped levels: each heading at most one deeper than the last
    last = 0
    for h in headings:
        if h > last + 1:
            r.fail('heading levels', 'H%d after H%d' % (h, last))
            break
        last = h
    r.expect(headings[:1] == [1], 'the first heading is H1', str(headings[:3]))
    return mcids, objrs, types


def content(r, pdf, page, n):
    """MCIDs on the page, after checking that every text-showing or
    painting operator is inside tagged content or an artifact."""
    found = set()
    stack = []
    bad = 0
    for operands, op in pikepdf.parse_content_stream(page):
        op = str(op)
        if op in ('BDC', 'BMC'):
            tag = str(operands[0])
            mcid = None
            if op == 'BDC' and isinstance(operands[1], Dictionary) and \
                    '/MCID' in operands[1]:
                mcid = int(operands[1].MCID)
                r.expect(mcid not in found, 'MCID used once on a page',
                         'page %d MCID %d' % (n, mcid))
                found.add(mcid)
            stack.append((tag, mcid))
        elif op == 'EMC':
            if not r.expect(stack, 'EMC matches a BDC', 'page %d' % n):
                return found
            stack.pop()
        elif op in SHOW or op in PAINT:
            tagged = any(m is not None for _, m in stack)
            art = any(t == '/Artifact' for t, _ in stack)
            if not (tagged or art):
                bad += 1
    r.expect(bad == 0, 'content tagged or an artifact',
             'page %d: %d operators outside' % (n, bad))
    r.expect(not stack, 'marked content closed', 'page %d' % n)
    return found


def parenttree(pdf):
    nums = {}

    def collect(node):
        if '/Nums' in node:
            a = node.Nums
            for i in range(0, len(a), 2):
                nums[int(a[i])] = a[i + 1]
        for kid in node.get('/Kids', []):
            collect(kid)
    if '/StructTreeRoot' in pdf.Root and \
            '/ParentTree' in pdf.Root.StructTreeRoot:
        collect(pdf.Root.StructTreeRoot.ParentTree)
    return nums


def check(path, verbose, lang='en-GB'):
    r = Report(path)
    raw = open(path, 'rb').read()
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PdfError as e:
        r.fail('opens', str(e))
        return r
    catalog(r, pdf, raw, lang)
    fonts(r, pdf)
    mcids, objrs, types = walk(r, pdf)
    nums = parenttree(pdf)
    uris = {}       # page number: the URIs of its link annotations
    for n, page in enumerate(pdf.pages, 1):
        po = page.obj
        r.expect(po.get('/Tabs') == Name('/S'), 'page Tabs /S', str(n))
        found = content(r, pdf, page, n)
        key = po.get('/StructParents')
        if not r.expect(key is not None, 'page has StructParents', str(n)):
            continue
        arr = nums.get(int(key))
        if not r.expect(arr is not None or not found,
                        'ParentTree entry for the page', str(n)):
            continue
        arr = arr if arr is not None else []
        for m in sorted(found):
            want = mcids.get((po.objgen, m))
            if not r.expect(want is not None, 'MCID in the tree',
                            'page %d MCID %d' % (n, m)):
                continue
            r.expect(m < len(arr) and arr[m].objgen == want,
                     'ParentTree gives the MCID its element',
                     'page %d MCID %d' % (n, m))
        for (pg, m) in mcids:
            if pg == po.objgen:
                r.expect(m in found, 'tree MCID on the page',
                         'page %d MCID %d' % (n, m))
        for a in po.get('/Annots', []):
            if a.get('/Subtype') != Name('/Link'):
                continue
            r.expect('/Contents' in a, 'link has Contents', str(n))
            act = a.get('/A')
            if act is not None and act.get('/S') == Name('/URI'):
                uris.setdefault(n, set()).add(bytes(act.URI).decode(
                    'ascii', errors='replace'))
            r.expect(int(a.get('/F', 0)) & 4 == 4, 'annotation printable '
                     '(PDF/A)', str(n))
            sp = a.get('/StructParent')
            if not r.expect(sp is not None, 'link has StructParent', str(n)):
                continue
            el = nums.get(int(sp))
            r.expect(el is not None and objrs.get(a.objgen) == el.objgen and
                     str(el.get('/S')) == '/Link',
                     'link annotation in the tree as a Link', str(n))
    # poppler reads it without a word of complaint
    for cmd in (['pdftotext', path, '-'], ['pdffonts', path]):
        p = subprocess.run(cmd, capture_output=True)
        r.expect(p.returncode == 0 and p.stderr == b'',
                 'poppler %s silent' % cmd[0],
                 p.stderr.decode(errors='replace').strip()[:200])
        if cmd[0] == 'pdftotext':
            text = p.stdout.decode('utf-8', errors='replace')
            # every address in the text is a link there (and so, by the
            # rule above, a Link element in the tree)
            for n, ptext in enumerate(text.split('\f'), 1):
                for m in ADDRESS.finditer(ptext):
                    a = m.group(0).rstrip('.,;:!?\')]}')
                    want = {a, 'http://' + a, 'mailto:' + a}
                    r.expect(want & uris.get(n, set()),
                             'address in the text has its link',
                             'page %d: %s' % (n, a))
            for w in words:
                r.expect(w in text, 'a hyphenated word copies whole', w)
    if verbose:
        print('%s: %d pages, %d MCIDs, %d links; %s' % (
            path, len(pdf.pages), len(mcids), len(objrs),
            ' '.join('%s=%d' % (k[1:], v) for k, v in sorted(types.items()))))
    return r


def main():
    args = sys.argv[1:]
    verbose = '-v' in args
    lang = 'en-GB'
    for a in args:
        if a.startswith('--lang='):
            lang = a[len('--lang='):]
    files = [a for a in args if a != '-v' and not a.startswith('--lang=')]
    if not files:
        print('usage: check.py [-v] [--lang=TAG] FILE.pdf...',
              file=sys.stderr)
        return 64
    fails = 0
    for f in files:
        r = check(f, verbose, lang)
        for line in r.fails[:40]:
            print(line)
        if len(r.fails) > 40:
            print('%s: ... %d more' % (f, len(r.fails) - 40))
        fails += len(r.fails)
    return 1 if fails else 0


if __name__ == '__main__':
    sys.exit(main())
