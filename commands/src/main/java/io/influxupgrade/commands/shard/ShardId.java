package io.influxupgrade.commands.shard;

import io.influxupgrade.commands.OptionWords;

/** A shard's ID as an operator types it ({@code shard verify --id 12}): a whole number from 1, as 'shard list' shows it. */
public record ShardId(long value) {

    /** Parses an option word; anything else is a usage error pointing at 'shard list'. */
    public static ShardId parse(String word) {
        return new ShardId(OptionWords.positive(word, "--id must be a shard ID (a whole number from 1, see 'shard list'), got '" + word + "'"));
    }
}
