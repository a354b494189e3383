#!/usr/bin/env bash
# Two checkouts' verified copy side by side: `backup meta-dir` through each checkout's launcher and `cp -a`, on the
# tree of bench/launcher-copy.sh (run it once first to generate it), interleaved, hot page cache then cold (root).
# Usage: bench/launcher-copy-compare.sh CHECKOUT_A CHECKOUT_B [ROUNDS] [SCRATCH]   (default 5 rounds, /tmp/launcher-copy)
set -euo pipefail
a="$(cd "$1" && pwd)"; b="$(cd "$2" && pwd)"; rounds="${3:-5}"; scratch="${4:-/tmp/launcher-copy}"; src="$scratch/src"
[ -f "$src/.complete" ] || { echo "no tree at $src: run bench/launcher-copy.sh first" >&2; exit 2; }
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
clean() { rm -rf "$scratch/cp" "$scratch/backups"; sync; }
drop() { sync; echo 3 >/proc/sys/vm/drop_caches; }
for c in "$a" "$b"; do
  h="$scratch/home-$(printf '%s' "$c" | cksum | cut -d' ' -f1)"; rm -rf "$h"
  "$c/scripts/influx-upgrade" --home "$h" session new bench --from 1.3 --meta-dir "$src" --data-dir "$scratch/none" \
    --wal-dir "$scratch/none" --backup-root "$scratch/backups" >/dev/null 2>&1
done
ours() { "$1/scripts/influx-upgrade" --home "$scratch/home-$(printf '%s' "$1" | cksum | cut -d' ' -f1)" --format json backup meta-dir; }
cpa() { cp -a "$src" "$scratch/cp"; }
echo "A=$a B=$b, $(nproc) cores"
for mode in hot cold; do
  for r in $(seq "$rounds"); do
    if [ $((r % 2)) -eq 1 ]; then order="A B cpa"; else order="cpa B A"; fi
    line=""
    for w in $order; do
      clean
      if [ "$mode" = hot ]; then cat $(find "$src" -type f) >/dev/null; else drop; fi
      case "$w" in A) t=$(ms ours "$a") ;; B) t=$(ms ours "$b") ;; cpa) t=$(ms cpa) ;; esac
      line="$line $w=$t"
    done
    echo "$mode $r:$line ms (load $(cut -d' ' -f1 /proc/loadavg))"
  done
done
clean
