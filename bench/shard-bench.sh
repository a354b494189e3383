#!/usr/bin/env bash
# Shard engine benchmark (issue 4): inventory vs find, verify vs cat. Results: commands/src/test/java/io/influxupgrade/
# commands/bench/SHARD-BENCH.md. Usage: bench/shard-bench.sh [WORKDIR]   (default /tmp/shard-bench; needs ~4 GB)
# Env: SHARDS (10000), FILES per shard (10), GIB of big TSM (2.25), FILE_MIB per big file (256), RUNS (3),
# JVMS for the verdict's warm series (3), JAVA_OPTS for the JVM (the launcher uses "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC").
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${1:-/tmp/shard-bench}
SHARDS=${SHARDS:-10000}
FILES=${FILES:-10}
GIB=${GIB:-2.25}
FILE_MIB=${FILE_MIB:-256}
RUNS=${RUNS:-3}
mkdir -p "$WORK"
cd "$ROOT"
mvn -B -q -pl commands test-compile
mvn -B -q -pl commands dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test >/dev/null
CP="$ROOT/commands/target/test-classes:$ROOT/commands/target/classes:$(cat "$WORK/cp.txt")"
# shellcheck disable=SC2206
JAVA=(java -Xmx2g ${JAVA_OPTS:-} -cp "$CP")
PKG=io.influxupgrade.commands.bench

[ -d "$WORK/small" ] || "${JAVA[@]}" $PKG.ShardBenchGenerate small "$WORK/small" "$SHARDS" "$FILES"
[ -d "$WORK/big" ] || "${JAVA[@]}" $PKG.ShardBenchGenerate big "$WORK/big" "$GIB" "$FILE_MIB"

TIMEFORMAT=%R
secs() { { time "$@" >/dev/null 2>&1; } 2>&1; }

evict() {
  # Try a real cache drop; without the privilege, evict file data pages per file (metadata stays cached).
  if (sync && echo 3 > /proc/sys/vm/drop_caches) 2>/dev/null; then
    echo "  (caches dropped with /proc/sys/vm/drop_caches)"
  else
    python3 - "$1" <<'PY'
import os, sys
for d, _, fs in os.walk(sys.argv[1]):
    for f in fs:
        fd = os.open(os.path.join(d, f), os.O_RDONLY)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        os.close(fd)
PY
    echo "  (drop_caches not permitted: file data evicted with posix_fadvise DONTNEED; dentries/inodes stay cached)"
  fi
}

echo "== machine: $(nproc) cores, $(java -version 2>&1 | head -1), $(uname -r), JAVA_OPTS=${JAVA_OPTS:-}"
echo "== inventory of $WORK/small ($(find "$WORK/small" -name '*.tsm' | wc -l) TSM files)"
find "$WORK/small" -type f -printf '%s\n' >/dev/null
for i in $(seq "$RUNS"); do echo "find warm run $i: $(secs find "$WORK/small" -type f -printf '%s\n') s"; done
for t in 1 2 32; do
  echo "shard list warm, threads $t, whole JVM: $(secs "${JAVA[@]}" $PKG.ShardBenchRun inventory "$WORK/small" $t 1) s"
  "${JAVA[@]}" $PKG.ShardBenchRun inventory "$WORK/small" $t "$RUNS"
done
"${JAVA[@]}" $PKG.ShardBenchRun inventory-quick "$WORK/small" 2 "$RUNS"
# the verdict's numbers: JVMS fresh JVMs with the default thread count (32), 6 runs each, each JVM between find runs;
# medians of find, of first runs (JIT warm-up included) and of runs 2-6 (compiled code, as in the shell's REPL)
JVMS=${JVMS:-3}
: >"$WORK/find.txt"; : >"$WORK/first.txt"; : >"$WORK/later.txt"
for j in $(seq "$JVMS"); do
  for i in 1 2; do secs find "$WORK/small" -type f -printf '%s\n' >>"$WORK/find.txt"; done
  "${JAVA[@]}" $PKG.ShardBenchRun inventory "$WORK/small" 32 6 | awk -v f="$WORK/first.txt" -v l="$WORK/later.txt" \
    '{ t = $6; if ($3 == 1) print t >> f; else print t >> l }'
done
secs find "$WORK/small" -type f -printf '%s\n' >>"$WORK/find.txt"
python3 - "$WORK" <<'PY'
import statistics, sys
w = sys.argv[1]
med = lambda name: statistics.median(float(x) for x in open(f"{w}/{name}.txt") if x.strip())
f, first, later = med("find"), med("first"), med("later")
print(f"warm medians over the JVMs: find {f:.3f} s; shard list first run {first:.3f} s ({first / f:.2f}x), "
      f"runs 2-6 {later:.3f} s ({later / f:.2f}x)")
PY
evict "$WORK/small"
echo "find cold-ish: $(secs find "$WORK/small" -type f -printf '%s\n') s"
for t in 2 32; do
  evict "$WORK/small"
  "${JAVA[@]}" $PKG.ShardBenchRun inventory "$WORK/small" $t 1 | sed 's/^/cold-ish, fresh JVM: /'
done
# cold page cache with compiled code (a shell that has listed shards before): warm-up runs, then caches dropped
# inside the JVM; find is timed cold right before, so each pair shares the machine's state
: >"$WORK/coldfind.txt"; : >"$WORK/coldlist.txt"
for i in $(seq "$RUNS"); do
  evict "$WORK/small"
  c=$(secs find "$WORK/small" -type f -printf '%s\n'); echo "$c" >>"$WORK/coldfind.txt"
  echo "find cold-ish (pair $i): $c s"
  line=$("${JAVA[@]}" $PKG.ShardBenchRun inventory-cold "$WORK/small" 32 3 | tail -1)
  echo "pair $i: $line"
  echo "$line" | awk '/after dropping caches/ { print $9 }' >>"$WORK/coldlist.txt"
done
python3 - "$WORK" <<'PY'
import statistics, sys
w = sys.argv[1]
vals = lambda name: [float(x) for x in open(f"{w}/{name}.txt") if x.strip()]
f, l = vals("coldfind"), vals("coldlist")
if l:
    ratios = [b / a for a, b in zip(f, l)]
    print(f"cold-ish pairs: find median {statistics.median(f):.3f} s, shard list median {statistics.median(l):.3f} s, "
          f"ratio per pair {', '.join(f'{r:.2f}x' for r in ratios)} (median {statistics.median(ratios):.2f}x)")
PY

echo "== verify of $WORK/big ($(du -sb "$WORK/big" | cut -f1) bytes), hot cache"
mapfile -t BIG < <(find "$WORK/big" -name '*.tsm' | sort)
cat "${BIG[@]}" >/dev/null
BYTES=$(du -sb "$WORK/big" | cut -f1)
for i in $(seq "$RUNS"); do
  s=$(secs cat "${BIG[@]}")
  echo "cat run $i: $s s, $(python3 -c "print(round($BYTES/$s/1048576))") MiB/s"
done
for j in 1 2; do "${JAVA[@]}" $PKG.ShardBenchRun verify "$WORK/big" $j "$RUNS"; done
