package io.influxupgrade.commands.shard;

import io.influxupgrade.commands.Finding;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The WAL side of the walk, {@code <wal>/<db>/<rp>/<id>}: each rp's WAL shard dirs, the segments of one shard (tsm1's
 * {@code _00001.wal}, bz1's {@code 1.2.wal} and {@code 1.meta}), and the WAL dirs that have no shard in the data dir.
 */
final class WalDirScan {

    private static final Pattern TSM1_WAL = Pattern.compile("_[0-9]+\\.wal");
    private static final Pattern BZ1_WAL = Pattern.compile("[0-9]+\\.[0-9]+\\.wal|[0-9]+\\.meta");

    /** The WAL segments of one shard: how many, and their bytes. */
    record Segments(int count, long bytes) {
        static final Segments NONE = new Segments(0, 0);
    }

    private final ShardFs fs;

    WalDirScan(ShardFs fs) {
        this.fs = fs;
    }

    /** The WAL shard dirs of one db/rp by name; empty when {@code rpWal} is not a directory. */
    Map<String, Path> shards(Path rpWal, List<Finding> findings) {
        if (!Files.isDirectory(rpWal, ShardFs.NOFOLLOW)) {
            return Map.of();
        }
        Map<String, Path> out = new HashMap<>();
        for (Path p : fs.list(rpWal, findings)) {
            out.put(ShardFs.name(p), p);
        }
        return out;
    }

    /** The segments in one shard's WAL dir ({@code null}: none); only regular files named like a tsm1 or bz1 segment count. */
    Segments segments(Path walDir, List<Finding> findings) {
        if (walDir == null) {
            return Segments.NONE;
        }
        int count = 0;
        long bytes = 0;
        for (Path seg : fs.list(walDir, findings)) {
            String n = ShardFs.name(seg);
            if (TSM1_WAL.matcher(n).matches() || BZ1_WAL.matcher(n).matches()) {
                BasicFileAttributes a = ShardFs.attrs(seg, findings);
                if (a != null && a.isRegularFile()) {
                    count++;
                    bytes += a.size();
                }
            }
        }
        return new Segments(count, bytes);
    }

    /** WAL dirs under a db/rp that has no directory in the data dir at all. */
    void orphanRps(Path walRoot, Set<String> rpsSeen, String dbFilter, String rpFilter, List<Finding> findings) {
        for (Path dbDir : fs.list(walRoot, findings)) {
            String db = ShardFs.name(dbDir);
            if (dbFilter != null && !dbFilter.equals(db) || !Files.isDirectory(dbDir, ShardFs.NOFOLLOW)) {
                continue;
            }
            for (Path rpDir : fs.list(dbDir, findings)) {
                String rp = ShardFs.name(rpDir);
                if (rpFilter != null && !rpFilter.equals(rp) || rpsSeen.contains(db + "/" + rp) || !Files.isDirectory(rpDir, ShardFs.NOFOLLOW)) {
                    continue;
                }
                for (Path shard : fs.list(rpDir, findings)) {
                    findings.add(withoutShard(shard));
                }
            }
        }
    }

    /** The finding for a WAL shard dir whose shard is not in the data dir. */
    static Finding withoutShard(Path walShardDir) {
        return Finding.warning("shard.wal-without-shard", "WAL dir " + walShardDir
                        + " has no shard in the data dir; influxd will not replay it",
                "restore the shard dir from a backup, or remove the WAL dir if the shard was dropped");
    }
}
