package io.influxupgrade.commands.backup;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.influxupgrade.commands.UpgradeException;

/** What a backup folder holds: a copy of a whole meta directory, or a metastore export ({@code meta.NN}). */
public enum BackupKind {
    META_DIR("meta-dir"),
    METASTORE("metastore");

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
        throw UpgradeException.usage("unknown backup kind '" + text + "' (expected meta-dir or metastore)");
    }

    @Override
    public String toString() {
        return label;
    }
}
