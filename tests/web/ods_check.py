#!/usr/bin/python3
# ods_check.py: read a spreadsheet written by mappa-report back with
# Debian's python3-odf (a reader that is not ours) and check it: the sheets
# a statistical release has, and every figure against `mappa-report stats`.
# For tests/e2e/web.sh.
#
#   ods_check.py render REPORT.ods STATS.csv [PREVIOUS.csv]
#	every number cell is named (xml:id "<sheet>.<key>"); its value must be
#	the key's in STATS (previous.<key>: in PREVIOUS; change.<key>: the
#	difference)
#   ods_check.py compare TRENDS.ods YEAR.csv...
#	every sheet has a "Key" column and a column per year, in the order of
#	the CSV files; every figure of every year is there once and equal
#
# Prints "ok: ..." lines, or one line per problem and exits 1.
import csv
import sys

from odf.opendocument import load
from odf.table import Table, TableCell, TableRow, CoveredTableCell
from odf.text import P

XML_ID = ('http://www.w3.org/XML/1998/namespace', 'id')
problems = []


def bad(msg):
    problems.append(msg)


def stats(path):
    with open(path, newline='') as f:
        return {row[0]: row[1] for row in csv.reader(f) if len(row) == 2}


def cells(row):
    """The cells of a row, repeated ones expanded: (type, value, text, id)."""
    out = []
    for c in row.childNodes:
        if c.qname[1] not in ('table-cell', 'covered-table-cell'):
            continue
        rep = int(c.getAttribute('numbercolumnsrepeated') or 1)
        ps = c.getElementsByType(P)
        xid = ps[0].attributes.get(XML_ID) if ps else None
        item = (c.getAttribute('valuetype'), c.getAttribute('value'),
                str(c), xid)
        out.extend([item] * min(rep, 64))
    return out


def sheets(path):
    doc = load(path)
    return [(t.getAttribute('name'),
             [cells(r) for r in t.getElementsByType(TableRow)])
            for t in doc.spreadsheet.getElementsByType(Table)]


def common(book):
    """What every release has: cover, contents, notes, titled tables."""
    names = [n for n, _ in book]
    if names[:3] != ['Cover', 'Contents', 'Notes']:
        bad(f'the first sheets are {names[:3]}, not Cover, Contents, Notes')
    tables = book[3:]
    if not tables:
        bad('no table sheets')
    contents = dict(book).get('Contents', [])
    listed = [r[0][2] for r in contents[3:] if r]
    for n, _ in tables:
        if n not in listed:
            bad(f'sheet {n} is not in the contents')
    notes_text = ' '.join(c[2] for r in dict(book).get('Notes', []) for c in r)
    for n, rows in tables:
        if not rows or not rows[0] or rows[0][0][0] != 'string' or \
                not rows[0][0][2]:
            bad(f'{n}: no title in A1')
        if len(rows) < 2 or rows[1][0][2] != 'This worksheet contains one table.':
            bad(f'{n}: A2 does not say what the sheet holds')
        flat = [c for r in rows for c in r]
        if any(c[2] == '[x]' for c in flat) and '[x]' not in notes_text:
            bad(f'{n}: [x] cells but no [x] in the notes')
        for c in flat:
            if c[0] == 'float':
                if c[1] is None or c[2].replace(',', '') != \
                        ('%.0f' % float(c[1]) if float(c[1]).is_integer() else c[1]):
                    bad(f'{n}: number cell shows {c[2]!r} for value {c[1]!r}')
            elif c[0] == 'string' and c[2].replace(',', '').lstrip('-+').isdigit():
                bad(f'{n}: a figure stored as text: {c[2]!r}')
    return tables


def header(rows):
    """The header row: the first with more than one cell, after the titles."""
    for i, r in enumerate(rows):
        if len(r) > 1:
            return i, r
    return None, None


def check_render(path, cur, prev):
    book = sheets(path)
    tables = common(book)
    n = 0
    for name, rows in tables:
        hi, head = header(rows)
        if head is None:
            bad(f'{name}: no header row')
            continue
        if any(not c[2] for c in head):
            bad(f'{name}: a blank column header')
        for r in rows[hi + 1:]:
            if r and (r[0][0] != 'string' or not r[0][2]):
                bad(f'{name}: a row without a label')
            for c in r:
                if c[0] != 'float':
                    continue
                if not c[3] or not c[3].startswith(name + '.'):
                    bad(f'{name}: number {c[1]} has no name')
                    continue
                key = c[3][len(name) + 1:]
                if key.startswith('previous.'):
                    want = prev.get(key[9:]) if prev else None
                elif key.startswith('change.'):
                    k = key[7:]
                    want = None if not prev or k not in cur or k not in prev \
                        else str(int(cur[k]) - int(prev[k]))
                else:
                    want = cur.get(key)
                if want is None:
                    bad(f'{name}: {key} is not a figure of stats')
                elif float(c[1]) != float(want):
                    bad(f'{name}: {key} is {c[1]}, stats says {want}')
                n += 1
    if n < 20:
        bad(f'only {n} figures')
    print(f'ok: {n} figures in {len(tables)} tables match stats')


def check_compare(path, years):
    book = sheets(path)
    tables = common(book)
    seen = {}
    for name, rows in tables:
        hi, head = header(rows)
        if head is None or [c[2] for c in head[:2]] != ['Figure', 'Key (as in stats)']:
            bad(f'{name}: header {head and [c[2] for c in head]}')
            continue
        if len(head) != 2 + len(years):
            bad(f'{name}: {len(head) - 2} year columns for {len(years)} snapshots')
        for r in rows[hi + 1:]:
            key = r[1][2]
            if key in seen:
                bad(f'{key} in {seen[key]} and {name}')
            seen[key] = name
            for i, st in enumerate(years):
                c = r[2 + i]
                if c[0] != 'float' or float(c[1]) != float(st.get(key, 'nan')):
                    bad(f'{name}: {key} year {i + 1} is {c[1]!r}, stats says {st.get(key)}')
    numeric = [k for k, v in years[0].items() if v.lstrip('-').isdigit()
               and k not in ('records', 'snapshot_version')]
    missing = [k for k in numeric if k not in seen]
    if missing:
        bad(f'figures of stats missing: {missing[:5]}')
    print(f'ok: {len(seen)} figures x {len(years)} years in {len(tables)} '
          'sheets match stats')


def main():
    if len(sys.argv) < 4:
        sys.exit('usage: ods_check.py render ODS STATS.csv [PREV.csv] | '
                 'compare ODS YEAR.csv...')
    mode, path, rest = sys.argv[1], sys.argv[2], sys.argv[3:]
    if mode == 'render':
        check_render(path, stats(rest[0]),
                     stats(rest[1]) if len(rest) > 1 else None)
    else:
        check_compare(path, [stats(p) for p in rest])
    for p in problems:
        print(f'{path}: {p}')
    sys.exit(1 if problems else 0)


if __name__ == '__main__':
    main()
