package io.influxupgrade.commands.backup.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import io.influxupgrade.commands.UpgradeException;

/** What a backup folder holds: a copy of a whole meta directory, or a metastore export ({@code meta.NN}). */
public enum BackupKind {
    META_DIR("meta-dir"),
    METASTORE("metastore"),
    /** {@code influxd backup -portable} (1.5+): metastore and every shard, the recorded backup kind of a 1.5+ plan. */
    PORTABLE("portable"),
    /**
     * A kind this version does not know, read from a session file (a hand edit, or a later version of this tool); such a
     * backup stays listed but is never taken for {@code latest} or a required backup. Never accepted from the command line.
     */
    UNKNOWN("unknown");

    private final String label;

    BackupKind(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    /** The kind named {@code text}; anything but {@code meta-dir}, {@code metastore} or {@code portable} is a usage error. */
    @JsonCreator
    public static BackupKind parse(String text) {
        for (BackupKind k : values()) {
            if (k != UNKNOWN && k.label.equals(text)) {
                return k;
            }
        }
        throw UpgradeException.usage("unknown backup kind '" + text + "' (expected meta-dir, metastore or portable)");
    }

    /**
     * The kind a session file records: {@link #UNKNOWN} for a label this version does not know (or none), so that an
     * old or edited session file still loads; the unknown label is not kept (the file then records {@code unknown}).
     */
    public static BackupKind fromLedger(String text) {
        for (BackupKind k : values()) {
            if (k.label.equals(text)) {
                return k;
            }
        }
        return UNKNOWN;
    }

    /** Reads a session file's kind with {@link #fromLedger}. */
    static final class LedgerDeserializer extends StdDeserializer<BackupKind> {

        LedgerDeserializer() {
            super(BackupKind.class);
        }

        @Override
        public BackupKind deserialize(JsonParser p, DeserializationContext ctxt) throws java.io.IOException {
            return fromLedger(p.getValueAsString());
        }

        @Override
        public BackupKind getNullValue(DeserializationContext ctxt) {
            return UNKNOWN;
        }
    }

    @Override
    public String toString() {
        return label;
    }
}
