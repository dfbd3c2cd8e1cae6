#!/usr/bin/env python3
"""welsh.py: no English word of the program's own in a Welsh edition.

    welsh.py words TABLES SOURCE...
        print the words and phrases to look for, one a line ("w WORD",
        "p PHRASE"): those of the English message table where the Welsh
        differs, less any the Welsh table also has and any that the
        sources (template, board file, snapshot: text and attribute
        values, not markup or comments) write themselves; and a date
        in each English month ("r REGEX"), which the sources never
        write whole.
    welsh.py text FILE
        print the text a reader gets from a PDF (pdftotext, and the
        strings of the structure tree, links and outlines: /Alt,
        /ActualText, /Contents, /Title, through qpdf --json), an HTML
        file (text and attribute values) or an ODS (content.xml,
        meta.xml: text and table names).
    welsh.py check LIST TEXT...
        print each word, phrase or date ("r REGEX") of LIST found in a
        TEXT (whole words, any case) and exit 1 if there is one.
    welsh.py count LIST TEXT...
        print how many of LIST's words the TEXTs have (the English
        edition's, which must have many: the check sees what it should).

The words come from the tables the program is built with (msgtables
prints them), so the test follows the tables as they change.
"""
import html.parser
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile

CONV = re.compile(r"%[-+ #0-9.*hljztL]*[a-zA-Z%]")
WORD = re.compile(r"[^\W\d_]+")
TABLE_NAME = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}name"
# The provenance record ("mappa-report 0.1.0; snapshot sha256 ...; image
# sha256 ...", a comparison's "mappa-report 0.1.0; compare; 2011-12
# snapshot sha256 ...") is a machine's, which verify reads: in no language.
PROVENANCE = re.compile(r"mappa-report [^;\s]+; [^\n]*snapshot sha256 [^\n]*")
# A hash the colophon prints (its letters are no words: "...4be8ab...").
HEX = re.compile(r"\b[0-9a-f]{32,}\b")


def norm(s):
    """Lower case, one space between words, curly apostrophes straight."""
    s = s.replace("\u2019", "'").replace("\u00a0", " ")
    return " ".join(s.lower().split())


def words(s):
    return {w.lower() for w in WORD.findall(s.replace("\u2019", "'"))}


def xml_text(path):
    """Text and attribute values of an XML file; no markup, no comments."""
    out = []
    for el in ET.parse(path).iter():
        if el.text:
            out.append(el.text)
        if el.tail:
            out.append(el.tail)
        out.extend(el.attrib.values())
    return "\n".join(out)


def cmd_words(tables, sources):
    en, cy = {}, {}
    with open(tables, encoding="utf-8") as f:
        for line in f:
            name, e, c = line.rstrip("\n").split("\t")
            en[name], cy[name] = e, c
    cy_words = set()
    for c in cy.values():
        cy_words |= words(CONV.sub(" ", c))
    src = "\n".join(xml_text(p) for p in sources)
    src_words, src_norm = words(src), norm(src)
    found_w, found_p = set(), set()
    for name, e in en.items():
        if e == cy[name]:
            continue
        found_w |= words(CONV.sub(" ", e)) - cy_words - src_words
        for frag in CONV.split(e):
            frag = norm(frag).strip(" .,:;()")
            if len(WORD.findall(frag)) >= 2 and frag not in src_norm:
                found_p.add(frag)
    # A month is a word the template uses too ("since March 2015"); a
    # date the program writes is the DATE message's shape around it.
    found_r = set()
    for m in ("JANUARY", "FEBRUARY", "MARCH", "APRIL", "MAY", "JUNE",
            "JULY", "AUGUST", "SEPTEMBER", "OCTOBER", "NOVEMBER", "DECEMBER"):
        month = en["MAPPA_MSG_" + m]
        if month == cy["MAPPA_MSG_" + m]:
            continue
        parts = CONV.split(en["MAPPA_MSG_DATE"])
        assert len(parts) == 4, "DATE is day, month, year"
        rx = (r"\b" + r"\d{1,2}" + re.escape(parts[1]) + re.escape(month.lower())
            + re.escape(parts[2]) + r"\d{4}\b")
        if not re.search(rx, src_norm):
            found_r.add(rx)
    for w in sorted(found_w):
        print("w", w)
    for p in sorted(found_p):
        print("p", p)
    for r in sorted(found_r):
        print("r", r)


class HTMLText(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.out, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script"):
            self.skip += 1
        # a browser's instruction (http-equiv: the content security
        # policy, 'none'), not words for a reader
        if tag == "meta" and "http-equiv" in dict(attrs):
            return
        for k, v in attrs:
            if v and k in ("alt", "title", "aria-label", "content"):
                self.out.append(v)

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)


def pdf_strings(path):
    js = json.loads(subprocess.run(["qpdf", "--json", "--json-key=qpdf",
        path], check=True, capture_output=True).stdout)
    out = []
    for obj in js["qpdf"][1].values():
        val = obj.get("value") if isinstance(obj, dict) else None
        if not isinstance(val, dict):
            continue
        for k in ("/Alt", "/ActualText", "/Contents", "/Title"):
            v = val.get(k)
            if isinstance(v, str) and v.startswith("u:"):
                out.append(v[2:])
    return out


def cmd_text(path):
    if path.endswith(".pdf"):
        txt = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"],
            check=True, capture_output=True, text=True).stdout
        parts = [txt] + pdf_strings(path)
    elif path.endswith(".html"):
        p = HTMLText()
        with open(path, encoding="utf-8") as f:
            p.feed(f.read())
        parts = p.out
    elif path.endswith(".ods"):
        z = zipfile.ZipFile(path)
        parts = []
        for part in ("content.xml", "meta.xml"):
            for el in ET.fromstring(z.read(part)).iter():
                parts += [el.text or "", el.tail or ""]
                parts += [v for k, v in el.attrib.items() if k == TABLE_NAME]
    else:
        sys.exit("welsh.py: %s: not .pdf, .html or .ods" % path)
    sys.stdout.write(HEX.sub("", PROVENANCE.sub("", "\n".join(parts)))
        + "\n")


def load(listfile, texts):
    items = []
    with open(listfile, encoding="utf-8") as f:
        for line in f:
            kind, _, what = line.rstrip("\n").partition(" ")
            items.append((kind, what))
    blob = ""
    for t in texts:
        with open(t, encoding="utf-8") as f:
            blob += " " + f.read()
    return items, norm(blob), words(blob)


def cmd_check(listfile, texts):
    items, blob, have = load(listfile, texts)
    bad = [(k, w) for k, w in items
        if (k == "w" and w in have) or (k == "p" and w in blob) or
        (k == "r" and re.search(w, blob))]
    for k, w in bad:
        print("English %s in the Welsh edition: %s" % ({"w": "word",
            "p": "phrase", "r": "date"}[k], w))
    sys.exit(1 if bad else 0)


def cmd_count(listfile, texts):
    items, _, have = load(listfile, texts)
    print(sum(1 for k, w in items if k == "w" and w in have))


def main():
    a = sys.argv[1:]
    if len(a) >= 2 and a[0] == "words":
        cmd_words(a[1], a[2:])
    elif len(a) == 2 and a[0] == "text":
        cmd_text(a[1])
    elif len(a) >= 3 and a[0] == "check":
        cmd_check(a[1], a[2:])
    elif len(a) >= 3 and a[0] == "count":
        cmd_count(a[1], a[2:])
    else:
        sys.exit(__doc__)


main()
