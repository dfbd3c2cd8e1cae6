#!/usr/bin/env bash
# valgrind.sh: every end-to-end script again, with the program run under
# valgrind (memcheck): any invalid read or write, use of uninitialised
# memory or leak fails the run.  Slow; `meson test --suite valgrind`.
set -u
bin=${MAPPA_REPORT:?}
command -v valgrind >/dev/null || { echo "valgrind.sh: needs valgrind"; exit 77; }
logs=$(mktemp -d) || exit 1
trap 'rm -rf "$logs"' EXIT
cat >"$logs/mappa-report" <<EOF2
#!/bin/sh
exec valgrind -q --leak-check=full --show-leak-kinds=definite,indirect \\
	--errors-for-leak-kinds=definite,indirect --track-origins=yes \\
	--log-file="$logs/vg.%p" "$bin" "\$@"
EOF2
chmod +x "$logs/mappa-report"
export MAPPA_REPORT=$logs/mappa-report MAPPA_VALGRIND=1
pass=0 fail=0
# The scripts are independent (each has its own temporary directory), and
# valgrind runs one thread: as many run at once as there are processors.
jobs=$(nproc 2>/dev/null || echo 1)
# VALGRIND_SCRIPTS may name a few of them.
names=${VALGRIND_SCRIPTS:-data cli samples hostile faults render compare verify batch safety sentences pages reader web board nothingcut fit welsh editions}
for name in $names; do
	while [ "$(jobs -pr | wc -l)" -ge "$jobs" ]; do wait -n; done
	{ bash "$(dirname "$0")/$name.sh" >"$logs/out.$name" 2>&1; echo $? >"$logs/rc.$name"; } &
done
wait
for name in $names; do
	if [ "$(cat "$logs/rc.$name")" = 0 ]; then
		pass=$((pass + 1)); echo "ok   $name: $(tail -1 "$logs/out.$name")"
	else
		fail=$((fail + 1)); echo "FAIL $name under valgrind:"; grep -v '^ok' "$logs/out.$name" | head -20
	fi
done
# Every log with anything in it is a finding.
for log in "$logs"/vg.*; do
	[ -s "$log" ] || continue
	fail=$((fail + 1)); echo "FAIL valgrind report $(basename "$log"):"; head -30 "$log"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
