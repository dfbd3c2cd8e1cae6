#!/usr/bin/env bash
# hostile.sh: snapshots built to hurt.  Each must be refused quickly with a
# clear message (exit 65) or, where it is valid, accepted; no file or
# address outside the snapshot is ever opened.  Big inputs are made here,
# not kept in the repository.
. "$(dirname "$0")/lib.sh"
listener=
at_exit='[ -n "$listener" ] && kill "$listener" 2>/dev/null'

root='<register-snapshot version="1" area="T" period-start="2011-04-01" period-end="2012-03-31" population="10">'
off='<offender id="A" category="1" eligible-from="2010-01-01"><level from="2010-01-01" value="1"/></offender>'

# refused NAME FILE PATTERN: exit 65 within 60 s, nothing on stdout, and
# a message matching PATTERN.
refused() {
	local name=$1 file=$2 pattern=$3 rc
	timeout 60 "$bin" stats "$file" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" -ne 65 ]; then bad "$name: exit $rc, expected 65"; head -3 "$tmp/err"
	elif [ -s "$tmp/out" ]; then bad "$name: wrote statistics"
	elif ! grep -q -- "$pattern" "$tmp/err"; then bad "$name: message"; head -3 "$tmp/err"
	else ok "$name: $(head -1 "$tmp/err" | cut -c1-100)"
	fi
}

# A FIFO that blocks whoever opens it: if the program ever opened it,
# `timeout` would kill it and the exit status would be 124, not 65.
mkfifo "$tmp/secret"
# A listener on loopback that notes any connection.
port=$(( 20000 + RANDOM % 20000 ))
python3 - "$port" "$tmp/connected" <<'PY' &
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(5); s.settimeout(120)
try:
    c, _ = s.accept(); open(sys.argv[2], "w").write("yes")
except Exception:
    pass
PY
listener=$!

cat >"$tmp/laughs.xml" <<EOF2
<?xml version="1.0"?>
<!DOCTYPE register-snapshot [
 <!ENTITY a "aaaaaaaaaa"> <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"> <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"> <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
 <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"> <!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">
]>
${root/area=\"T\"/area=\"&h;\"}$off</register-snapshot>
EOF2
refused "billion laughs" "$tmp/laughs.xml" "document type declaration"

big=$(head -c 100000 /dev/zero | tr '\0' x)
printf '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x "%s">]>\n%s\n</register-snapshot>\n' \
	"$big" "${root/area=\"T\"/area=\"$(printf '&x;%.0s' {1..2000})\"}" >"$tmp/quadratic.xml"
refused "quadratic blow-up" "$tmp/quadratic.xml" "document type declaration"

printf '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file://%s">]>\n%s%s</register-snapshot>\n' \
	"$tmp/secret" "${root/area=\"T\"/area=\"&x;\"}" "$off" >"$tmp/xxe-file.xml"
refused "external entity: local file" "$tmp/xxe-file.xml" "document type declaration"

printf '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "http://127.0.0.1:%s/x">]>\n%s%s</register-snapshot>\n' \
	"$port" "${root/area=\"T\"/area=\"&x;\"}" "$off" >"$tmp/xxe-net.xml"
refused "external entity: network" "$tmp/xxe-net.xml" "document type declaration"

printf '<?xml version="1.0"?>\n<!DOCTYPE register-snapshot SYSTEM "http://127.0.0.1:%s/s.dtd">\n%s%s</register-snapshot>\n' \
	"$port" "$root" "$off" >"$tmp/dtd.xml"
refused "external DTD" "$tmp/dtd.xml" "document type declaration"

printf '<?xml version="1.0"?>\n%s<offender id="A" category="1" eligible-from="2010-01-01"><level from="2010-01-01" value="1"/><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file://%s" parse="text"/></offender></register-snapshot>\n' \
	"$root" "$tmp/secret" >"$tmp/xinclude.xml"
refused "XInclude" "$tmp/xinclude.xml" "unknown element <xi:include>"

{ printf '%s<offender id="A" category="1" eligible-from="2010-01-01"><level from="2010-01-01" value="1"/></offender><x>' "$root"
  head -c 300000 /dev/zero | sed 's/\x00\x00\x00/<a>/g'; echo; } >"$tmp/deep.xml"
refused "100,000 nested elements" "$tmp/deep.xml" "error"

{ printf '%s' "${root/area=\"T\"/area=\"}"; head -c 100000000 /dev/zero | tr '\0' A; printf '">%s</register-snapshot>\n' "$off"; } >"$tmp/hugeattr.xml"
refused "100 MB attribute" "$tmp/hugeattr.xml" "not well-formed XML"

printf '<?xml version="1.0" encoding="UTF-8"?>\n%s\n  <!-- caf\xe9 -->\n%s</register-snapshot>\n' "$root" "$off" >"$tmp/utf8.xml"
refused "invalid UTF-8" "$tmp/utf8.xml" "not proper UTF-8"

head -c 20000 /dev/urandom >"$tmp/random.bin"
refused "not XML at all (random bytes)" "$tmp/random.bin" "error"
printf 'id,category\nA,1\n' >"$tmp/csv.xml"
refused "not XML at all (CSV)" "$tmp/csv.xml" "not well-formed XML"

# UTF-16 with a byte order mark is valid XML: accepted, same figures.
printf '<?xml version="1.0" encoding="UTF-16"?>\n%s%s</register-snapshot>\n' "$root" "$off" |
	iconv -f UTF-8 -t UTF-16 >"$tmp/utf16.xml"
printf '<?xml version="1.0" encoding="UTF-8"?>\n%s%s</register-snapshot>\n' "$root" "$off" >"$tmp/utf8ok.xml"
if "$bin" stats "$tmp/utf16.xml" >"$tmp/a" 2>"$tmp/err" && "$bin" stats "$tmp/utf8ok.xml" >"$tmp/b" &&
    cmp -s "$tmp/a" "$tmp/b"
then ok "UTF-16 with a BOM: accepted, same figures as UTF-8"
else bad "UTF-16 with a BOM"; head -3 "$tmp/err"
fi

sleep 1
if [ -e "$tmp/connected" ]; then bad "a network connection was made"
else ok "no network connection was made"
fi

finish
