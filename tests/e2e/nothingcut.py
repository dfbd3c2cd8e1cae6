#!/usr/bin/env python3
# nothingcut.py: no word of a board file is ever missing from a report
# that exits 0 (issue 20).  Board files are generated with random long
# content in the slots (a table whose one cell runs over pages, a case
# study longer than a page, a list item longer than a page, a signatory's
# role of a page, pictures taller than a page), every word a token of its
# own (zq and a number: too few letters to hyphenate, never split), and
# each report is read back: every token put in must come out of the PDF
# (pdftotext) and out of the HTML edition, and the pictures must be there
# (as many images in the PDF as pdfimages counts, alt texts in the HTML).
# Run by nothingcut.sh:  nothingcut.py PROGRAM SRCDIR TMPDIR COUNT
import html.parser
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import zlib

prog, src, tmp, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
passed = failed = 0
serial = 0


def ok(name):
    global passed
    passed += 1
    print('ok   ' + name)


def bad(name, why):
    global failed
    failed += 1
    print('FAIL %s: %s' % (name, why))


def words(rng, n):
    """n new tokens, each once in the whole run, as a sentence."""
    global serial
    out = []
    for _ in range(n):
        serial += 1
        out.append('zq%d' % serial)
    # full stops now and then, for sentences the breaker can end
    return ' '.join(w + ('.' if rng.random() < 0.1 else '') for w in out)


def png(path, w, h):
    """A grey PNG of w x h pixels, made here: no image tool needed."""
    raw = b''.join(b'\0' + bytes([160]) * w for _ in range(h))
    def chunk(t, d):
        c = struct.pack('>I', len(d)) + t + d
        return c + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
    with open(path, 'wb') as f:
        f.write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack(
            '>IIBBBBB', w, h, 8, 0, 0, 0, 0)) + chunk(b'IDAT',
            zlib.compress(raw)) + chunk(b'IEND', b''))


def achievements(rng, cells):
    """The achievements slot: long cells (added to cells), a long item, a
    tall picture."""
    parts = ['<p>%s</p>' % words(rng, rng.randint(20, 200))]
    for _ in range(rng.randint(1, 2)):
        rows = []
        for _ in range(rng.randint(1, 8)):
            cell = words(rng, rng.choice([3, 30, 300, 900]))
            rows.append('<row><cell>%s</cell><cell>%s</cell></row>' % (
                words(rng, rng.randint(1, 6)), cell))
            cells.append(cell)
        parts.append('<table compare="no" title="Table of %s">'
                     '<column align="left" width="%d"/><column align="left"/>'
                     '<head><row><cell>Area</cell><cell>What was done</cell>'
                     '</row></head>%s</table>' % (
                         words(rng, 2), rng.choice([80, 120, 200]),
                         ''.join(rows)))
    items = ''.join('<item>%s</item>' % words(rng, rng.choice([5, 50, 700]))
                    for _ in range(rng.randint(1, 4)))
    parts.append('<list>%s</list>' % items)
    if rng.random() < 0.7:
        parts.append('<image src="tall.png" alt="Picture %s"/>' %
                     words(rng, 1))
    return ''.join(parts)


def casestudies(rng):
    """Case studies, one of them longer than a page."""
    out = []
    for _ in range(rng.randint(1, 3)):
        paras = ''.join('<p>%s</p>' % words(rng, rng.choice([40, 200, 500]))
                        for _ in range(rng.randint(1, 5)))
        out.append('<case-study title="Case %s">%s</case-study>' % (
            words(rng, 1), paras))
    return ''.join(out)


def board(rng, base, cells):
    """The sample board file with its slots of random long content; the
    text of its table cells added to cells."""
    text = open(base, encoding='utf-8').read()
    def swap(tag, body):
        nonlocal text
        a = text.index('<%s>' % tag)
        b = text.index('</%s>' % tag) + len('</%s>' % tag)
        text = text[:a] + '<%s>%s</%s>' % (tag, body, tag) + text[b:]
    swap('achievements', achievements(rng, cells))
    swap('case-studies', casestudies(rng))
    # a signatory whose role runs longer than a page
    text = text.replace('role="Chief Executive, Probation Trust"',
                        'role="%s"' % words(rng, rng.choice([10, 400])), 1)
    return text


class Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.out, self.alts = [], []

    def handle_data(self, d):
        self.out.append(d)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == 'img' and a.get('alt'):
            self.alts.append(a['alt'])


TOKEN = re.compile(r'zq\d+')


def check(name, want, got):
    lost = sorted(set(want) - set(got), key=lambda t: int(t[2:]))
    if lost:
        bad(name, '%d of %d words missing, first %s' % (
            len(lost), len(set(want)), ' '.join(lost[:5])))
    else:
        ok(name)


snap = os.path.join(src, 'samples', 'dorset-2011-12.xml')
base = os.path.join(src, 'samples', 'dorset-2011-12.board.xml')
work = os.path.join(tmp, 'nothingcut')
os.makedirs(work, exist_ok=True)
for f in os.listdir(os.path.join(src, 'samples')):
    if f.endswith('.png') or f.endswith('.jpg'):
        shutil.copy(os.path.join(src, 'samples', f), work)
png(os.path.join(work, 'tall.png'), 40, 900)

for case in range(count):
    rng = random.Random(2000 + case)
    cells = []
    text = board(rng, base, cells)
    bpath = os.path.join(work, 'board%d.xml' % case)
    with open(bpath, 'w', encoding='utf-8') as f:
        f.write(text)
    put = TOKEN.findall(text)
    # a picture's alt is in the PDF's structure, not its text
    alts = TOKEN.findall(' '.join(re.findall(r'alt="([^"]*)"', text)))
    name = 'case %d (%d words)' % (case, len(put))
    pdf = os.path.join(work, 'r%d.pdf' % case)
    htm = os.path.join(work, 'r%d.html' % case)
    r = subprocess.run([prog, 'render', snap, '--board', bpath, '-o', pdf],
                       capture_output=True, text=True)
    if r.returncode != 0:
        bad(name + ': PDF', 'exit %d: %s' % (r.returncode, r.stderr[:300]))
        continue
    got = subprocess.run(['pdftotext', pdf, '-'], capture_output=True,
                         text=True).stdout
    check(name + ': every word in the PDF', set(put) - set(alts),
          TOKEN.findall(got))
    # a cell is one element however many pages it runs over: its first
    # and last words in the text of one structure element
    # (a word hyphenated across lines is Spans inside its element: their
    # pieces join the element's text, less the hyphen the line added)
    elems, cur, span = [], None, False
    for ln in subprocess.run(['pdfinfo', '-struct-text', pdf],
                             capture_output=True, text=True).stdout.split('\n'):
        t = ln.strip()
        if t.startswith('"'):
            if cur is not None:
                t = t[1:-1]
                cur.append(t[:-1] if span and t.endswith('-') else t)
        elif t.startswith('Span'):
            span = True
        elif t and not t.startswith('/'):
            cur, span = [], False
            elems.append(cur)
    elems = [[''.join(e)] for e in elems]
    split = 0
    for c in cells:
        toks = TOKEN.findall(c)
        first = [e for e in elems if re.search(r'\b%s\b' % toks[0], ' '.join(e))]
        if len(first) != 1 or not re.search(r'\b%s\b' % toks[-1], ' '.join(first[0])):
            split += 1
    if split == 0:
        ok(name + ': each of %d cells one structure element' % len(cells))
    else:
        bad(name + ': cells', '%d of %d not one structure element' % (
            split, len(cells)))
    # the pictures: every one drawn (the tall one scaled to the page)
    imgs = subprocess.run(['pdfimages', '-list', pdf], capture_output=True,
                          text=True).stdout.splitlines()[2:]
    want_imgs = text.count('<logo ') + text.count('signature="') + \
        text.count('<image ')
    if len(imgs) >= want_imgs:
        ok(name + ': %d pictures drawn' % len(imgs))
    else:
        bad(name + ': pictures', '%d drawn, %d in the board file' % (
            len(imgs), want_imgs))
    r = subprocess.run([prog, 'render', snap, '--board', bpath, '-o', htm],
                       capture_output=True, text=True)
    if r.returncode != 0:
        bad(name + ': HTML', 'exit %d: %s' % (r.returncode, r.stderr[:300]))
        continue
    p = Text()
    p.feed(open(htm, encoding='utf-8').read())
    check(name + ': every word in the HTML', put,
          TOKEN.findall(' '.join(p.out + p.alts)))
    for f in (pdf, htm):
        os.unlink(f)

print('%d passed, %d failed' % (passed, failed))
sys.exit(1 if failed else 0)
