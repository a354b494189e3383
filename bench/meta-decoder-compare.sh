#!/bin/bash
# Issue 17: can the generated MetaProto.Data parser (then mapping to the model) replace FastMetaDecoder for
# 'meta show' / 'meta diff' of a 900,000-shard metastore (target: <= 2 s, <= 1 GiB heap)?
# Builds a second copy of the engine's classes whose MetaStoreCodec.decodeWithWarnings goes through
# decodeWithGeneratedParser (the reference path) and runs MetaBench summary/diff with both, interleaved, in fresh
# JVMs with -Xmx1g, C1 only (what the launcher uses for these commands) and default JIT. Prints wall and CPU time,
# max RSS and the largest heap still live after a GC (from -Xlog:gc). Record results in bench/README.md.
# Usage: bench/meta-decoder-compare.sh [work dir] [rounds]
set -eu
cd "$(dirname "$0")/.."
WORK=${1:-/tmp/meta-decoder-compare}
ROUNDS=${2:-3}
mvn -B -q -o -pl commands test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp >/dev/null
DEP=$(cat commands/target/bench.cp)
mkdir -p "$WORK/src"
rm -rf "$WORK/classes" && cp -r commands/target/classes "$WORK/classes"
cp commands/src/main/java/io/influxupgrade/commands/meta/MetaStoreCodec.java "$WORK/src/MetaStoreCodec.java"
python3 - "$WORK/src/MetaStoreCodec.java" <<'PY'
import sys
p = sys.argv[1]; s = open(p).read()
old = "        List<String> warnings = new ArrayList<>();\n        MetaData data;\n        try {\n            data = FastMetaDecoder.decode("
assert old in s, "MetaStoreCodec.decodeWithWarnings changed: update this script"
s = s.replace(old, "        if (bytes.length > 0) {\n            return decodeWithGeneratedParser(bytes, what);\n        }\n" + old, 1)
open(p, "w").write(s)
PY
javac -nowarn -d "$WORK/classes" -cp "commands/target/classes:$DEP" "$WORK/src/MetaStoreCodec.java"
FAST="commands/target/classes:commands/target/test-classes:$DEP"
GENERATED="$WORK/classes:commands/target/test-classes:$DEP"
[ -f "$WORK/mb/a/meta.db" ] || java -Xmx1g -cp "$FAST" io.influxupgrade.commands.bench.MetaBench generate "$WORK/mb" >/dev/null
for round in $(seq "$ROUNDS"); do
  for jit in c1 default; do
    flags=""; [ $jit = c1 ] && flags="-XX:TieredStopAtLevel=1"
    for v in FAST GENERATED; do
      for op in summary diff; do
        if [ $op = summary ]; then a="summary $WORK/mb/a/meta.db 1"; else a="diff $WORK/mb/a/meta.db $WORK/mb/b/meta.db 1"; fi
        log="$WORK/gc-$v-$op.log"
        out=$( { /usr/bin/time -f "| %M KB max RSS" java -Xmx1g $flags -Xlog:gc:file="$log" -cp "${!v}" \
            io.influxupgrade.commands.bench.MetaBench $a; } 2>&1 | grep -E "ms wall|max RSS|Error|Exception" \
            | sed -E 's/ \(max heap.*load ([0-9.]+)\).*/ (load \1)/' | tr '\n' ' ')
        live=$(grep -oE '[0-9]+M->[0-9]+M' "$log" | sed 's/.*->//; s/M//' | sort -n | tail -1)
        echo "round $round $jit $v $op: $out| max live after GC ${live} MiB"
      done
    done
  done
done
