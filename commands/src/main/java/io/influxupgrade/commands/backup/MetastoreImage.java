package io.influxupgrade.commands.backup;

import io.influxupgrade.commands.meta.MetaData;

/**
 * A metastore as the backup commands copy it: the decoded {@link MetaData} (the one metastore model; its Term, Index
 * and ClusterID are the image's) together with what a byte-faithful export needs beside it: the raw {@code Data}
 * protobuf bytes as read, the node blob of a legacy {@code meta.NN} ({@code null\n} for 0.12+), where it came from,
 * and, for a 0.10/0.11 raft source read from its snapshot only, how many raft log entries after the snapshot are
 * not in it (0 = complete, -1 = unknown).
 */
public record MetastoreImage(MetaData model, byte[] data, byte[] nodeBlob, String origin, long missingLogEntries) {

    public long term() {
        return model.term();
    }

    public long index() {
        return model.index();
    }

    public long clusterId() {
        return model.clusterId();
    }

    /** True for a raft-era source that lacks log entries (or where their number is unknown). */
    public boolean snapshotOnly() {
        return missingLogEntries != 0;
    }
}
