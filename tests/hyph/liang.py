#!/usr/bin/env python3
"""liang.py: hyphenate as TeX does, from a hyph-utf8 .pat.txt file.

An implementation of Liang's algorithm (F. M. Liang, "Word Hy-phen-a-tion
by Com-put-er", 1983; The TeXbook, appendix H) that reads TeX's patterns
directly, with TeX's own minimum lengths from the header of the pattern
set's .tex file.  It shares nothing with libhyphen or with the program's
conversion (mkhyph.sh, substrings.pl), so what it prints is a check on
those: tests/data/hyph/cy.txt was made with it, and the hyph-cy test runs
it again to see that the list still says what the installed patterns do.

usage: liang.py PAT TEX WORD...     print each word with its hyphens
       liang.py --check PAT TEX LIST
                                    check LIST (one hyphenated word a line,
                                    # comments): exit 1 on a difference
"""
import re
import sys


def load(pat, tex):
    pats = {}
    with open(pat, encoding="utf-8") as f:
        for tok in f.read().split():
            letters = re.sub(r"\d", "", tok)
            vals = [0] * (len(letters) + 1)
            i = 0
            for ch in tok:
                if ch.isdigit():
                    vals[i] = int(ch)
                else:
                    i += 1
            pats[letters] = vals
    # hyph-utf8's header: "% hyphenmins:" / "%     typesetting:" /
    # "%         left: 2" / "%         right: 3"
    left = right = None
    with open(tex, encoding="utf-8") as f:
        inside = False
        for line in f:
            if not line.startswith("%"):
                break
            m = re.match(r"%\s*(\w+):\s*(\S*)", line)
            if m is None:
                continue
            if m.group(1) == "typesetting":
                inside = True
            elif inside and m.group(1) == "left":
                left = int(m.group(2))
            elif inside and m.group(1) == "right":
                right = int(m.group(2))
            elif inside:
                inside = False
    if left is None or right is None:
        sys.exit(f"liang.py: {tex}: no hyphenmins")
    return pats, left, right


def hyphenate(pats, left, right, word):
    """word with a '-' at each point TeX would allow a hyphen."""
    w = "." + word.lower() + "."
    pts = [0] * (len(w) + 1)
    for i in range(len(w)):
        for j in range(i + 1, len(w) + 1):
            vals = pats.get(w[i:j])
            if vals is not None:
                for k, v in enumerate(vals):
                    pts[i + k] = max(pts[i + k], v)
    out = []
    for m, ch in enumerate(word):
        # a hyphen after m letters: pts[m + 1] (w starts with '.')
        if left <= m <= len(word) - right and pts[m + 1] % 2 == 1:
            out.append("-")
        out.append(ch)
    return "".join(out)


def main(argv):
    if len(argv) == 5 and argv[1] == "--check":
        pats, left, right = load(argv[2], argv[3])
        bad = n = 0
        with open(argv[4], encoding="utf-8") as f:
            for line in f:
                line = line.split("#", 1)[0].strip()
                if not line:
                    continue
                n += 1
                got = hyphenate(pats, left, right, line.replace("-", ""))
                if got != line:
                    print(f"{argv[4]}: {line}: the patterns say {got}")
                    bad += 1
        print(f"{n} words, {bad} different (lefthyphenmin {left}, "
              f"righthyphenmin {right})")
        return 1 if bad or n == 0 else 0
    if len(argv) < 4 or argv[1].startswith("-"):
        sys.exit(__doc__.split("\n\n")[-1].strip())
    pats, left, right = load(argv[1], argv[2])
    for word in argv[3:]:
        print(hyphenate(pats, left, right, word))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
