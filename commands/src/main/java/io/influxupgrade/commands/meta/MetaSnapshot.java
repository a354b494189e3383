package io.influxupgrade.commands.meta;

import java.util.List;

/**
 * A metastore read from one source: where it came from, in which format ({@code meta.db}, {@code meta.NN},
 * {@code portable}, {@code raft-snapshot}), the data, and plain-language warnings. For a raft snapshot,
 * {@code notIncludedLogEntries} counts the raft.db log entries after the snapshot (null when not counted).
 */
public record MetaSnapshot(String source, String format, MetaData data, List<String> warnings, Long notIncludedLogEntries) {

    public static final String META_DB = "meta.db";
    public static final String LEGACY = "meta.NN";
    public static final String PORTABLE = "portable";
    public static final String RAFT = "raft-snapshot";

    public MetaSnapshot {
        warnings = List.copyOf(warnings);
    }
}
