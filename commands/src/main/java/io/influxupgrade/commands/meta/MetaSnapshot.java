package io.influxupgrade.commands.meta;

import java.util.List;

/**
 * A metastore read from one source: where it came from, in which format ({@code meta.db}, {@code meta.NN},
 * {@code portable}, {@code raft: ...} saying where the replayed state came from), the data, and plain-language
 * warnings. {@code notIncludedLogEntries} is 0 for a replayed raft dir, null where no raft log was read.
 */
public record MetaSnapshot(String source, String format, MetaData data, List<String> warnings, Long notIncludedLogEntries) {

    public static final String META_DB = "meta.db";
    public static final String LEGACY = "meta.NN";
    public static final String PORTABLE = "portable";
    /** A 0.10/0.11 meta dir; the format reads "raft: snapshot N + M log entries" or "raft: no snapshot: M log entries". */
    public static final String RAFT = "raft";

    /** True for a 0.10/0.11 raft meta dir. */
    public boolean raft() {
        return format.equals(RAFT) || format.startsWith(RAFT + ":");
    }

    public MetaSnapshot {
        warnings = List.copyOf(warnings);
    }
}
