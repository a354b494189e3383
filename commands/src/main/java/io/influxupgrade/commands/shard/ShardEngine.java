package io.influxupgrade.commands.shard;

import io.influxupgrade.commands.OptionWords;

/**
 * The storage engine a shard was found to use, as {@code shard list --engine} filters it: tsm1 (0.11+), the 0.9/0.10
 * BoltDB engines b1 and bz1 that 1.x cannot read, or unknown. The scan reports the same words in {@link ShardInfo#engine}.
 */
public enum ShardEngine {
    TSM1, B1, BZ1, UNKNOWN;

    /** The word used on the command line and in reports. */
    public String word() {
        return OptionWords.word(this);
    }

    /** Parses an option word; anything else is a usage error naming the four words. */
    public static ShardEngine parse(String word) {
        return OptionWords.lowerCase(ShardEngine.class, word, "shard list: unknown engine '" + word + "' (use tsm1, b1, bz1 or unknown)");
    }
}
