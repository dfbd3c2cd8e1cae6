#!/usr/bin/env bash
# run.sh: build a libFuzzer target with clang and run it for a while.
#   tests/fuzz/run.sh snapshot|template SECONDS [JOBS]
# Findings go to tests/fuzz/findings-TARGET/; a crash input belongs in
# tests/data/ as a regression case once fixed.  Not part of `meson test`.
set -euo pipefail
target=${1:?usage: run.sh snapshot|template SECONDS [JOBS]}
seconds=${2:-60}
jobs=${3:-1}
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$top/build-fuzz
mkdir -p "$out" "$top/tests/fuzz/findings-$target"
command -v clang >/dev/null || { echo "run.sh: needs clang (apt-get install clang)"; exit 1; }

python3 "$top/generator/snapshot/embed.py" "$top/generator/snapshot/snapshot.xsd" \
	"$out/snapshot_xsd.c" mappa_snapshot_xsd
sources=("$top"/generator/util/*.c "$top"/generator/snapshot/*.c
	"$top"/generator/stats/*.c "$out/snapshot_xsd.c")
seeds=("$top/tests/data/snapshot" "$top/samples")
if [ "$target" = template ]; then
	python3 "$top/generator/snapshot/embed.py" "$top/generator/template/template.xsd" \
		"$out/template_xsd.c" mappa_template_xsd
	python3 "$top/generator/snapshot/embed.py" "$top/generator/template/board.xsd" \
		"$out/board_xsd.c" mappa_board_xsd
	sources+=("$top"/generator/template/*.c "$top"/generator/layout/*.c
		"$top"/generator/pdf/*.c "$out/template_xsd.c" "$out/board_xsd.c")
	seeds=("$top/tests/data/template" "$top/templates")
	printf '#define MAPPA_VERSION "fuzz"\n#define MAPPA_DATADIR "/nonexistent"\n#define MAPPA_SOURCE_DIR "%s"\n#define MAPPA_BUILD_DIR "/nonexistent"\n#define MAPPA_HYPH_DIR "/nonexistent"\n' \
		"$top" >"$out/config.h"
fi
flags=(-g -O1 -std=c11 -D_POSIX_C_SOURCE=200809L -I"$top/include" -I"$out"
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined)
# shellcheck disable=SC2046
clang "${flags[@]}" -o "$out/fuzz_$target" "$top/tests/fuzz/fuzz_$target.c" \
	"${sources[@]}" $(pkg-config --cflags --libs libxml-2.0 fontconfig \
	harfbuzz harfbuzz-subset libpng zlib) -lhpdf -lhyphen -lm

corpus=$out/corpus-$target
mkdir -p "$corpus"
dict=()
[ -f "$top/tests/fuzz/$target.dict" ] && dict=(-dict="$top/tests/fuzz/$target.dict")
cd "$top/tests/fuzz/findings-$target"
"$out/fuzz_$target" "$corpus" "${seeds[@]}" "${dict[@]}" \
	-max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
	-jobs="$jobs" -workers="$jobs" -print_final_stats=1
