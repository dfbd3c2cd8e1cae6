#!/usr/bin/env python3
"""editions.py: the two editions of a bilingual board's report.

    editions.py one LANG BOARD OUT
        write to OUT the board file as one edition reads it: its slots in
        LANG and those for every edition, without the other language's
        (welsh.py words is given it, so that the English words of the
        board's own English slots are not taken for the program's; the
        <editions> stay: their addresses are printed).
    editions.py figures STATS_JSON HTML...
        the tables of each HTML edition hold the same figures, cell for
        cell (every number of every table, in order), and every one of
        them is a figure of `stats` (STATS_JSON): exit 1 and print the
        first difference otherwise.  Prints how many were compared.
    editions.py structure HTML...
        the editions have the same layout: as many headings of each
        level, tables (with as many rows each), charts and images.  Exit 1
        and print the counts if they differ.
"""
import html.parser
import json
import re
import sys
import xml.etree.ElementTree as ET

NUMBER = re.compile(r"^[\u2212+-]?[0-9][0-9,]*(\.[0-9]+)?$")


def same_lang(a, b):
    return a.split("-")[0].lower() == b.split("-")[0].lower()


def one(lang, board, out):
    tree = ET.parse(board)
    root = tree.getroot()
    for el in list(root):
        tag = el.get("lang")
        if tag is not None and not same_lang(tag, lang):
            root.remove(el)
        elif tag is not None:
            del el.attrib["lang"]
    tree.write(out, encoding="utf-8", xml_declaration=True)


class Tables(html.parser.HTMLParser):
    """Each table's cells' text, and the counts structure() compares."""

    def __init__(self):
        super().__init__()
        self.tables, self.cell = [], None
        self.counts = {}
        self.rows = []

    def handle_starttag(self, tag, attrs):
        if tag in ("h1", "h2", "h3", "h4", "table", "svg", "img"):
            self.counts[tag] = self.counts.get(tag, 0) + 1
        if tag == "table":
            self.tables.append([])
            self.rows.append(0)
        elif tag == "tr" and self.rows:
            self.rows[-1] += 1
        elif tag in ("td", "th") and self.tables:
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.tables[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def parse(path):
    p = Tables()
    with open(path, encoding="utf-8") as f:
        p.feed(f.read())
    return p


def value(text):
    t = text.replace(",", "").replace("\u2212", "-")
    return float(t) if "." in t else int(t)


def stats_values(node, out):
    if isinstance(node, dict):
        for v in node.values():
            stats_values(v, out)
    elif isinstance(node, list):
        for v in node:
            stats_values(v, out)
    elif isinstance(node, (int, float)) and not isinstance(node, bool):
        out.add(node)
    return out


def figures(stats, paths):
    with open(stats, encoding="utf-8") as f:
        known = stats_values(json.load(f), set())
    eds = [[[value(c) for c in t if NUMBER.match(c)] for t in parse(p).tables]
           for p in paths]
    for p, e in zip(paths[1:], eds[1:]):
        if e != eds[0]:
            for i, (a, b) in enumerate(zip(eds[0], e)):
                if a != b:
                    print(f"table {i + 1}: {paths[0]} has {a}, {p} has {b}")
                    return 1
            print(f"{paths[0]} has {len(eds[0])} tables, {p} {len(e)}")
            return 1
    n = 0
    for i, t in enumerate(eds[0]):
        for v in t:
            if v not in known:
                print(f"table {i + 1}: {v} is no figure of the statistics")
                return 1
            n += 1
    if n < 40:
        print(f"only {n} figures in the tables: the check sees too little")
        return 1
    print(f"{n} figures in {len(eds[0])} tables, the same in "
          f"{len(paths)} editions, each a figure of the statistics")
    return 0


def structure(paths):
    got = [(sorted(p.counts.items()), p.rows) for p in map(parse, paths)]
    if any(g != got[0] for g in got[1:]):
        for p, g in zip(paths, got):
            print(p, g)
        return 1
    print(f"{dict(got[0][0])}, rows {got[0][1]}")
    return 0


def main(argv):
    if len(argv) == 5 and argv[1] == "one":
        one(argv[2], argv[3], argv[4])
        return 0
    if len(argv) >= 4 and argv[1] == "figures":
        return figures(argv[2], argv[3:])
    if len(argv) >= 3 and argv[1] == "structure":
        return structure(argv[2:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
