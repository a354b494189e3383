package io.influxupgrade.commands.shard;

/** A shard as the metastore knows it; {@code deleted} when its shard group is marked deleted. */
public record KnownShard(long id, String db, String rp, boolean deleted) {
}
