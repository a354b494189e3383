package io.influxupgrade.commands.shard;

import io.influxupgrade.commands.Finding;

import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One tsm1 shard, a directory: its TSM files (count, bytes and, with {@link DataDirScanner.Options#readTsm}, the time
 * range and series from each file's footer and index), its tsi1 index dir ({@link TsiIndexScan}), the leftovers influxd
 * deletes or sets aside (temp files, snapshot dirs, {@code .bad} files) and anything else, which is garbage.
 */
final class Tsm1ShardScan {

    private static final Pattern SNAPSHOT_DIR = Pattern.compile("[0-9]+\\.tmp");

    private final DataDirScanner.Options options;
    private final ShardFs fs;
    private final TsiIndexScan tsi;
    private final Path dataDir;

    Tsm1ShardScan(DataDirScanner.Options options, ShardFs fs, Path dataDir) {
        this.options = options;
        this.fs = fs;
        this.tsi = new TsiIndexScan(fs);
        this.dataDir = dataDir;
    }

    /** Scans the shard dir of {@code c}; {@code pool} times the first read, {@code worker} is the thread's slot in it. */
    DataDirScanner.ScannedShard scan(DataDirScanner.Candidate c, String owner, WalDirScan.Segments wal, List<Finding> findings,
                                     ScanPool pool, ScanPool.Worker worker) {
        List<Path> tsm = options.keepFiles() ? new ArrayList<>() : null;
        int tsmCount = 0;
        long bytes = 0;
        int temp = 0;
        long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
        boolean anyData = false;
        LongHashSet series = new LongHashSet();
        IndexInfo index = IndexInfo.INMEM;
        long listed = System.nanoTime();
        DataDirScanner.OpenDir dir = fs.openDir(c.path(), findings);
        pool.timed(listed);
        try {
            for (Path p : dir == null ? List.<Path>of() : dir.entries()) {
                Path fileName = p.getFileName();
                String n = fileName.toString();
                if (n.endsWith(".tsm")) {
                    TsmReader.TsmFileReport r = null;
                    long size;
                    if (options.readTsm()) {
                        // the first file's read is timed for the pool (a cold cache shows in every shard's first read)
                        r = TsmReader.summarize(p, () -> {
                            worker.opening = p; // a named pipe would block here: the pool's watcher unblocks it
                            try {
                                return dir.openFile(p, fileName);
                            } finally {
                                worker.opening = null;
                            }
                        }, series, tsmCount == 0 ? pool : null);
                        size = r.bytes();
                        if (!r.findings().isEmpty()) {
                            // opened without a stat first: a pipe, device or directory named *.tsm shows up here
                            BasicFileAttributes a = ShardFs.attrs(p, findings);
                            if (a != null && !a.isRegularFile()) {
                                findings.add(notFile(p, a));
                                continue;
                            }
                        }
                    } else {
                        BasicFileAttributes a = ShardFs.attrs(p, findings);
                        if (a == null) {
                            continue;
                        }
                        if (!a.isRegularFile()) {
                            findings.add(notFile(p, a));
                            continue;
                        }
                        size = a.size();
                    }
                    if (tsm != null) {
                        tsm.add(p);
                    }
                    tsmCount++;
                    bytes += size;
                    if (r != null) {
                        findings.addAll(r.findings());
                        if (r.blocks() > 0) {
                            anyData = true;
                            min = Math.min(min, r.minTime());
                            max = Math.max(max, r.maxTime());
                        }
                    }
                    continue;
                }
                BasicFileAttributes a = ShardFs.attrs(p, findings);
                if (a == null) {
                    continue;
                }
                if (a.isSymbolicLink()) {
                    findings.add(ShardFs.symlink(p, dataDir));
                } else if (n.endsWith(".tsm.tmp") || n.endsWith(".bad") || a.isDirectory() && SNAPSHOT_DIR.matcher(n).matches()) {
                    temp++;
                    if (n.endsWith(".bad")) {
                        findings.add(Finding.warning("shard.bad-tsm", p + " is a TSM file that influxd set aside as corrupt; its data is not served",
                                "restore the shard from a backup if the data is needed, then remove the file"));
                    } else {
                        findings.add(Finding.notice("shard.temp-file", p + " is a compaction or backup leftover; influxd deletes it when it opens the shard",
                                null));
                    }
                } else if (n.equals("index") && a.isDirectory()) {
                    index = tsi.scan(c.id(), c.db(), c.rp(), p, findings);
                } else if (n.endsWith(".tombstone") || n.equals("fields.idx")) {
                    // expected companions of TSM files
                } else {
                    findings.add(Finding.notice("shard.garbage", p + " is not a file influxd uses in a shard", "move it out of the data dir"));
                }
            }
        } finally {
            ShardFs.closeQuietly(dir);
        }
        ShardInfo info = new ShardInfo(c.id(), c.db(), c.rp(), "tsm1", index, tsmCount, bytes,
                anyData ? instant(min) : null, anyData ? instant(max) : null, options.readTsm() ? (long) series.size() : null,
                wal.count(), wal.bytes(), temp, owner);
        return new DataDirScanner.ScannedShard(info, c.path(), tsm == null ? List.of() : List.copyOf(tsm), findings);
    }

    private static Finding notFile(Path p, BasicFileAttributes a) {
        if (a.isSymbolicLink()) {
            return Finding.warning("shard.symlink", p + " is a symbolic link; it was not followed",
                    "replace it with the file it points to");
        }
        return Finding.notice("shard.garbage", p + " is named like a TSM file but is not a regular file", "move it out of the data dir");
    }

    /** A TSM timestamp (nanoseconds since the epoch) as an instant. */
    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
