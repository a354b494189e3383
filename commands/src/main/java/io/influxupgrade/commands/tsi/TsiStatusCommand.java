package io.influxupgrade.commands.tsi;

import io.influxupgrade.commands.InfluxVersion;
import io.influxupgrade.commands.FindingsVerdict;
import io.influxupgrade.commands.Finding;
import io.influxupgrade.commands.shard.DataDirScanner;
import io.influxupgrade.commands.shard.IndexInfo;
import io.influxupgrade.commands.shard.ShardInfo;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code tsi status}: the series index of every shard as the target will see it, read from the files with no server:
 * index type and layout per shard, the shards a tsi1 target still has to index (inmem, or the flat 1.3/1.4 layouts
 * 1.5+ cannot read), databases whose shards mix inmem and tsi1, index and series files not owned by the service user
 * (what a root run of buildtsi leaves), and what the rebuild needs: free disk and memory, estimated from the series
 * counts read from the TSM indexes.
 */
public final class TsiStatusCommand {

    /**
     * Bytes of tsi1 index per series key, for the disk estimate: a series key is stored in the series file (key,
     * offset, id: about 100 bytes for a typical key of 60 bytes) and again in the shard's index (the key hash maps,
     * the measurement and tag blocks: about 150 bytes), doubled because a compaction writes the new level before it
     * drops the old. Our own estimate from the layout in the formats notes, not a figure measured with buildtsi.
     */
    public static final long DISK_BYTES_PER_SERIES = 2 * (100 + 150);
    /** Bytes of memory per series of the largest shard while buildtsi indexes it (its in-memory log file and maps). */
    public static final long MEMORY_BYTES_PER_SERIES = 400;
    /** What buildtsi itself needs besides the series (the Go runtime, buffers). */
    public static final long MEMORY_BASE = 64L << 20;

    public record Request(Path dataDir, Path walDir, String serviceUser, InfluxVersion target, String targetIndex) {
    }

    /** One shard: its index now, whether the target's index must be built, its series keys, owner problems. */
    public record ShardIndex(long id, String db, String rp, String index, String layout, boolean needsBuild,
                             Long seriesKeys, long tsmBytes, List<String> foreignOwners) {
    }

    /** The estimate of what indexing the shards that need it takes. */
    public record Resources(int shardsToBuild, long seriesToIndex, long largestShardSeries, long diskNeeded, Long diskFree,
                            long memoryNeeded, Long memoryAvailable) {
    }

    public record TsiReport(String dataDir, String target, String targetIndex, List<ShardIndex> shards,
                            Map<String, Map<String, Integer>> indexTypesByDatabase, Resources resources,
                            List<Finding> findings) implements FindingsVerdict {
        @Override
        public String failureSummary() {
            return "tsi status: " + Finding.errorIds(findings) + " (see the findings)";
        }
    }

    /** The session's {@code tsi status}: its data and wal dirs, service user, target and target index. */
    public TsiReport run(io.influxupgrade.commands.session.Workspace ws) {
        var s = ws.session();
        var paths = io.influxupgrade.commands.session.SessionPaths.of(s);
        return run(new Request(paths.dataDir(), paths.walDir(), s.getServiceUser(), s.to(), s.index()));
    }

    public TsiReport run(Request r) {
        if (r.dataDir() == null || !Files.isDirectory(r.dataDir())) {
            throw io.influxupgrade.commands.UpgradeException.notReady("tsi status: data dir " + r.dataDir()
                    + " does not exist (set it with 'session set data-dir DIR')");
        }
        boolean wantTsi = "tsi1".equals(r.targetIndex());
        DataDirScanner.Scan scan = new DataDirScanner(r.dataDir(), r.walDir(), DataDirScanner.Options.defaults()).scan(null, null);
        List<ShardIndex> shards = new ArrayList<>();
        Map<String, Map<String, Integer>> byDb = new TreeMap<>();
        List<Finding> findings = new ArrayList<>();
        long series = 0;
        long largest = 0;
        int toBuild = 0;
        TreeSet<String> dbs = new TreeSet<>();
        for (DataDirScanner.ScannedShard s : scan.shards()) {
            ShardInfo i = s.info();
            if (!"tsm1".equals(i.engine())) {
                continue; // b1/bz1 and unknown engines are the shard checks' business: buildtsi reads TSM only
            }
            IndexInfo idx = i.index() == null ? IndexInfo.INMEM : i.index();
            boolean partitioned = "tsi1".equals(idx.type()) && "partitioned".equals(idx.layout()) && !Boolean.FALSE.equals(idx.manifestReadable());
            boolean flat = "tsi1".equals(idx.type()) && !partitioned;
            boolean needs = wantTsi ? !partitioned : false;
            List<String> owners = r.serviceUser() == null ? List.of() : foreignOwners(s.path().resolve("index"), r.serviceUser());
            shards.add(new ShardIndex(i.id(), i.db(), i.rp(), idx.type(), idx.layout(), needs, i.seriesKeys(), i.bytes(), owners));
            byDb.computeIfAbsent(i.db(), k -> new TreeMap<>()).merge(idx.type(), 1, Integer::sum);
            dbs.add(i.db());
            if (flat && r.target() != null && r.target().atLeast(1, 5)) {
                findings.add(Finding.error("tsi.flat-index", "shard " + i.id() + " (" + i.db() + "/" + i.rp() + ") has a "
                                + (idx.layout() == null ? "tsi1 index without MANIFEST" : idx.layout() + " tsi1 index")
                                + "; " + r.target() + " reads only the partitioned layout (index/0..7) of 1.5+",
                        wantTsi ? "'tsi convert' moves it aside and rebuilds it with buildtsi"
                                : "'tsi convert --index inmem' moves it aside (the shard then opens with inmem), or set 'session set index tsi1'"));
            }
            if (!owners.isEmpty()) {
                findings.add(Finding.error("tsi.index-owner", owners.size() + " file(s) of shard " + i.id() + "'s index are not owned by "
                        + r.serviceUser() + " (e.g. " + owners.get(0) + "): influxd cannot compact or rewrite them (a buildtsi run as root does this)",
                        "run 'tsi convert --fix-owners' (or 'perms fix')"));
            }
            if (needs) {
                toBuild++;
                long k = i.seriesKeys() == null ? 0 : i.seriesKeys();
                series += k;
                largest = Math.max(largest, k);
            }
        }
        if (r.serviceUser() != null) {
            for (String db : dbs) {
                List<String> owners = foreignOwners(r.dataDir().resolve(db).resolve("_series"), r.serviceUser());
                if (!owners.isEmpty()) {
                    findings.add(Finding.error("tsi.index-owner", owners.size() + " file(s) of database " + db + "'s series file are not owned by "
                            + r.serviceUser() + " (e.g. " + owners.get(0) + ")", "run 'tsi convert --fix-owners' (or 'perms fix')"));
                }
            }
        }
        for (Map.Entry<String, Map<String, Integer>> e : byDb.entrySet()) {
            if (e.getValue().size() > 1) {
                findings.add(wantTsi
                        ? Finding.warning("tsi.mixed-index", "database " + e.getKey() + " mixes index types " + e.getValue()
                                + ": its inmem shards keep the series in memory until they are indexed", "run 'tsi convert'")
                        : Finding.warning("tsi.mixed-index", "database " + e.getKey() + " mixes index types " + e.getValue()
                                + ": shards with an index dir open as tsi1 whatever index-version says",
                        "decide on one: 'session set index tsi1' then 'tsi convert', or 'tsi convert --index inmem'"));
            }
        }
        long disk = series * DISK_BYTES_PER_SERIES;
        Long free = freeSpace(r.dataDir());
        long memory = toBuild == 0 ? 0 : MEMORY_BASE + largest * MEMORY_BYTES_PER_SERIES;
        Long available = memAvailable();
        Resources res = new Resources(toBuild, series, largest, disk, free, memory, available);
        if (toBuild > 0) {
            if (free != null && free < disk) {
                findings.add(Finding.error("tsi.rebuild-space", "indexing " + series + " series in " + toBuild + " shard(s) needs about "
                        + disk + " bytes in " + r.dataDir() + ", which has " + free + " free", "free space on that disk first"));
            } else {
                findings.add(Finding.notice("tsi.rebuild-space", toBuild + " shard(s) to index, " + series + " series: about " + disk
                        + " bytes of index" + (free == null ? "" : " (" + free + " free)"), null));
            }
            if (available != null && available < memory) {
                findings.add(Finding.warning("tsi.rebuild-memory", "buildtsi may need about " + memory + " bytes of memory for the largest shard ("
                        + largest + " series); " + available + " are available", "stop other services or index shard by shard ('tsi convert --db')"));
            }
        }
        return new TsiReport(r.dataDir().toString(), r.target() == null ? null : r.target().toString(), r.targetIndex(),
                List.copyOf(shards), byDb, res, List.copyOf(findings));
    }

    /** The paths under {@code dir} (itself included) whose owner is not {@code user}, at most 1000 of them. */
    static List<String> foreignOwners(Path dir, String user) {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return out;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) throws IOException {
                    check(d);
                    return out.size() >= 1000 ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                    check(f);
                    return out.size() >= 1000 ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path f, IOException e) {
                    out.add(f + " (unreadable: " + e.getMessage() + ")");
                    return FileVisitResult.CONTINUE;
                }

                private void check(Path p) throws IOException {
                    PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    if (!a.owner().getName().equals(user)) {
                        out.add(p + " (" + a.owner().getName() + ")");
                    }
                }
            });
        } catch (IOException | UnsupportedOperationException e) {
            out.add(dir + " (unreadable: " + e.getMessage() + ")");
        }
        return out;
    }

    static Long freeSpace(Path dir) {
        try {
            FileStore store = Files.getFileStore(dir);
            return store.getUsableSpace();
        } catch (IOException e) {
            return null;
        }
    }

    /** MemAvailable from /proc/meminfo, or null where there is none. */
    static Long memAvailable() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return null;
        }
        return null;
    }

    /** Index types per database, for people: {@code db1: inmem 3, tsi1 2}. */
    public static Map<String, String> summary(TsiReport r) {
        Map<String, String> out = new LinkedHashMap<>();
        r.indexTypesByDatabase().forEach((db, m) -> out.put(db, m.toString()));
        return out;
    }
}
