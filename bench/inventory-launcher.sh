#!/usr/bin/env bash
# First inventory as an operator meets it: `scripts/influx-upgrade --format json shard list --data-dir D --wal-dir W`
# (a fresh JVM each time: start-up, the scan with its JIT warm-up, the JSON of 10,000 shards) against
# `find D -type f -printf '%s\n'`, interleaved, warm page cache; medians of RUNS (default 9). Uses the tree of
# bench/shard-bench.sh (10,000 shards / 100,000 TSM files), generating it when missing.
# Usage: bench/inventory-launcher.sh [WORKDIR] [RUNS]   (default /tmp/shard-bench)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${1:-/tmp/shard-bench}"
runs="${2:-9}"
mkdir -p "$work"
if [ ! -d "$work/small" ]; then
  (cd "$root" && mvn -B -q -o -pl commands test-compile \
    && mvn -B -q -pl commands dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" -Dmdep.includeScope=test >/dev/null)
  java -cp "$root/commands/target/test-classes:$root/commands/target/classes:$(cat "$work/cp.txt")" \
    io.influxupgrade.commands.bench.ShardBenchGenerate small "$work/small" 10000 10
fi
mkdir -p "$work/nowal"
home="$(mktemp -d)"
trap 'rm -rf "$home"' EXIT
L=("$root/scripts/influx-upgrade" --home "$home" --format json shard list --data-dir "$work/small" --wal-dir "$work/nowal")
"${L[@]}" >/dev/null 2>&1 || true   # build + archive once; page cache warm
find "$work/small" -type f -printf '%s\n' >/dev/null
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
: >"$work/inv-find.txt"; : >"$work/inv-ours.txt"; loads=()
for _ in $(seq "$runs"); do
  ms find "$work/small" -type f -printf '%s\n' >>"$work/inv-find.txt"
  ms "${L[@]}" >>"$work/inv-ours.txt"
  loads+=("$(cut -d' ' -f1 /proc/loadavg)")
done
python3 - "$work" <<PY
import statistics, sys
w = sys.argv[1]
f = [int(x) for x in open(f"{w}/inv-find.txt")]
o = [int(x) for x in open(f"{w}/inv-ours.txt")]
print("find:", f, "ms")
print("launcher shard list:", o, "ms")
print(f"medians: find {statistics.median(f)} ms, launcher shard list (whole process) {statistics.median(o)} ms: "
      f"{statistics.median(o) / statistics.median(f):.2f}x find (load: ${loads[*]})")
PY
