package io.influxupgrade.commands.shard;

import io.influxupgrade.commands.UpgradeException;

import java.util.Locale;

/**
 * The storage engine a shard was found to use, as {@code shard list --engine} filters it: tsm1 (0.11+), the 0.9/0.10
 * BoltDB engines b1 and bz1 that 1.x cannot read, or unknown. The scan reports the same words in {@link ShardInfo#engine}.
 */
public enum ShardEngine {
    TSM1, B1, BZ1, UNKNOWN;

    /** The word used on the command line and in reports. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses an option word; anything else is a usage error naming the four words. */
    public static ShardEngine parse(String word) {
        for (ShardEngine e : values()) {
            if (e.word().equals(word.strip())) {
                return e;
            }
        }
        throw UpgradeException.usage("shard list: unknown engine '" + word + "' (use tsm1, b1, bz1 or unknown)");
    }
}
