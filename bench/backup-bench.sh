#!/bin/sh
# Verified copy + SHA-256 manifest (backup meta-dir) of a 1 GiB mixed tree vs `cp -a` in the same run.
# Usage: bench/backup-bench.sh [scratch dir on the target file system] [rounds] [MiB]
# JAVA_OPTS are passed to the JVM (e.g. the launcher's "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC").
# Needs ~3 GiB free in the scratch dir. Results go to stdout; record them in
# commands/src/test/java/io/influxupgrade/commands/bench/BACKUP-BENCH.md.
set -eu
cd "$(dirname "$0")/.."
SCRATCH=${1:-/tmp/backup-bench}
ROUNDS=${2:-3}
MIB=${3:-1024}
mvn -B -q -o -pl commands test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp >/dev/null
CP="commands/target/test-classes:commands/target/classes:$(cat commands/target/bench.cp)"
mkdir -p "$SCRATCH"
exec java -Xmx512m ${JAVA_OPTS:-} -cp "$CP" io.influxupgrade.commands.bench.BackupBench "$SCRATCH" "$ROUNDS" "$MIB"
