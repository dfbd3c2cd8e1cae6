#!/usr/bin/env python3
"""compare_figures.py: every figure of a compare PDF read back.

    compare_figures.py TEMPLATE PDF_TEXT STATS_CSV [PER]

TEMPLATE is the comparison's template (templates/compare.xml); PDF_TEXT the
PDF as `pdftotext -layout` gives it; STATS_CSV the same snapshots'
`compare --format csv` (each year's figures as `stats` gives them, with
change and pct columns).  For each <figures> table of the template, in
order, and each pass of PER years (the template's <years per>), every
<figure> row is found in the text after the one before it, and each year's
value, change and percentage change are checked against the CSV: the
value as printed (thousands separators), the change with its sign (U+2212
minus), the percentage with one decimal, "–" where the previous figure is
under 10, "n/a" where the CSV has no change (the orders of 2015).  A row
marked na="yes" is a dash in every cell.  Prints each mismatch; exits 1 if
there is any, or if the template has no <figures> at all.
"""
import csv
import re
import sys
import xml.etree.ElementTree as ET

MINUS, DASH = "\u2212", "\u2013"


def thousands(n):
    return f"{n:,}"


def signed(n):
    return ("+" if n > 0 else MINUS if n < 0 else "") + thousands(abs(n))


def pct(s):
    v = float(s)
    if v == 0:
        return "0.0%"
    return ("+" if v > 0 else MINUS) + s.lstrip("-") + "%"


def main():
    tpl, text, stats = sys.argv[1:4]
    root = ET.parse(tpl).getroot()
    per = int(sys.argv[4]) if len(sys.argv) > 4 else None
    rows = {r[0]: r for r in csv.reader(open(stats, encoding="utf-8"))}
    head = rows["key"]
    years = [h for h in head[1:] if not h.startswith(("change ", "pct ")) and h != "note"]
    per = per or len(years)
    lines = open(text, encoding="utf-8").read().splitlines()
    tables = root.iter("figures")
    tables = list(tables)
    if not tables:
        print("no <figures> in the template")
        return 1
    bad = checked = 0
    at = 0
    for first in range(0, len(years), per):
        pass_years = list(range(first, min(first + per, len(years))))
        for t in tables:
            for f in t.iter("figure"):
                label = "".join(f.itertext()).strip()
                label = re.sub(r"\s+", " ", label)
                key, na = f.get("key"), f.get("na") == "yes"
                pat = re.compile(r"^\s*" + re.escape(label) + r"( †)?(\s{2,}|$)")
                while at < len(lines) and not pat.match(lines[at]):
                    at += 1
                if at == len(lines):
                    print(f"row '{label}' ({key}) not found")
                    return 1
                cells = re.split(r"\s{2,}", lines[at].strip())[1:]
                at += 1
                want = []
                for y in pass_years:
                    r = rows[key]
                    if na:
                        want += [DASH] + ([DASH, DASH] if y > 0 else [])
                        continue
                    want.append(thousands(int(r[1 + y])))
                    if y == 0:
                        continue
                    ch = r[len(years) + y]
                    pc = r[2 * len(years) - 1 + y]
                    if ch == "":
                        want += ["n/a", "n/a"]
                        continue
                    want.append(signed(int(ch)))
                    want.append(pct(pc) if int(r[y]) >= 10 and pc != "" else DASH)
                checked += len(want)
                if cells != want:
                    bad += 1
                    print(f"{key} ({label}), years {years[pass_years[0]]} to "
                          f"{years[pass_years[-1]]}: PDF {cells}, stats {want}")
    print(f"{checked} cells read back, {bad} rows differ")
    return 1 if bad else 0


sys.exit(main())
