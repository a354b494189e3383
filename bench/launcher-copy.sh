#!/usr/bin/env bash
# Verified copy as the launcher runs it: `scripts/influx-upgrade backup meta-dir` (scan, copy + SHA-256, fsync,
# manifest, re-read and check) of a ~2 GiB tree of real-sized TSM files against `cp -a` (and `cp -a` + `sync`) of the
# same tree, side by side in each round, hot page cache and cold (caches dropped before each copy; needs root).
# Usage: bench/launcher-copy.sh [SCRATCH] [ROUNDS]   (default /tmp/launcher-copy, 7 rounds; needs ~5 GiB free)
# Env: LAUNCHER_JAVA_OPTS are given to the launcher as JAVA_OPTS (e.g. -XX:TieredStopAtLevel=1 to force C1 only).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
scratch="${1:-/tmp/launcher-copy}"
rounds="${2:-7}"
src="$scratch/src"
home="$scratch/home"
mkdir -p "$scratch"
if [ ! -f "$src/.complete" ]; then
  rm -rf "$src"
  # sizes as a compacted 1.x data dir has them: a few 256 MiB TSM files (the compaction target is 2 GiB, most are
  # smaller), level 1-3 files of 24 MiB, small fresh ones, and the tiny files beside them (fields.idx, meta.db)
  python3 - "$src" <<'PY'
import os, sys
root = sys.argv[1]
def put(path, size):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        left = size
        while left > 0:
            n = min(left, 8 << 20)
            f.write(os.urandom(n))
            left -= n
shard = 0
for i in range(6):
    shard += 1
    put(f"{root}/data/db/autogen/{shard}/000000{i + 1:03d}-000000004.tsm", 256 << 20)
for i in range(16):
    shard += 1
    put(f"{root}/data/db/autogen/{shard}/000000{i + 1:03d}-000000002.tsm", 24 << 20)
for i in range(64):
    put(f"{root}/data/db/autogen/{shard - i % 16}/000001{i:03d}-000000001.tsm", 2 << 20)
for i in range(200):
    put(f"{root}/data/db/autogen/{i % shard + 1}/fields{i}.idx", 4096)
put(f"{root}/meta/meta.db", 64 << 10)
PY
  touch "$src/.complete"
fi
mib=$(du -sm --apparent-size "$src" | cut -f1)
files=$(find "$src" -type f | wc -l)
rm -rf "$home"
"$root/scripts/influx-upgrade" --home "$home" session new bench --from 1.3 --meta-dir "$src" \
  --data-dir "$scratch/none" --wal-dir "$scratch/none" --backup-root "$scratch/backups" >/dev/null
echo "== $(nproc) cores, $(java -version 2>&1 | head -1), tree $src: $files files, $mib MiB; launcher JAVA_OPTS=${LAUNCHER_JAVA_OPTS:-}"
drop() { sync; echo 3 >/proc/sys/vm/drop_caches; }
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
ours() { JAVA_OPTS="${LAUNCHER_JAVA_OPTS:-}" "$root/scripts/influx-upgrade" --home "$home" --format json backup meta-dir; }
cpa() { cp -a "$src" "$scratch/cp"; }
cps() { cp -a "$src" "$scratch/cp"; sync; }
clean() { rm -rf "$scratch/cp" "$scratch/backups"; sync; }
for mode in hot cold; do
  : >"$scratch/$mode.txt"
  for r in $(seq "$rounds"); do
    clean
    [ "$mode" = hot ] && cat $(find "$src" -type f) >/dev/null
    if [ $((r % 2)) -eq 1 ]; then order="cpa cps ours"; else order="ours cps cpa"; fi
    line=""
    for what in $order; do
      clean
      if [ "$mode" = cold ]; then drop; fi
      t=$(ms "$what")
      line="$line $what=$t"
    done
    echo "$mode round $r:$line ms (load $(cut -d' ' -f1 /proc/loadavg))" | tee -a "$scratch/$mode.txt"
  done
done
clean
python3 - "$scratch" "$mib" <<'PY'
import re, statistics, sys
scratch, mib = sys.argv[1], float(sys.argv[2])
for mode in ("hot", "cold"):
    rows = [dict((k, int(v)) for k, v in re.findall(r"(\w+)=(\d+)", l)) for l in open(f"{scratch}/{mode}.txt")]
    med = {k: statistics.median(r[k] for r in rows) for k in ("cpa", "cps", "ours")}
    ratios = sorted(r["cpa"] / r["ours"] for r in rows)
    print(f"{mode}: medians cp -a {med['cpa'] / 1000:.2f} s ({mib / med['cpa'] * 1000:.0f} MiB/s), cp -a + sync "
          f"{med['cps'] / 1000:.2f} s, launcher backup meta-dir {med['ours'] / 1000:.2f} s ({mib / med['ours'] * 1000:.0f} MiB/s); "
          f"throughput vs cp -a {med['cpa'] / med['ours']:.2f}x (per-round ratios {', '.join(f'{x:.2f}' for x in ratios)}), "
          f"vs cp -a + sync {med['cps'] / med['ours']:.2f}x")
PY
