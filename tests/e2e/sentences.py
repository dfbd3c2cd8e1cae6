#!/usr/bin/env python3
# sentences.py: every sentence of a report that states a figure, read back
# from the PDF (pdftotext) and checked against `stats` and against figures
# computed here independently, for many generated snapshots: zeros
# everywhere, ones everywhere, small random figures, realistic random
# registers, both eras, with and without --previous (also across 2015).
# Run by sentences.sh:  sentences.py PROGRAM SRCDIR TMPDIR COUNT LEAST
# (COUNT snapshots are planned; fewer than LEAST made is a failure).
import json
import os
import random
import re
import subprocess
import sys
from fractions import Fraction

prog, src, tmp = sys.argv[1], sys.argv[2], sys.argv[3]
count, least = int(sys.argv[4]), int(sys.argv[5])
passed = failed = 0

WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven',
         'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen',
         'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty']
NUM = r'(\d{1,3}(?:,\d{3})*|' + '|'.join(WORDS + [w.capitalize() for w in WORDS]) + ')'
PCT = r'(\d+\.\d)%'
MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July',
          'August', 'September', 'October', 'November', 'December']
GLOSSARY = ['MAPPA-eligible', 'Level 1, 2 and 3', 'Licence', 'Recall, return to custody',
            'Serious further offence', 'Interim order', 'Notification requirements',
            'ViSOR', 'RSO', 'Lay adviser', 'Responsible Authority', 'Duty to co-operate',
            'Notification order', 'Category 1, 2 and 3', 'Strategic Management Board']
# The orders of each era, defined where the report speaks of them.
GLOSSARY_SOPO = ['SOPO', 'Foreign travel order']
GLOSSARY_SHPO = ['SHPO', 'SRO']


def num(s):
    if s.lower() in WORDS:
        return WORDS.index(s.lower())
    return int(s.replace(',', ''))


def words_ok(n, s):
    """Figures up to twenty in words, larger ones in digits."""
    return (s.lower() == WORDS[n]) if n <= 20 else s == '{:,}'.format(n)


def tenths_pct(a, b):
    """a/b as a percentage in tenths, a half rounded away from zero."""
    t = Fraction(abs(a) * 1000, b)
    return int(t + Fraction(1, 2))


def pct_text(a, b):
    t = tenths_pct(a, b)
    return '%d.%d' % (t // 10, t % 10)


def date_text(iso):
    y, m, d = (int(x) for x in iso.split('-'))
    return '%d %s %d' % (d, MONTHS[m - 1], y)


def label(st):
    y1, y2 = int(st['period']['start'][:4]), int(st['period']['end'][:4])
    return '%04d' % y1 if y1 == y2 else '%04d/%02d' % (y1, y2 % 100)


class Case:
    def __init__(self, name):
        self.name = name
        self.problems = []

    def check(self, cond, what):
        if not cond:
            self.problems.append(what)
        return cond


def run(args, **kw):
    return subprocess.run([prog] + args, capture_output=True, text=True, **kw)


def pdftext(pdf, layout=False, first=None, last=None):
    args = ['pdftotext', '-enc', 'UTF-8']
    if layout:
        args.append('-layout')
    else:
        # the text area of an A4 page only: a sentence that runs on to
        # the next page is read without the running footer and header
        args += ['-x', '0', '-y', '60', '-W', '596', '-H', '716']
    if first:
        args += ['-f', str(first), '-l', str(last)]
    out = subprocess.run(args + [pdf, '-'], capture_output=True).stdout.decode()
    return out


def flat(text):
    # A word hyphenated at a line end is joined again; then one space.
    text = re.sub(r'([a-z])-\n([a-z])', r'\1\2', text)
    return re.sub(r'\s+', ' ', text)


# ---------------------------------------------------------------- profiles

def figure_keys():
    keys = []
    with open(os.path.join(src, 'samples', 'dorset-2016-17.profile')) as f:
        for line in f:
            k = line.split(',')[0]
            if line.startswith('#'):
                continue
            if '.' in k and not k.startswith('period.') or k == 'revocations':
                keys.append(k)
    return keys


KEYS = figure_keys()
SOPO_ORDERS = ('sopo', 'interim_sopo', 'fto', 'rsho')
SHPO_ORDERS = ('shpo', 'interim_shpo', 'shpo_foreign_travel', 'sro')


def profile(rng, mode, year, area):
    """A target set of figures the generator can meet, by mode."""
    shpo = year >= 2015
    if mode == 'zeros':
        v = {k: 0 for k in KEYS}
    elif mode == 'ones':
        v = {k: 1 for k in KEYS}
    else:
        def small():
            return rng.choice([0, 0, 1, 1, 2, 3, rng.randint(0, 40)])
        v = {k: small() for k in KEYS}
    v['offenders.category3.level1'] = 0
    v['sfo_charges.category3.level1'] = 0
    for c in (1, 2, 3):
        p = 'category%d' % c
        o2, o3 = v['offenders.%s.level2' % p], v['offenders.%s.level3' % p]
        k = v['in_custody.%s' % p]
        ret2 = max(v['returned_to_custody.breach_of_licence.%s.level2' % p],
                   v['returned_to_custody.breach_of_order.%s.level2' % p],
                   v['sfo_charges.%s.level2' % p])
        ret3 = max(v['returned_to_custody.breach_of_licence.%s.level3' % p],
                   v['returned_to_custody.breach_of_order.%s.level3' % p],
                   v['sfo_charges.%s.level3' % p])
        g2 = max(o2 + (k if c == 3 else 0), ret2)
        g3 = max(o3, ret3)
        if mode == 'small':
            g2 += rng.choice([0, 0, 1, 2])
            g3 += rng.choice([0, 0, 1])
        v['level2_3_in_period.%s.level2' % p] = g2
        v['level2_3_in_period.%s.level3' % p] = g3
    # Orders of the other era never happen; some foreign travel SHPOs.
    for who in ('orders', 'orders_other_categories'):
        for o in (SOPO_ORDERS if shpo else SHPO_ORDERS):
            v['%s.%s' % (who, o)] = 0
        if shpo:
            v['%s.shpo_foreign_travel' % who] = min(
                v['%s.shpo_foreign_travel' % who],
                v['%s.shpo' % who] + v['%s.interim_shpo' % who])
        v['%s.rsho' % who] = 0
    if not shpo:
        v['sro_breaches.breaches'] = v['sro_breaches.became_notifiable'] = 0
    v['sro_breaches.became_notifiable'] = min(
        v['sro_breaches.became_notifiable'], v['sro_breaches.breaches'])
    # People are counted once, events each time: at least one each.
    r = v['notification_breaches.rsos']
    if r == 0:
        v['notification_breaches.cautions'] = 0
        v['notification_breaches.convictions'] = 0
    elif v['notification_breaches.cautions'] + v['notification_breaches.convictions'] < r:
        v['notification_breaches.convictions'] = r - v['notification_breaches.cautions']
    rsos = sum(v['offenders.category1.level%d' % l] for l in (1, 2, 3))
    pop = rng.choice([1, 7, 400000, 746000, 1000000, rng.randint(50000, 3000000)])
    if mode == 'zeros':
        pop = 100000
    lines = ['area,%s' % area, 'period.start,%d-04-01' % year,
             'period.end,%d-03-31' % (year + 1), 'population,%d' % pop,
             'exported,%d-04-03T09:00:00Z' % (year + 1),
             'seed,%d' % rng.randint(1, 10 ** 9)]
    lines += ['%s,%d' % (k, v[k]) for k in KEYS]
    return '\n'.join(lines) + '\n', rsos


def make_snapshot(rng, n, mode, year, area):
    """Write snapshot n; return its path and stats, or None."""
    xml = os.path.join(tmp, 's%03d.xml' % n)
    for attempt in range(20):
        if mode == 'register':
            r = run(['generate', '--offenders', str(rng.randint(20, 1500)),
                     '--seed', str(rng.randint(1, 10 ** 9)), '-o', xml])
        else:
            text, _ = profile(rng, mode, year, area)
            prof = os.path.join(tmp, 's%03d.profile' % n)
            with open(prof, 'w') as f:
                f.write(text)
            r = run(['generate', '--profile', prof, '-o', xml])
        if r.returncode == 0:
            st = run(['stats', xml])
            return xml, json.loads(st.stdout)
        if mode in ('zeros', 'ones'):
            print('FAIL %s profile for %d not met: %s' % (mode, year, r.stderr.strip()))
            return None
    return None


# ---------------------------------------------------------------- checks

def check_report(c, st, prev, text, layout, cover):
    g = lambda path: _get(st, path)
    T = text
    end = date_text(st['period']['end'])
    lab = label(st)
    area = st['area']

    # The period once on the cover, and no "1 April to 31 March:".
    period = '%s to %s' % (date_text(st['period']['start']), end)
    c.check(flat(cover).count(period) == 1, 'cover gives the period %s %d times'
            % (period, flat(cover).count(period)))
    c.check('1 April to 31 March:' not in T, 'cover says the period twice')

    # Foreword: offenders in the community.
    n = g('offenders.total.total')
    if n == 0:
        c.check(('On %s no offender was managed under MAPPA in the community' % end) in T,
                'foreword: no "no offender was managed"')
    else:
        m = re.search(r'On %s there (was|were) %s (offenders?) managed under MAPPA'
                      % (re.escape(end), NUM), T)
        if c.check(m, 'foreword sentence missing'):
            c.check(num(m.group(2)) == n, 'foreword: %s offenders, stats %d' % (m.group(2), n))
            c.check((n == 1) == (m.group(1) == 'was') == (m.group(3) == 'offender'),
                    'foreword: agreement "%s"' % m.group(0))
    if prev:
        m = re.search(r'in the community in %s, against (none|%s) a year earlier' % (re.escape(area), NUM), T)
        if c.check(m, 'foreword: no "against N a year earlier"'):
            p = _get(prev, 'offenders.total.total')
            c.check((m.group(1) == 'none') == (p == 0) and (p == 0 or num(m.group(1)) == p),
                    'foreword: previous total "%s", stats %d' % (m.group(1), p))

    # Offenders in custody.
    k = g('in_custody.total')
    m = re.search(r'A further %s (offenders?) (was|were) eligible for MAPPA on %s but in custody'
                  % (NUM, re.escape(end)), T)
    neg = ('No offender eligible for MAPPA on %s was in custody.' % end) in T
    if k == 0:
        c.check(neg and not m, 'custody: 0 but not "No offender ... was in custody"')
    elif c.check(m and not neg, 'custody: %d but no sentence' % k):
        c.check(num(m.group(1)) == k and words_ok(k, m.group(1)), 'custody: %s, stats %d' % (m.group(1), k))
        c.check((k == 1) == (m.group(3) == 'was'), 'custody: agreement')

    # The change in RSOs, in words.
    if prev:
        a, b = g('offenders.category1.total'), _get(prev, 'offenders.category1.total')
        m = re.search(r'Since %s, when there (?:were none|(?:was|were) %s), the number of RSOs living in the community '
                      r'(rose by|fell by|was unchanged)(?: %s)?(?: \(%s\))?\.'
                      % (re.escape(date_text(prev['period']['end'])), NUM, NUM, PCT), T)
        if c.check(m, 'trend sentence missing'):
            c.check((m.group(1) is None) == (b == 0) and (b == 0 or num(m.group(1)) == b),
                    'trend: previous %s, stats %d' % (m.group(1), b))
            c.check(b == 0 or (' was %s,' % m.group(1) in m.group(0)) == (b == 1), 'trend: agreement')
            verb = 'rose by' if a > b else 'fell by' if a < b else 'was unchanged'
            c.check(m.group(2) == verb, 'trend: "%s" for %d against %d' % (m.group(2), a, b))
            if a != b:
                c.check(m.group(3) and num(m.group(3)) == abs(a - b), 'trend: difference %s' % m.group(3))
                if b >= 10:
                    c.check(m.group(4) == pct_text(a - b, b), 'trend: %s%%, want %s%%'
                            % (m.group(4), pct_text(a - b, b)))
                else:
                    c.check(m.group(4) is None, 'trend: a percentage of a base under 10')
        c.check('changed by' not in T, '"changed by" in the text')

    # The rate, its decimal and the population's basis.
    m = re.search(r'The rate of %s (RSOs?) per 100,000 people \((\d+\.\d) to one decimal place\) '
                  r'is worked out from the population of (.+?) that the register gives, %s people of all ages'
                  % (NUM, NUM), T)
    if c.check(m, 'rate sentence missing'):
        r1 = g('offenders.category1.total')
        pop = g('population')
        whole = int(Fraction(r1 * 100000, pop) + Fraction(1, 2))
        tenths = int(Fraction(r1 * 1000000, pop) + Fraction(1, 2))
        c.check(num(m.group(1)) == g('rso_per_100k') == whole, 'rate: %s, want %d' % (m.group(1), whole))
        c.check(m.group(3) == '%d.%d' % (tenths // 10, tenths % 10) == str(st['rso_per_100k_1dp']),
                'rate to one decimal: %s, want %d.%d' % (m.group(3), tenths // 10, tenths % 10))
        c.check(num(m.group(5)) == pop, 'rate: population %s, stats %d' % (m.group(5), pop))
        c.check((whole == 1) == (m.group(2) == 'RSO'), 'rate: agreement')
    c.check(st['population_basis'] == 'all ages', 'stats: population_basis')

    # RSOs wanted or missing: only what happened.
    w, mi = g('rso_wanted_or_missing.wanted'), g('rso_wanted_or_missing.missing')
    if w == 0 and mi == 0:
        c.check(('No RSO was wanted or missing on %s.' % end) in T, 'wanted/missing: no "No RSO"')
    elif w > 0 and mi > 0:
        m = re.search(r'Of the %s RSOs? wanted or missing on %s, %s (was|were) wanted by the police and '
                      r'%s (was|were) missing\.' % (NUM, re.escape(end), NUM, NUM), T)
        if c.check(m, 'wanted and missing sentence missing'):
            c.check([num(m.group(i)) for i in (1, 2, 4)] == [w + mi, w, mi], 'wanted/missing figures')
    else:
        x, what, other = (w, 'wanted by the police on', 'missing') if w else (mi, 'missing on', 'wanted by the police')
        m = re.search(r'%s (RSOs?) (was|were) %s %s; none was %s\.' % (NUM, what, re.escape(end), other), T)
        if c.check(m, 'wanted/missing (one kind) sentence missing'):
            c.check(num(m.group(1)) == x and words_ok(x, m.group(1)), 'wanted/missing figure')
            c.check((x == 1) == (m.group(3) == 'was'), 'wanted/missing agreement')
    c.check(not re.search(r'\b0 (were|was) (wanted|missing)', T), 'wanted/missing: "0 were"')

    # Breaches: people once, cautions and convictions each time.
    rs = g('notification_breaches.rsos')
    ca, co = g('notification_breaches.cautions'), g('notification_breaches.convictions')
    if rs == 0:
        c.check(('No RSO was cautioned or convicted for breaching the notification requirements in %s.'
                 % lab) in T, 'breaches: 0 but no "No RSO was cautioned"')
    else:
        m = re.search(r'In %s, %s (RSOs?) (was|were) cautioned or convicted for breaching the notification '
                      r'requirements\. A person is counted once however often they breached the requirements, '
                      r'but every caution and every conviction is counted: (the RSO|these RSOs) received (.+?)\.'
                      % (re.escape(lab), NUM), T)
        if c.check(m, 'breaches sentence missing'):
            c.check(num(m.group(1)) == rs and words_ok(rs, m.group(1)), 'breaches: RSOs %s, stats %d' % (m.group(1), rs))
            c.check((rs == 1) == (m.group(3) == 'was') == (m.group(4) == 'the RSO'), 'breaches: agreement')
            got = parse_list(c, m.group(5), {'caution': 'c', 'cautions': 'c',
                                             'conviction': 'v', 'convictions': 'v'})
            want = {k: x for k, x in (('c', ca), ('v', co)) if x}
            c.check(got == want, 'breaches: listed %s, stats %s' % (got, want))

    # Orders on categories 2 and 3: only what happened, or "No order".
    oc = st['orders_other_categories']
    if st['period']['start'] >= '2015-04-01':
        items = {'SHPO or interim SHPO': 'a', 'SHPOs or interim SHPOs': 'a', 'SRO': 'b', 'SROs': 'b',
                 'notification order': 'c', 'notification orders': 'c'}
        want = {'a': oc['shpo'] + oc['interim_shpo'], 'b': oc['sro'], 'c': oc['notification_order']}
        pos, negs = 'Orders were also imposed on people outside category 1: ', \
            'No order was imposed on people outside category 1.'
    else:
        items = {'SOPO or interim SOPO': 'a', 'SOPOs or interim SOPOs': 'a', 'foreign travel order': 'b',
                 'foreign travel orders': 'b', 'notification order': 'c', 'notification orders': 'c'}
        want = {'a': oc['sopo'] + oc['interim_sopo'], 'b': oc['fto'], 'c': oc['notification_order']}
        pos, negs = 'Orders were also imposed on offenders of categories 2 and 3: ', \
            'No order was imposed on offenders of categories 2 and 3.'
    want = {k: x for k, x in want.items() if x}
    m = re.search(re.escape(pos) + r'(.+?)\.(?: |$)', T)
    if not want:
        c.check(negs in T and not m, 'other orders: none, but not "No order"')
    elif c.check(m and negs not in T, 'other orders: %s but no sentence' % want):
        got = parse_list(c, m.group(1), items)
        c.check(got == want, 'other orders: listed %s, stats %s' % (got, want))

    # Level 2 and 3 cases in the year.
    n23, o23 = g('level2_3_in_period.total.total'), g('offenders.total.level2') + g('offenders.total.level3')
    if n23 == 0:
        c.check(('No offender was managed at level 2 or 3 in %s.' % lab) in T, 'level 2/3: no "No offender"')
    else:
        m = re.search(r'In %s, %s (offenders?) (was|were) managed at level 2 or 3 at some time'
                      r'(?:, and %s (was|were) at those levels on|; none was at those levels on) %s\.'
                      % (re.escape(lab), NUM, NUM, re.escape(end)), T)
        if c.check(m, 'level 2/3 sentence missing'):
            c.check(num(m.group(1)) == n23 and words_ok(n23, m.group(1)), 'level 2/3: %s, stats %d' % (m.group(1), n23))
            c.check((n23 == 1) == (m.group(3) == 'was'), 'level 2/3: agreement')
            if o23:
                c.check(m.group(4) and num(m.group(4)) == o23, 'level 2/3 on %s: %s, stats %d' % (end, m.group(4), o23))
                c.check((o23 == 1) == (m.group(5) == 'was'), 'level 2/3 on the day: agreement')
            else:
                c.check(m.group(4) is None, 'level 2/3: a figure of 0 on the day')

    # Returns to custody at level 1.
    l1 = g('returned_to_custody_level1.breach_of_licence') + g('returned_to_custody_level1.breach_of_order')
    m = re.search(r'A further %s (offenders?) managed at level 1 (was|were) returned to custody' % NUM, T)
    if l1 == 0:
        c.check(not m, 'returns at level 1: 0 but a sentence')
    elif c.check(m, 'returns at level 1: %d but no sentence' % l1):
        c.check(num(m.group(1)) == l1 and words_ok(l1, m.group(1)), 'returns at level 1: %s, stats %d' % (m.group(1), l1))
        c.check((l1 == 1) == (m.group(3) == 'was') == (m.group(2) == 'offender'), 'returns at level 1: agreement')

    # Serious further offences.
    sfo, tot = g('sfo_charges.total.total'), g('offenders.total.total')
    if sfo == 0:
        c.check(('No MAPPA offender in %s was charged with a serious further offence in %s.' % (area, lab)) in T,
                'SFO: 0 but no "No MAPPA offender"')
    else:
        m = re.search(r'In %s, %s MAPPA (offenders?) (was|were) charged with a serious further offence'
                      r'(?:, a number equal to %s of the offenders in the community on %s)?\.'
                      % (re.escape(lab), NUM, PCT, re.escape(end)), T)
        if c.check(m, 'SFO sentence missing'):
            c.check(num(m.group(1)) == sfo, 'SFO: %s, stats %d' % (m.group(1), sfo))
            c.check((sfo == 1) == (m.group(3) == 'was'), 'SFO: agreement')
            if tot:
                c.check(m.group(4) == pct_text(sfo, tot), 'SFO: %s%%, want %s%%' % (m.group(4), pct_text(sfo, tot)))
            else:
                c.check(m.group(4) is None, 'SFO: a percentage of 0 offenders')

    # Orders across 1 April 2015: n/a with compare's note, only then.
    across = prev is not None and (st['period']['start'] >= '2015-04-01') != (prev['period']['start'] >= '2015-04-01')
    note = 'Not comparable across years: in March 2015 sexual harm prevention orders'
    c.check((note in T) == across, 'era note %s' % ('missing' if across else 'where no era changed'))
    c.check(('†' in T) == across, 'dagger %s' % ('missing' if across else 'where no era changed'))
    if prev:
        check_change_cells(c, layout, across)

    # One rounding rule, in the report's words; no straight apostrophe.
    c.check('a half is always rounded away from zero' in T, 'the rounding rule is not stated')
    c.check('half up' not in T, '"half up" in the text')
    c.check("'" not in T, 'a straight apostrophe in the text')
    # (a table cell of 0 follows its label's "(year)"; a sentence's does not)
    c.check(not re.search(r'(?<!\) )(?<![\d,.])0 (SOPOs|SHPOs|SROs|foreign travel orders|notification orders|cautions|convictions)\b', T),
            'a list names a figure of 0')

    # The glossary defines every term.
    gl = T[T.rfind('Glossary'):]
    shpo = st['period']['start'] >= '2015-04-01'
    terms = GLOSSARY + (GLOSSARY_SHPO if shpo or across else []) + \
        (GLOSSARY_SOPO if not shpo or across else [])
    for term in terms:
        c.check(re.search(r'\b%s\b' % re.escape(term), gl), 'glossary: no "%s"' % term)
    if not across:
        for term in (GLOSSARY_SOPO if shpo else GLOSSARY_SHPO):
            c.check(not re.search(r'(?<!interim )\b%s\b' % re.escape(term), T), '"%s" in a report of the other era' % term)


def check_change_cells(c, layout, across):
    """Change cells: n/a on the dagger rows, no percentage of a base under 10."""
    for line in layout.split('\n'):
        # The last three cells, in time order: the previous year, this year, the change.
        m = re.match(r'^\s*(\S.*\S)\s+(\d[\d,]*)\s+(\d[\d,]*)\s+((?:[+−][\d,]+)(?: \([+−][\d.]+%\))?|no change|n/a)\s*$', line)
        if not m:
            continue
        lbl, prv, cur, chg = m.group(1), num(m.group(2)), num(m.group(3)), m.group(4)
        if '†' in lbl:
            c.check(chg == 'n/a', 'row "%s": change "%s" across 2015' % (lbl, chg))
            continue
        if prv < 10:
            c.check('%' not in chg, 'row "%s": %s of a base of %d' % (lbl, chg, prv))


def parse_list(c, text, names):
    """ "3 cautions and 12 convictions" -> {'c': 3, 'v': 12}; figures above 0 only."""
    parts = re.split(r', | and ', text)
    got = {}
    for p in parts:
        m = re.match(r'^%s (.+)$' % NUM, p)
        if not c.check(m and m.group(2) in names, 'list item "%s" in "%s"' % (p, text)):
            continue
        n = num(m.group(1))
        c.check(n > 0, 'list names a figure of 0: "%s"' % p)
        c.check((n == 1) == (not m.group(2).endswith('s') or m.group(2) in ('SOPO or interim SOPO', 'SHPO or interim SHPO')),
                'list agreement: "%s"' % p)
        got[names[m.group(2)]] = n
    if len(parts) > 2:
        c.check(text.count(' and ') == 1 and text.index(' and ') > text.rindex(', '), 'list form "%s"' % text)
    return got


def _quote(s):
    """A profile value as CSV quotes it where needed."""
    return '"%s"' % s.replace('"', '""') if re.search(r'[,"]', s) else s


def _get(st, path):
    v = st
    for p in path.split('.'):
        v = v[p]
    return v


# ---------------------------------------------------------------- main

def main():
    global passed, failed
    rng = random.Random(12)
    areas = ['Dorset', 'Dyfed-Powys', 'Tŷ Ddewi & Gŵyr', 'Avon and Somerset']
    plan = []
    for year in (2011, 2016):
        plan += [('zeros', year), ('ones', year)]
    while len(plan) < count:
        i = len(plan)
        plan.append(('register' if i % 3 == 0 else 'small', rng.choice(range(2008, 2021))))
    reports = made_ok = 0
    for n, (mode, year) in enumerate(plan):
        area = rng.choice(areas)
        made = make_snapshot(rng, n, mode, year, area)
        if made is None:
            failed += 1
            print('FAIL snapshot %d (%s %d) could not be generated' % (n, mode, year))
            continue
        xml, st = made
        made_ok += 1
        year = int(st['period']['start'][:4])
        variants = [None]
        # Every other case with --previous: the year before, or across 2015.
        if n % 2 == 0 or mode in ('zeros', 'ones'):
            if year >= 2015 and n % 4 == 0:
                pyear = year - 3 if year - 3 < 2015 else 2013
            else:
                pyear = year - 1
            pmode = mode if mode in ('zeros', 'ones') else rng.choice(['small', 'small', 'ones'])
            pm = make_snapshot(rng, 1000 + n, pmode, pyear, _quote(st['area']))
            if pm is not None:
                variants.append(pm)
        for pv in variants:
            pdf = os.path.join(tmp, 'r%03d%s.pdf' % (n, 'p' if pv else ''))
            args = ['render', xml, '-o', pdf] + (['--previous', pv[0]] if pv else [])
            r = run(args)
            name = '%s %s%s%s' % (mode, label(st), ' --previous ' if pv else '', label(pv[1]) if pv else '')
            c = Case(name)
            if c.check(r.returncode == 0, 'render failed: %s' % r.stderr.strip()[:200]):
                # Without a board file a report is a draft: its slots'
                # placeholder warnings are expected, nothing else is.
                said = [x for x in r.stderr.splitlines()
                        if "still holds the template's placeholder" not in x]
                c.check(not said, 'render said: %s' % '\n'.join(said)[:200])
                text = flat(pdftext(pdf))
                check_report(c, st, pv[1] if pv else None, text, pdftext(pdf, layout=True),
                             pdftext(pdf, first=1, last=1))
            reports += 1
            if c.problems:
                failed += 1
                print('FAIL %s (%s): %s' % (name, os.path.basename(xml), '; '.join(c.problems[:6])))
            else:
                passed += 1
                print('ok   %s: every sentence agrees with stats' % name)
    if made_ok < least:
        failed += 1
        print('FAIL only %d snapshots made' % made_ok)
    else:
        print('ok   %d reports of %d snapshots checked' % (reports, len(plan)))
        passed += 1
    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


sys.exit(main())
