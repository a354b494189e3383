#!/usr/bin/env bash
# Start-up before/after: this launcher against another checkout's (e.g. a clone at the commit before a change, built
# with `mvn -DskipTests package`), `--format json session list` and the same as a one-line stdin batch, alternating,
# in throw-away homes and cache. Usage: bench/startup-before-after.sh OTHER_CHECKOUT [RUNS]
set -euo pipefail
work=$(mktemp -d); export INFLUX_UPGRADE_CACHE=$work/cache
OLD="$1/scripts/influx-upgrade"; NEW="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/scripts/influx-upgrade"
$NEW --home $work/h1 --format json session list >/dev/null; $OLD --home $work/h2 --format json session list >/dev/null
: > $work/new.txt; : > $work/old.txt; : > $work/oldbatch.txt; : > $work/newbatch.txt; loads=()
for i in $(seq ${2:-9}); do
  for v in new old newbatch oldbatch; do
    s=$(date +%s%N)
    case $v in
      new) $NEW --home $work/h1 --format json session list ;;
      old) $OLD --home $work/h2 --format json session list ;;
      newbatch) echo 'session list' | $NEW --home $work/h1 --format json ;;
      oldbatch) echo 'session list' | $OLD --home $work/h2 --format json ;;
    esac >/dev/null 2>&1
    e=$(date +%s%N); echo $(( (e-s)/1000000 )) >> $work/$v.txt
  done
  loads+=("$(cut -d' ' -f1 /proc/loadavg)")
done
echo "load: ${loads[*]}"
for v in new old newbatch oldbatch; do s=($(sort -n $work/$v.txt)); echo "$v median ${s[$(( ${#s[@]} / 2 ))]} ms ($(tr '\n' ' ' < $work/$v.txt))"; done
rm -rf $work
