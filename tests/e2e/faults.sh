#!/usr/bin/env bash
# faults.sh: the system failing around the program: pipes and FIFOs as
# input, interruption mid-write.  Nothing partial is ever left behind and
# an existing output is never damaged.
. "$(dirname "$0")/lib.sh"
sample=${SRCDIR:?}/samples/dorset-2011-12.xml
no_temp() { [ -z "$(find "$tmp" -name '.*.??????')" ]; }

"$bin" stats "$sample" >"$tmp/want.json"

# A FIFO (or a pipe from process substitution) is read like standard input.
mkfifo "$tmp/fifo"
# (The writer gives up after 30 s, should the program never open the FIFO.)
timeout 30 sh -c 'cat "$1" >"$2"' sh "$sample" "$tmp/fifo" &
writer=$!
if timeout 30 "$bin" stats "$tmp/fifo" >"$tmp/got.json" && cmp -s "$tmp/got.json" "$tmp/want.json"
then ok "FIFO input read like a file"
else bad "FIFO input"
fi
wait "$writer"
if "$bin" stats <(cat "$sample") >"$tmp/got.json" && cmp -s "$tmp/got.json" "$tmp/want.json"
then ok "process substitution (a pipe) read like a file"
else bad "process substitution"
fi

# Interrupted while writing a large file: the temporary file goes, the
# old file stays.  The program keeps a signal ignored on entry ignored
# (as under nohup, below), so each run starts with every signal at its
# default (env --default-signal), whatever the tests were started under.
# (Job control, so that background jobs don't start with SIGINT ignored,
# as a script's otherwise do.)
set -m
for sig in INT TERM HUP; do
	echo "old contents" >"$tmp/big.xml"
	env --default-signal "$bin" generate --offenders 3000000 -o "$tmp/big.xml" 2>"$tmp/err" &
	pid=$!
	# Wait until the temporary file exists and has grown, then interrupt.
	for _ in $(seq 200); do
		t=$(find "$tmp" -name '.big.xml.??????' -size +1M | head -1)
		[ -n "$t" ] && break
		sleep 0.05
	done
	kill -s "$sig" "$pid"
	wait "$pid"
	rc=$?
	if [ -z "$t" ]; then bad "SIG$sig: the run ended before it could be interrupted"
	elif [ "$(cat "$tmp/big.xml")" != "old contents" ]; then bad "SIG$sig: existing file damaged"
	elif ! no_temp; then bad "SIG$sig: temporary file left behind"
	elif [ "$rc" -ne $((128 + $(kill -l "$sig"))) ]; then bad "SIG$sig: exit $rc, expected death by the signal"
	else ok "SIG$sig mid-write: no temporary file, existing file untouched"
	fi
done

set +m

# A signal ignored on entry stays ignored (nohup): the run completes.
echo "old contents" >"$tmp/big.xml"
( trap '' HUP; exec "$bin" generate --offenders 300000 -o "$tmp/big.xml" ) &
pid=$!
sleep 0.2
kill -s HUP "$pid" 2>/dev/null
wait "$pid"
rc=$?
if [ "$rc" -eq 0 ] && [ "$(head -c 5 "$tmp/big.xml")" = "<?xml" ] && no_temp
then ok "SIGHUP ignored on entry (nohup): left ignored, the file is written"
else bad "SIGHUP ignored on entry: exit $rc"
fi

# A reader that goes away (SIGPIPE) is not an error worth a message.
"$bin" generate --offenders 200000 2>"$tmp/err" | head -c 100 >/dev/null
if [ ! -s "$tmp/err" ]; then ok "closed pipe: quiet"
else bad "closed pipe: $(head -1 "$tmp/err")"
fi

# render: a template or a font that isn't there; an interruption.
echo "old report" >"$tmp/r.pdf"
"$bin" render "$sample" --template "$tmp/none.xml" -o "$tmp/r.pdf" 2>"$tmp/err"
rc=$?
if [ "$rc" -eq 66 ] && grep -q "none.xml" "$tmp/err" && [ "$(cat "$tmp/r.pdf")" = "old report" ]
then ok "render: template missing: exit 66, names it, old report kept"
else bad "render: template missing: exit $rc: $(head -1 "$tmp/err")"
fi
sed 's/family="[^"]*"/family="No Such Family"/' "$SRCDIR/templates/england-wales-sopo.xml" >"$tmp/nofont.xml"
"$bin" render "$sample" --template "$tmp/nofont.xml" -o "$tmp/r.pdf" 2>"$tmp/err"
rc=$?
if [ "$rc" -eq 70 ] && grep -q "No Such Family" "$tmp/err" && [ "$(cat "$tmp/r.pdf")" = "old report" ] && no_temp
then ok "render: font missing: exit 70, names it, old report kept"
else bad "render: font missing: exit $rc: $(head -1 "$tmp/err")"
fi
"$bin" generate --offenders 800000 -o "$tmp/huge.xml"
set -m
for sig in INT TERM; do
	env --default-signal "$bin" render "$tmp/huge.xml" -o "$tmp/r.pdf" 2>"$tmp/err" &
	pid=$!
	sleep 0.5
	kill -s "$sig" "$pid"
	wait "$pid"
	rc=$?
	if [ "$rc" -eq $((128 + $(kill -l "$sig"))) ] && [ "$(cat "$tmp/r.pdf")" = "old report" ] && no_temp
	then ok "render: SIG$sig mid-render: old report kept, nothing left behind"
	else bad "render: SIG$sig mid-render: exit $rc"
	fi
done
set +m
rm -f "$tmp/huge.xml"

# Out of memory: under a shrinking address-space limit, every run either
# can't start (the loader), succeeds, or says "out of memory" and exits 70;
# none crashes or calls the snapshot invalid.  (AddressSanitizer reserves
# terabytes of address space, so a sanitized build can't be tested so.)
"$bin" generate --offenders 300000 -o "$tmp/big.xml"
saw_oom=0 odd=""
kibs=$(seq 40000 500 120000)
if ldd "$bin" 2>/dev/null | grep -q libasan || [ -n "${MAPPA_VALGRIND:-}" ]; then
	echo "skip out of memory: not under AddressSanitizer or valgrind"
	kibs= saw_oom=skip
fi
for kib in $kibs; do
	# A limit under which the program can't even start (the loader, or a
	# library's constructor, aborting before main) tests nothing of ours.
	( ulimit -v "$kib"; exec "$bin" --version ) >/dev/null 2>&1 || continue
	( ulimit -v "$kib"; exec "$bin" stats "$tmp/big.xml" ) >/dev/null 2>"$tmp/err"
	rc=$?
	case $rc in
	0) break ;;
	127) ;;
	70) grep -q "^mappa-report: out of memory$" "$tmp/err" && saw_oom=1 ||
		odd="$odd $kib:70:$(head -1 "$tmp/err")" ;;
	*) odd="$odd $kib:$rc:$(head -1 "$tmp/err")" ;;
	esac
done
if [ -n "$odd" ]; then bad "out of memory: unexpected outcomes:$odd"
elif [ "$saw_oom" = skip ]; then :
elif [ "$saw_oom" -eq 0 ]; then bad "out of memory: no limit made the run fail cleanly"
else ok "out of memory: 'mappa-report: out of memory', exit 70, never a crash"
fi
rm -f "$tmp/big.xml"

finish
