#!/usr/bin/env bash
# Start-up benchmark, through the launcher, in a throw-away home and cache, interleaved so that every variant sees
# the same machine: medians of RUNS runs (default 9) of
#   list      `scripts/influx-upgrade --format json session list` (one command: the path without Spring)
#   spring    the same with INFLUX_UPGRADE_NO_FAST=1 (the Spring Shell path that batches and the REPL take)
#   prompt    `printf 'quit\n' | scripts/influx-upgrade --interactive` (REPL start to the first prompt, then quit)
#   list-nocds, spring-nocds, prompt-nocds: the same with INFLUX_UPGRADE_NO_CDS=1 (no class-data-sharing archive)
# and, for comparison, `java -version` (a bare JVM). The first launcher run builds the archive and is not counted.
# With OTHER=DIR (another checkout, e.g. a clone at an older commit built with `mvn -DskipTests package`), a variant
# named old-VARIANT runs VARIANT through DIR's launcher, in its own home: before/after side by side in one run.
# Usage: [OTHER=DIR] bench/startup.sh [RUNS] [VARIANTS...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-9}"
shift || true
variants=("$@")
[ ${#variants[@]} -gt 0 ] || variants=(list spring prompt list-nocds spring-nocds prompt-nocds java)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export INFLUX_UPGRADE_CACHE="$work/cache"
home="$work/home"
L="$root/scripts/influx-upgrade"
"$L" --home "$home" --format json session list >/dev/null   # build + archive once
if [ -n "${OTHER:-}" ]; then
  "$OTHER/scripts/influx-upgrade" --home "$work/old-home" --format json session list >/dev/null
fi
one() {
  case "$1" in
    old-*) L="$OTHER/scripts/influx-upgrade" home="$work/old-home" one "${1#old-}" ;;
    list) "$L" --home "$home" --format json session list ;;
    spring) INFLUX_UPGRADE_NO_FAST=1 "$L" --home "$home" --format json session list ;;
    prompt) printf 'quit\n' | "$L" --home "$home" --interactive ;;
    list-nocds) INFLUX_UPGRADE_NO_CDS=1 "$L" --home "$home" --format json session list ;;
    spring-nocds) INFLUX_UPGRADE_NO_CDS=1 INFLUX_UPGRADE_NO_FAST=1 "$L" --home "$home" --format json session list ;;
    prompt-nocds) printf 'quit\n' | INFLUX_UPGRADE_NO_CDS=1 "$L" --home "$home" --interactive ;;
    java) java -version ;;
  esac
}
for v in "${variants[@]}"; do one "$v" >/dev/null 2>&1; : >"$work/$v.txt"; done   # warm the page cache
loads=()
for _ in $(seq "$runs"); do
  for v in "${variants[@]}"; do
    s=$(date +%s%N)
    one "$v" >/dev/null 2>&1
    e=$(date +%s%N)
    echo $(( (e - s) / 1000000 )) >>"$work/$v.txt"
  done
  loads+=("$(cut -d' ' -f1 /proc/loadavg)")
done
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1); load average during the runs: ${loads[*]}"
for v in "${variants[@]}"; do
  sorted=($(sort -n "$work/$v.txt"))
  printf '%-17s median %5d ms   (runs: %s)\n' "$v" "${sorted[$(( runs / 2 ))]}" "$(tr '\n' ' ' <"$work/$v.txt")"
done
