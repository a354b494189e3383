package io.influxupgrade.commands.verify;

import io.influxupgrade.commands.InfluxVersion;

/**
 * What the session knows of the upgrade between baseline and compare: the release before and after.
 * It enables the normalisations that only such a path justifies (the {@code default} → {@code autogen}
 * retention policy name of 0.x → 1.x); {@link #NONE} enables none.
 */
public record UpgradePathHint(InfluxVersion from, InfluxVersion to) {

    public static final UpgradePathHint NONE = new UpgradePathHint(null, null);

    public static UpgradePathHint of(String from, String to) {
        return new UpgradePathHint(InfluxVersion.parse(from), InfluxVersion.parse(to));
    }

    /** True when the path crosses from 0.x (RP {@code default}) to 1.x (RP {@code autogen}). */
    public boolean renamesDefaultRetentionPolicy() {
        return from != null && to != null && from.major() == 0 && to.major() >= 1;
    }

    @Override
    public String toString() {
        return from == null || to == null ? "no upgrade path" : from + " → " + to;
    }
}
