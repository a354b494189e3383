#!/usr/bin/env bash
# Start-up benchmark: median wall time of N runs of `scripts/influx-upgrade --format json session list`
# (the launcher, its CDS archive, Spring Shell start-up and one command) in a throw-away home.
# Usage: bench/startup.sh [RUNS]   (default 11; the first, archive-training run is not counted)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-11}"
home="$(mktemp -d)"
trap 'rm -rf "$home"' EXIT
"$root/scripts/influx-upgrade" --home "$home" --format json session list >/dev/null   # build + train once
times=()
for _ in $(seq "$runs"); do
  s=$(date +%s%N)
  "$root/scripts/influx-upgrade" --home "$home" --format json session list >/dev/null
  e=$(date +%s%N)
  times+=( $(( (e - s) / 1000000 )) )
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
echo "runs: ${times[*]} ms"
echo "median: ${sorted[$(( runs / 2 ))]} ms  (load: $(cut -d' ' -f1-3 /proc/loadavg))"
