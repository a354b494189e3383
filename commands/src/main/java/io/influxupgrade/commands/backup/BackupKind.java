package io.influxupgrade.commands.backup;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.influxupgrade.commands.UpgradeException;

/** What a backup folder holds: a copy of a whole meta directory, or a metastore export ({@code meta.NN}). */
public enum BackupKind {
    META_DIR("meta-dir"),
    METASTORE("metastore"),
    /** {@code influxd backup -portable} (1.5+): metastore and every shard, the recorded backup kind of a 1.5+ plan. */
    PORTABLE("portable");

    private final String label;

    BackupKind(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    @JsonCreator
    public static BackupKind parse(String text) {
        for (BackupKind k : values()) {
            if (k.label.equals(text)) {
                return k;
            }
        }
        throw UpgradeException.usage("unknown backup kind '" + text + "' (expected meta-dir, metastore or portable)");
    }

    @Override
    public String toString() {
        return label;
    }
}
