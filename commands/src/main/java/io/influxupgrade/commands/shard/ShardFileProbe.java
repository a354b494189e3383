package io.influxupgrade.commands.shard;

import java.nio.file.Path;

/** Tells b1 from bz1 for a shard that is a single file (format doc section 5.5). */
interface ShardFileProbe {

    /** engine: b1, bz1 or unknown (with a reason); seriesKeys when it could be counted, else 0. */
    record Result(String engine, String reason, long seriesKeys) {
    }

    Result probe(Path file);

    ShardFileProbe DEFAULT = BoltShardProbe::probe;
}
