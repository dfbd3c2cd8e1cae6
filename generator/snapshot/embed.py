#!/usr/bin/env python3
# embed.py: write a C file holding a text file as a NUL-terminated array.
# Usage: embed.py INPUT OUTPUT SYMBOL
import sys

src, dst, sym = sys.argv[1:4]
data = open(src, 'rb').read()
with open(dst, 'w') as f:
    f.write('/* Generated from %s by embed.py; do not edit. */\n' % src.split('/')[-1])
    f.write('#include <stddef.h>\n')
    f.write('const char %s[] = {\n' % sym)
    for i in range(0, len(data), 12):
        f.write('\t' + ', '.join('0x%02x' % b for b in data[i:i + 12]) + ',\n')
    f.write('\t0x00\n};\n')
    f.write('const size_t %s_len = %d;\n' % (sym, len(data)))
