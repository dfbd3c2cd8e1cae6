#!/usr/bin/env bash
# reader.sh: the snapshot reader's faults that are not the snapshot's: its
# temporary directory missing or out of descriptors is named as such, never
# blamed on the snapshot ("cannot read SNAPSHOT").
. "$(dirname "$0")/lib.sh"

# 60,000 offenders: more ids than the id set keeps in memory, so the
# duplicate check writes a run to $TMPDIR.
"$bin" generate --offenders 60000 --seed 7 -o "$tmp/s.xml" || exit 1

# tmp_fault NAME DIR PATTERN COMMAND...: stats must fail with 73 (as for an
# output that can't be written), naming DIR and the system error, write
# nothing on standard output, and not blame the input.
tmp_fault() {
	local name=$1 dir=$2 why=$3 rc
	shift 3
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" -ne 73 ]; then
		bad "$name" "exit $rc, expected 73: $(head -2 "$tmp/err")"
	elif [ -s "$tmp/out" ]; then
		bad "$name" "wrote to standard output"
	elif grep -q "cannot read" "$tmp/err"; then
		bad "$name" "blamed on the snapshot: $(head -2 "$tmp/err")"
	elif ! grep -qx "mappa-report: cannot write a temporary file in $dir: $why" "$tmp/err"; then
		bad "$name" "message: $(head -2 "$tmp/err")"
	else
		ok "$name"
	fi
}

# valgrind itself needs TMPDIR and more than four descriptors, so under
# valgrind.sh these faults are left to the ordinary run.
if [ -z "${MAPPA_VALGRIND:-}" ]; then
tmp_fault "TMPDIR missing: named, with the system error" "$tmp/none" \
	"No such file or directory" env TMPDIR="$tmp/none" "$bin" stats "$tmp/s.xml"
tmp_fault "TMPDIR unset: /tmp named" /tmp "Too many open files" \
	bash -c 'unset TMPDIR; ulimit -n 4; exec "$0" stats "$1"' "$bin" "$tmp/s.xml"
# validate and render read the same way and say the same.
tmp_fault "validate: TMPDIR missing" "$tmp/none" "No such file or directory" \
	env TMPDIR="$tmp/none" "$bin" validate "$tmp/s.xml"
tmp_fault "render: TMPDIR missing" "$tmp/none" "No such file or directory" \
	env TMPDIR="$tmp/none" "$bin" render "$tmp/s.xml" -o "$tmp/r.pdf"
expect "render: no report written" test ! -e "$tmp/r.pdf"
mkdir "$tmp/ro" && chmod 0555 "$tmp/ro"
if [ "$(id -u)" -ne 0 ]; then
	tmp_fault "TMPDIR not writable" "$tmp/ro" "Permission denied" \
		env TMPDIR="$tmp/ro" "$bin" stats "$tmp/s.xml"
fi
fi
# The same file with a usable TMPDIR reads fine: the fault was the
# directory's alone.
mkdir "$tmp/t"
status "usable TMPDIR: the same file is read" 0 env TMPDIR="$tmp/t" "$bin" stats "$tmp/s.xml" &&
	expect "nothing left in TMPDIR" test -z "$(ls -A "$tmp/t")"

# A pipe that hands out the first bytes one at a time: the encoding is
# still read off the first four.  (Taken for ASCII, the UTF-16 bytes 05 0D
# of U+0D05 would have had their "CR" made a line feed: another letter.)
python3 -c 'import sys; sys.stdout.buffer.write(b"\xff\xfe" + ("<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<register-snapshot version=\"1\" area=\"\u0d05\u0d2e\" period-start=\"2011-04-01\" period-end=\"2012-03-31\" population=\"5000\"/>\n").encode("utf-16-le"))' >"$tmp/u16.xml"
{ head -c 1 "$tmp/u16.xml"; sleep 0.2; head -c 3 "$tmp/u16.xml" | tail -c 2; sleep 0.2; tail -c +4 "$tmp/u16.xml"; } |
	"$bin" stats - >"$tmp/out" 2>"$tmp/err"
expect "UTF-16 through a slow pipe: the area as written" grep -q '"area": "അമ"' "$tmp/out"
finish
