package io.influxupgrade.commands.shard;

import io.influxupgrade.commands.Finding;

import io.influxupgrade.commands.FindingsVerdict;

import java.util.List;

/**
 * The result of {@code shard verify}: how much was checked, each broken file, and one finding per broken block,
 * broken WAL segment or unreadable part of the tree ({@code walSegments} is -1 when no wal dir was given). Fails
 * (exit 4) when there is any ERROR finding.
 */
public record ShardVerification(int files, long bytes, long blocks, long brokenBlocks, List<BrokenFile> brokenFiles,
                                List<Finding> findings, int walSegments, long walEntries, long walPoints) implements FindingsVerdict {

    /** A TSM file with at least one problem. */
    public record BrokenFile(long shard, String db, String rp, String path, long blocks, long brokenBlocks) {
    }

    @Override
    public String failureSummary() {
        long errors = findings.stream().filter(f -> f.severity() == Finding.Severity.ERROR).count();
        return "shard verify: " + brokenFiles.size() + " of " + files + " TSM files broken, " + brokenBlocks + " of " + blocks
                + " blocks broken, " + errors + " errors (restore the broken shards from a backup before upgrading)";
    }
}
