package io.influxupgrade.commands.shard;

import io.influxupgrade.commands.Finding;

import io.influxupgrade.commands.Verdict;

import java.util.List;

/**
 * The result of {@code shard reconcile}: shard dirs the metastore does not know (or knows only as deleted), live
 * metastore shards without a dir, and shards found under a different db/rp than the metastore says. Any of these fails.
 */
public record Reconciliation(int dirs, int metastoreShards, List<Orphan> orphanDirs, List<KnownShard> missingDirs,
                             List<Mismatch> pathMismatches, List<Finding> findings) implements Verdict {

    /** A shard dir (or b1/bz1 file) on disk; {@code deletedInMetastore} when only a deleted group has its ID. */
    public record Orphan(long id, String db, String rp, String path, boolean deletedInMetastore) {
    }

    /** A shard the metastore places in {@code metastoreDb/metastoreRp} but that sits at {@code path}. */
    public record Mismatch(long id, String metastoreDb, String metastoreRp, String db, String rp, String path) {
    }

    @Override
    public boolean failed() {
        return !orphanDirs.isEmpty() || !missingDirs.isEmpty() || !pathMismatches.isEmpty();
    }

    @Override
    public String failureSummary() {
        return "shard reconcile: " + orphanDirs.size() + " shard dirs unknown to the metastore, " + missingDirs.size()
                + " metastore shards without a dir, " + pathMismatches.size()
                + " in the wrong db/rp (data in them is lost to influxd; see the findings for each)";
    }
}
