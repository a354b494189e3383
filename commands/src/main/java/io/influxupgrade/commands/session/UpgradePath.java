package io.influxupgrade.commands.session;

import io.influxupgrade.commands.InfluxVersion;

/** The two procedures of the official "Upgrading from previous versions" document, plus "none applies". */
public enum UpgradePath {
    /** 0.10/0.11 → 1.x: convert b1/bz1, export the raft metastore, restore it under the new binary. */
    RAFT_ERA("0.10/0.11 → 1.4"),
    /** 0.12–1.3 → 1.x: new binary, migrate the config, restart. */
    META_DB("0.12–1.3 → 1.4"),
    /** From and to do not form an upgrade this tool guides (same version, a downgrade, unknown). */
    NONE("no upgrade path");

    private final String label;

    UpgradePath(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The label with the real target line, e.g. "0.12–1.3 → 1.5". */
    public String label(InfluxVersion to) {
        return this == NONE || to == null ? label : label.substring(0, label.lastIndexOf(' ') + 1) + to.line();
    }

    public static UpgradePath of(InfluxVersion from, InfluxVersion to) {
        if (from == null || to == null || from.compareTo(to) >= 0) {
            return NONE;
        }
        return from.isRaftEra() ? RAFT_ERA : META_DB;
    }
}
