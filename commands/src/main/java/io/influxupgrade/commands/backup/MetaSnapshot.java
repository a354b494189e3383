package io.influxupgrade.commands.backup;

/**
 * One decoded metastore as the backup commands need it: the raw {@code Data} protobuf bytes, its Term, Index and
 * ClusterID, the node blob of a legacy backup ({@code null\n} for 0.12+), where it came from, and, for a 0.10/0.11
 * raft source read from its snapshot only, how many raft log entries after the snapshot are not in it
 * (0 = complete, -1 = unknown). {@code model} is the codec's own decoded form (opaque here).
 */
public record MetaSnapshot(long term, long index, long clusterId, byte[] data, byte[] nodeBlob, String origin,
                           long missingLogEntries, Object model) {

    /** True for a raft-era source that lacks log entries (or where their number is unknown). */
    public boolean snapshotOnly() {
        return missingLogEntries != 0;
    }
}
