package io.influxupgrade.commands.shard;

import io.influxupgrade.commands.Finding;

import com.fasterxml.jackson.databind.JsonNode;
import io.influxupgrade.commands.Json;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Walks {@code <data>/<db>/<rp>/<id>} and {@code <wal>/<db>/<rp>/<id>} (format doc section 5) and describes every
 * shard. It never follows a symbolic link (a link is reported, and the data dir itself is resolved once), never stops
 * at an unreadable directory or a strange entry (each becomes a finding) and reads only the footer and index of each
 * TSM file, in parallel over shards.
 */
public final class DataDirScanner {

    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    private static final Pattern TSM1_WAL = Pattern.compile("_[0-9]+\\.wal");
    private static final Pattern BZ1_WAL = Pattern.compile("[0-9]+\\.[0-9]+\\.wal|[0-9]+\\.meta");
    private static final Pattern SNAPSHOT_DIR = Pattern.compile("[0-9]+\\.tmp");
    private static final int MAX_MANIFEST = 1 << 20;

    /**
     * {@code readTsm}: read TSM indexes for time range and series (false for a quick listing); {@code keepFiles}: keep
     * each shard's TSM file paths in {@link ScannedShard#tsmFiles} (what verify needs; a listing only counts them, and
     * a million paths would be ~130 MB of heap that every garbage collection of the scan has to copy); {@code threads}
     * ≥ 1 is the most workers the scan may use. It starts with one per core and uses the rest only when reads are seen
     * waiting for the disk ({@link ScanPool}).
     */
    public record Options(boolean readTsm, boolean keepFiles, int threads) {
        /**
         * Up to 4 threads per core, at least 32, at most 64: with a cold cache each file costs a disk read, and many
         * outstanding reads beat few (benchmark on 2 cores, 100,000 files, cold: 2 threads 5.6 s, 8 threads 2.5-2.7 s,
         * 16 threads 2.0-2.5 s, 32 threads 1.8-2.1 s). Warm, one thread per core is as fast once compiled and ~0.1 s
         * faster on a first run, which is why the pool starts there.
         */
        public static Options defaults() {
            return new Options(true, false, Math.min(64, Math.max(32, 4 * Runtime.getRuntime().availableProcessors())));
        }

        /** No index reads, no file list: which shards exist, their engines, sizes and owners. */
        public static Options quick(int threads) {
            return new Options(false, false, threads);
        }
    }

    /**
     * One shard as found: its row, its path (dir or file), its TSM files (empty unless {@link Options#keepFiles}) and the
     * findings that concern it.
     */
    public record ScannedShard(ShardInfo info, Path path, List<Path> tsmFiles, List<Finding> findings) {
    }

    /** The whole walk: shards sorted by db, rp, id, and the findings about the tree outside any shard. */
    public record Scan(List<ScannedShard> shards, List<Finding> findings) {
    }

    /** Lists a directory's entries; a seam so tests can simulate permission errors when running as root. */
    interface DirectoryLister {
        List<Path> list(Path dir) throws IOException;

        /** The entries' names only (the walk needs no path for an rp dir's thousands of shard entries). */
        default List<String> names(Path dir) throws IOException {
            List<Path> entries = list(dir);
            List<String> out = new ArrayList<>(entries.size());
            for (Path p : entries) {
                out.add(name(p));
            }
            return out;
        }

        /** Lists {@code dir} and keeps it open, so that its files can be opened relative to it. */
        default OpenDir open(Path dir) throws IOException {
            return new OpenDir(list(dir), (entry, name) -> openNoFollow(entry), () -> { });
        }
    }

    /** Opens one entry of a listed directory for reading. */
    @FunctionalInterface
    interface EntryOpener {
        /** Opens {@code entry}, whose last element is {@code name} (already split off by the caller). */
        FileChannel open(Path entry, Path name) throws IOException;
    }

    /** A listed directory whose entries can be opened for reading without following links (O_NOFOLLOW). */
    record OpenDir(List<Path> entries, EntryOpener opener, java.io.Closeable closer) implements AutoCloseable {
        FileChannel openFile(Path entry, Path name) throws IOException {
            return opener.open(entry, name);
        }

        @Override
        public void close() throws IOException {
            closer.close();
        }
    }

    private static FileChannel openNoFollow(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * java.io listing: opendir/readdir/closedir and plain names, fewer system calls than a DirectoryStream (which dups
     * the descriptor); only when it fails do we ask NIO, for the reason. Shard dirs, whose files are all opened, are
     * held open instead ({@link #open}): each file is then opened with openat relative to the directory's descriptor,
     * so the kernel resolves one name per file instead of the whole path (measured: ~15% less time per shard warm).
     */
    static final DirectoryLister FILES = new DirectoryLister() {
        @Override
        public List<Path> list(Path dir) throws IOException {
            String[] names = dir.toFile().list();
            if (names == null) {
                try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
                    List<Path> out = new ArrayList<>();
                    for (Path p : s) {
                        out.add(p);
                    }
                    return out;
                }
            }
            List<Path> out = new ArrayList<>(names.length);
            for (String n : names) {
                out.add(dir.resolve(n));
            }
            return out;
        }

        @Override
        public List<String> names(Path dir) throws IOException {
            String[] names = dir.toFile().list();
            return names == null ? DirectoryLister.super.names(dir) : Arrays.asList(names);
        }

        @Override
        public OpenDir open(Path dir) throws IOException {
            DirectoryStream<Path> stream = Files.newDirectoryStream(dir);
            if (!(stream instanceof SecureDirectoryStream<Path> sds)) {
                stream.close();
                return DirectoryLister.super.open(dir);
            }
            List<Path> entries = new ArrayList<>();
            try {
                for (Path p : sds) {
                    entries.add(p);
                }
            } catch (java.nio.file.DirectoryIteratorException e) {
                sds.close();
                throw e.getCause();
            } catch (RuntimeException e) {
                sds.close();
                throw e;
            }
            return new OpenDir(entries, (entry, name) -> {
                java.nio.channels.SeekableByteChannel c = sds.newByteChannel(name, READ_NOFOLLOW);
                if (c instanceof FileChannel ch) {
                    return ch;
                }
                c.close();
                return openNoFollow(entry);
            }, sds::close);
        }
    };

    private static final Set<java.nio.file.OpenOption> READ_NOFOLLOW = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);

    private final Path dataDir;
    private final Path walDir;
    private final Options options;
    private final DirectoryLister lister;
    private final ShardFileProbe probe;
    private final Map<Integer, String> userNames = new ConcurrentHashMap<>();
    private final Map<Integer, String> groupNames = new ConcurrentHashMap<>();
    private final Map<Long, String> owners = new ConcurrentHashMap<>();
    private final ScanPool.Watcher watcher;

    public DataDirScanner(Path dataDir, Path walDir, Options options) {
        this(dataDir, walDir, options, FILES, ShardFileProbe.DEFAULT);
    }

    DataDirScanner(Path dataDir, Path walDir, Options options, DirectoryLister lister, ShardFileProbe probe) {
        this(dataDir, walDir, options, lister, probe, DataDirScanner::unblock);
    }

    /** {@code watcher}: what to do about a file a worker has been opening for a whole watch period ({@link #unblock}). */
    DataDirScanner(Path dataDir, Path walDir, Options options, DirectoryLister lister, ShardFileProbe probe, ScanPool.Watcher watcher) {
        this.dataDir = dataDir;
        this.walDir = walDir;
        this.options = options;
        this.lister = lister;
        this.probe = probe;
        this.watcher = watcher;
    }

    /** A directory entry named like a shard, as listed: {@code rp} indexes the walk's rp dirs. */
    private record Listed(long id, String name, int rp) {
    }

    /** A listed entry with its path, made and examined (lstat) by the worker that scans it. */
    private record Candidate(long id, String db, String rp, Path path, Path walDir) {
    }

    /** One db/rp dir of the walk: its path, its WAL shard dirs, and the range of listed entries that came from it. */
    private record RpDir(String db, String rp, Path dir, Map<String, Path> wals, int from, int to) {
        Candidate candidate(Listed l) {
            return new Candidate(l.id(), db, rp, dir.resolve(l.name()), wals.get(l.name()));
        }
    }

    /** What one lstat says, including the owner, so that a shard costs a single stat. */
    private record Stat(boolean isDirectory, boolean isRegularFile, boolean isSymbolicLink, long size, int uid, int gid) {
    }

    /** The file type is taken from the mode's S_IFMT bits: four attributes cost less to fetch than six. */
    private static final String STAT_ATTRS = "unix:mode,size,uid,gid";
    private static final int S_IFMT = 0170000, S_IFDIR = 0040000, S_IFREG = 0100000, S_IFLNK = 0120000, S_IFIFO = 0010000;

    private static Stat stat(Path p, List<Finding> findings) {
        try {
            Map<String, Object> a = Files.readAttributes(p, STAT_ATTRS, NOFOLLOW);
            int type = (Integer) a.get("mode") & S_IFMT;
            return new Stat(type == S_IFDIR, type == S_IFREG, type == S_IFLNK, (Long) a.get("size"), (Integer) a.get("uid"),
                    (Integer) a.get("gid"));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            findings.add(Finding.error("shard.unreadable", p + " cannot be examined: " + reason(e), "check the disk and permissions"));
            return null;
        }
    }

    /** Walks the tree; {@code db}/{@code rp} (null for all) restrict it. Fails only when the data dir itself is unusable. */
    public Scan scan(String dbFilter, String rpFilter) {
        Path root = realDir(dataDir, "data dir");
        Path walRoot = walDir == null || !Files.isDirectory(walDir) ? null : realDir(walDir, "wal dir");
        List<Finding> global = new ArrayList<>();
        List<Listed> candidates = new ArrayList<>();
        List<RpDir> rpDirs = new ArrayList<>();
        Set<String> rpsSeen = new HashSet<>();
        // The three directory levels are listed here; everything per shard (its lstat included) runs in the workers.
        for (Path dbDir : list(root, global)) {
            String db = name(dbDir);
            if (dbFilter != null && !dbFilter.equals(db)) {
                continue;
            }
            if (!directoryOrReport(dbDir, "database", global)) {
                continue;
            }
            for (Path rpDir : list(dbDir, global)) {
                String rp = name(rpDir);
                if (rp.equals("_series")) {
                    continue;
                }
                if (rpFilter != null && !rpFilter.equals(rp)) {
                    continue;
                }
                if (!directoryOrReport(rpDir, "retention policy", global)) {
                    continue;
                }
                rpsSeen.add(db + "/" + rp);
                Map<String, Path> wals = walRoot == null ? Map.of() : walShards(walRoot.resolve(db).resolve(rp), global);
                int from = candidates.size();
                for (String name : names(rpDir, global)) {
                    if (!isShardId(name)) {
                        global.add(Finding.notice("shard.garbage", rpDir.resolve(name) + " is not a shard (its name is not a decimal shard ID); influxd skips it",
                                "move it out of the data dir"));
                        continue;
                    }
                    candidates.add(new Listed(Long.parseUnsignedLong(name), name, rpDirs.size()));
                }
                // by shard ID: influxd creates shards (and their files) in ID order, so on a cold cache the disk
                // reads move forward instead of jumping about in readdir's hash order
                candidates.subList(from, candidates.size()).sort((a, b) -> Long.compareUnsigned(a.id(), b.id()));
                rpDirs.add(new RpDir(db, rp, rpDir, wals, from, candidates.size()));
            }
        }
        ScannedShard[] scanned = scanAll(candidates, rpDirs, root);
        List<ScannedShard> shards = new ArrayList<>(scanned.length);
        for (RpDir d : rpDirs) {
            Set<String> walSeen = new HashSet<>();
            for (int i = d.from(); i < d.to(); i++) {
                ScannedShard s = scanned[i];
                if (s.info() == null) {
                    global.addAll(s.findings()); // not a shard after all: a link, or gone, or unreadable
                    continue;
                }
                walSeen.add(name(s.path()));
                shards.add(s);
            }
            for (Map.Entry<String, Path> w : d.wals().entrySet()) {
                if (!walSeen.contains(w.getKey())) {
                    global.add(Finding.warning("shard.wal-without-shard", "WAL dir " + w.getValue()
                            + " has no shard in the data dir; influxd will not replay it",
                            "restore the shard dir from a backup, or remove the WAL dir if the shard was dropped"));
                }
            }
        }
        if (walRoot != null) {
            orphanWalRps(walRoot, rpsSeen, dbFilter, rpFilter, global);
        }
        shards.sort(Comparator.comparing((ScannedShard s) -> s.info().db()).thenComparing(s -> s.info().rp())
                .thenComparingLong(s -> s.info().id()));
        return new Scan(shards, global);
    }

    /**
     * Scans the candidates on a {@link ScanPool}: one worker per core, up to {@code threads} once reads are seen
     * waiting for the disk. Results come back in candidate order.
     */
    private ScannedShard[] scanAll(List<Listed> candidates, List<RpDir> rpDirs, Path root) {
        int n = candidates.size();
        ScannedShard[] out = new ScannedShard[n];
        ScanPool[] pool = new ScanPool[1];
        pool[0] = new ScanPool(n, ScanPool.perCore(), options.threads(), (i, worker) -> {
            Listed l = candidates.get(i);
            out[i] = scanCandidate(rpDirs.get(l.rp()).candidate(l), root, pool[0], worker);
        }, options.readTsm() ? watcher : null);
        try {
            pool[0].run();
        } catch (ScanPool.Interrupted e) {
            throw interrupted();
        }
        for (int i = 0; i < n; i++) {
            if (out[i] == null) {
                // its worker was abandoned, stuck opening a special file that could not be unblocked
                Listed l = candidates.get(i);
                Path shard = rpDirs.get(l.rp()).dir().resolve(l.name());
                out[i] = new ScannedShard(null, shard, List.of(), List.of(Finding.error("shard.unreadable", "shard " + shard
                        + " was not inventoried: opening a file in it did not return (a named pipe or device named like a TSM file?)",
                        "move anything that is not a regular file out of the shard dir")));
            }
        }
        return out;
    }

    private io.influxupgrade.commands.UpgradeException interrupted() {
        return io.influxupgrade.commands.UpgradeException.unavailable("shard scan of " + dataDir + " interrupted");
    }

    /** lstat of a candidate, then its scan; a candidate that is not a shard gives a result with no info. */
    private ScannedShard scanCandidate(Candidate c, Path root, ScanPool pool, ScanPool.Worker worker) {
        List<Finding> findings = new ArrayList<>(0);
        Stat a = stat(c.path(), findings);
        if (a == null) {
            return new ScannedShard(null, c.path(), List.of(), findings);
        }
        if (a.isSymbolicLink()) {
            findings.add(symlink(c.path(), root));
            return new ScannedShard(null, c.path(), List.of(), findings);
        }
        return scanShard(c, a, pool, worker);
    }

    private ScannedShard scanShard(Candidate c, Stat attrs, ScanPool pool, ScanPool.Worker worker) {
        List<Finding> findings = new ArrayList<>();
        String owner = owner(c.path(), attrs.uid(), attrs.gid());
        int walSegments = 0;
        long walBytes = 0;
        if (c.walDir() != null) {
            for (Path seg : list(c.walDir(), findings)) {
                String n = name(seg);
                if (TSM1_WAL.matcher(n).matches() || BZ1_WAL.matcher(n).matches()) {
                    BasicFileAttributes a = attrs(seg, findings);
                    if (a != null && a.isRegularFile()) {
                        walSegments++;
                        walBytes += a.size();
                    }
                }
            }
        }
        if (attrs.isDirectory()) {
            return scanTsm1(c, owner, walSegments, walBytes, findings, pool, worker);
        }
        String engine;
        Long series = null;
        if (attrs.isRegularFile()) {
            ShardFileProbe.Result r = probe.probe(c.path());
            engine = r.engine();
            series = r.engine().equals("unknown") ? null : r.seriesKeys();
            if (engine.equals("b1") || engine.equals("bz1")) {
                findings.add(Finding.error("shard.non-tsm", "shard " + c.id() + " (" + c.path() + ") uses the " + engine
                        + " engine, which 1.x cannot read: influxd 1.4 skips it with 'unknown engine format' and its data disappears",
                        "convert it to tsm1 before the upgrade, with influxd stopped: influx_tsm -backup BACKUP_DIR -dbs " + c.db() + " " + dataDir));
            } else {
                findings.add(Finding.error("shard.unknown-engine", "shard " + c.id() + " (" + c.path() + ") is a file but not a b1/bz1 shard: "
                        + r.reason(), "restore the shard from a backup or move the file out of the data dir"));
            }
        } else {
            engine = "unknown";
            findings.add(Finding.error("shard.unknown-engine", "shard " + c.id() + " (" + c.path() + ") is neither a directory nor a file",
                    "move it out of the data dir"));
        }
        IndexInfo index = engine.equals("unknown") ? null : IndexInfo.INMEM; // b1/bz1 only ever had the in-memory index
        ShardInfo info = new ShardInfo(c.id(), c.db(), c.rp(), engine, index, 0, attrs.size(), null, null, series,
                walSegments, walBytes, 0, owner);
        return new ScannedShard(info, c.path(), List.of(), findings);
    }

    private ScannedShard scanTsm1(Candidate c, String owner, int walSegments, long walBytes, List<Finding> findings, ScanPool pool,
                                  ScanPool.Worker worker) {
        List<Path> tsm = options.keepFiles() ? new ArrayList<>() : null;
        int tsmCount = 0;
        long bytes = 0;
        int temp = 0;
        long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
        boolean anyData = false;
        LongHashSet series = new LongHashSet();
        IndexInfo index = IndexInfo.INMEM;
        long listed = System.nanoTime();
        OpenDir dir = openDir(c.path(), findings);
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
                            BasicFileAttributes a = attrs(p, findings);
                            if (a != null && !a.isRegularFile()) {
                                findings.add(notFile(p, a, c.path()));
                                continue;
                            }
                        }
                    } else {
                        BasicFileAttributes a = attrs(p, findings);
                        if (a == null) {
                            continue;
                        }
                        if (!a.isRegularFile()) {
                            findings.add(notFile(p, a, c.path()));
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
                BasicFileAttributes a = attrs(p, findings);
                if (a == null) {
                    continue;
                }
                if (a.isSymbolicLink()) {
                    findings.add(symlink(p, dataDir));
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
                    index = tsi1(c, p, findings);
                } else if (n.endsWith(".tombstone") || n.equals("fields.idx")) {
                    // expected companions of TSM files
                } else {
                    findings.add(Finding.notice("shard.garbage", p + " is not a file influxd uses in a shard", "move it out of the data dir"));
                }
            }
        } finally {
            closeQuietly(dir);
        }
        ShardInfo info = new ShardInfo(c.id(), c.db(), c.rp(), "tsm1", index, tsmCount, bytes,
                anyData ? instant(min) : null, anyData ? instant(max) : null, options.readTsm() ? (long) series.size() : null, walSegments, walBytes, temp, owner);
        return new ScannedShard(info, c.path(), tsm == null ? List.of() : List.copyOf(tsm), findings);
    }

    /**
     * A worker has been opening {@code file} for a whole watch period. If it is a named pipe, the open waits for a
     * writer: open it for writing (from a thread of its own, so that nothing else can hang) and close it at once, which
     * lets the worker's open return and its read see end of file; the scan then reports that it is not a regular file.
     * Returns whether the file is a special one (a pipe or a device), which the pool gives up on if it stays stuck. A
     * regular file on a slow disk is left alone.
     */
    static boolean unblock(Path file) {
        int type;
        try {
            type = (Integer) Files.getAttribute(file, "unix:mode", NOFOLLOW) & S_IFMT;
        } catch (IOException | RuntimeException e) {
            return false;
        }
        if (type == S_IFIFO) {
            Thread t = new Thread(() -> {
                try (FileChannel w = FileChannel.open(file, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                    // nothing is written: opening and closing is enough
                } catch (IOException | RuntimeException e) {
                    // not ours to open (permissions) or gone: the pool gives up on the worker
                }
            }, "shard-scan-unblock");
            t.setDaemon(true);
            t.start();
        }
        return type != S_IFREG && type != S_IFDIR;
    }

    private static Finding notFile(Path p, BasicFileAttributes a, Path shard) {
        if (a.isSymbolicLink()) {
            return Finding.warning("shard.symlink", p + " is a symbolic link; it was not followed",
                    "replace it with the file it points to");
        }
        return Finding.notice("shard.garbage", p + " is named like a TSM file but is not a regular file", "move it out of the data dir");
    }

    private IndexInfo tsi1(Candidate c, Path indexDir, List<Finding> findings) {
        Path flat = indexDir.resolve("MANIFEST");
        String fix13 = "with influxd stopped, move " + indexDir + " aside (1.4 then opens the shard with the inmem index), or rebuild it with "
                + "the target's influx_inspect buildtsi";
        if (Files.exists(flat, NOFOLLOW)) {
            Integer version = manifestVersion(flat);
            if (version == null) {
                findings.add(Finding.error("shard.tsi-manifest-unreadable", "tsi1 MANIFEST " + flat + " of shard " + c.id() + " cannot be read",
                        fix13));
                return new IndexInfo("tsi1", "flat", false);
            }
            if (version == 0) {
                findings.add(Finding.warning("shard.tsi-rebuild-needed", "shard " + c.id() + " (" + c.db() + "/" + c.rp()
                        + ") has a tsi1 index built by 1.3 (MANIFEST without version); 1.4 rejects it with 'incompatible tsi1 index MANIFEST'",
                        fix13));
                return new IndexInfo("tsi1", "flat-1.3", true);
            }
            findings.add(Finding.notice("shard.tsi-flat", "shard " + c.id() + " has a flat 1.4 tsi1 index; 1.5 and later need it rebuilt",
                    "after an upgrade past 1.4, rebuild it with influx_inspect buildtsi"));
            return new IndexInfo("tsi1", "flat-1.4", true);
        }
        boolean readable = true;
        int partitions = 0;
        for (Path part : list(indexDir, findings)) {
            String n = name(part);
            if (!n.chars().allMatch(Character::isDigit)) {
                continue;
            }
            partitions++;
            Integer v = manifestVersion(part.resolve("MANIFEST"));
            if (v == null || v == 0) {
                readable = false;
                findings.add(Finding.error("shard.tsi-manifest-unreadable", "tsi1 MANIFEST " + part.resolve("MANIFEST") + " of shard "
                        + c.id() + " is missing, unreadable or has no version", "rebuild the index with influx_inspect buildtsi"));
            }
        }
        if (partitions == 0) {
            findings.add(Finding.error("shard.tsi-manifest-unreadable", "tsi1 index " + indexDir + " of shard " + c.id()
                    + " has no MANIFEST", fix13));
            return new IndexInfo("tsi1", null, false);
        }
        return new IndexInfo("tsi1", "partitioned", readable);
    }

    /** The MANIFEST's version (0 when absent), or null when it cannot be read as a JSON object. */
    private static Integer manifestVersion(Path manifest) {
        try {
            BasicFileAttributes a = Files.readAttributes(manifest, BasicFileAttributes.class, NOFOLLOW);
            if (!a.isRegularFile() || a.size() > MAX_MANIFEST) {
                return null;
            }
            JsonNode n = Json.mapper().readTree(Files.readAllBytes(manifest));
            if (n == null || !n.isObject()) {
                return null;
            }
            JsonNode v = n.get("version");
            return v == null || !v.canConvertToInt() ? 0 : v.asInt();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Names only, for completion of {@code --db}, {@code --rp} and {@code --id}: db → rp → shard ids, from directory
     * listings alone (no stat of shards, no file opened, symbolic links skipped). Unreadable parts are left out;
     * a missing data dir gives an empty map.
     */
    public static java.util.SortedMap<String, java.util.SortedMap<String, java.util.SortedSet<Long>>> names(Path dataDir) {
        java.util.SortedMap<String, java.util.SortedMap<String, java.util.SortedSet<Long>>> out = new java.util.TreeMap<>();
        String[] dbs = dataDir.toFile().list();
        if (dbs == null) {
            return out;
        }
        for (String db : dbs) {
            Path dbDir = dataDir.resolve(db);
            if (Files.isSymbolicLink(dbDir) || !Files.isDirectory(dbDir, NOFOLLOW)) {
                continue;
            }
            String[] rps = dbDir.toFile().list();
            java.util.SortedMap<String, java.util.SortedSet<Long>> byRp = new java.util.TreeMap<>();
            for (String rp : rps == null ? new String[0] : rps) {
                Path rpDir = dbDir.resolve(rp);
                if (rp.equals("_series") || Files.isSymbolicLink(rpDir) || !Files.isDirectory(rpDir, NOFOLLOW)) {
                    continue;
                }
                java.util.SortedSet<Long> ids = new java.util.TreeSet<>();
                String[] shards = rpDir.toFile().list();
                for (String id : shards == null ? new String[0] : shards) {
                    if (isShardId(id)) {
                        ids.add(Long.parseUnsignedLong(id));
                    }
                }
                byRp.put(rp, ids);
            }
            out.put(db, byRp);
        }
        return out;
    }

    /** WAL dirs under a db/rp that has no directory in the data dir at all. */
    private void orphanWalRps(Path walRoot, Set<String> rpsSeen, String dbFilter, String rpFilter, List<Finding> findings) {
        for (Path dbDir : list(walRoot, findings)) {
            String db = name(dbDir);
            if (dbFilter != null && !dbFilter.equals(db) || !Files.isDirectory(dbDir, NOFOLLOW)) {
                continue;
            }
            for (Path rpDir : list(dbDir, findings)) {
                String rp = name(rpDir);
                if (rpFilter != null && !rpFilter.equals(rp) || rpsSeen.contains(db + "/" + rp) || !Files.isDirectory(rpDir, NOFOLLOW)) {
                    continue;
                }
                for (Path shard : list(rpDir, findings)) {
                    findings.add(Finding.warning("shard.wal-without-shard", "WAL dir " + shard
                                    + " has no shard in the data dir; influxd will not replay it",
                            "restore the shard dir from a backup, or remove the WAL dir if the shard was dropped"));
                }
            }
        }
    }

    private Map<String, Path> walShards(Path rpWal, List<Finding> findings) {
        if (!Files.isDirectory(rpWal, NOFOLLOW)) {
            return Map.of();
        }
        Map<String, Path> out = new java.util.HashMap<>();
        for (Path p : list(rpWal, findings)) {
            out.put(name(p), p);
        }
        return out;
    }

    /** "user:group (uid:gid)", or "uid:gid" when neither has a name; made once per pair (every shard has an owner). */
    private String owner(Path p, int uid, int gid) {
        return owners.computeIfAbsent(((long) uid << 32) | (gid & 0xFFFFFFFFL), k -> describeOwner(p, uid, gid));
    }

    private String describeOwner(Path p, int uid, int gid) {
        try {
            String user = userNames.computeIfAbsent(uid, u -> lookup(p, true, u));
            String group = groupNames.computeIfAbsent(gid, g -> lookup(p, false, g));
            String ids = uid + ":" + gid;
            return user.equals(String.valueOf(uid)) && group.equals(String.valueOf(gid)) ? ids : user + ":" + group + " (" + ids + ")";
        } catch (RuntimeException e) {
            return uid + ":" + gid;
        }
    }

    private static String lookup(Path p, boolean user, int id) {
        try {
            PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, NOFOLLOW);
            return user ? a.owner().getName() : a.group().getName();
        } catch (IOException | RuntimeException e) {
            return String.valueOf(id);
        }
    }

    /** Like {@link #list}, but keeps the directory open for relative opens; null (with a finding) when unreadable. */
    private OpenDir openDir(Path dir, List<Finding> findings) {
        return readDir(dir, findings, lister::open);
    }

    private static void closeQuietly(OpenDir dir) {
        if (dir != null) {
            try {
                dir.close();
            } catch (IOException e) {
                // read-only descriptor: nothing was written that a failed close could lose
            }
        }
    }

    private List<Path> list(Path dir, List<Finding> findings) {
        List<Path> entries = readDir(dir, findings, lister::list);
        return entries == null ? List.of() : entries;
    }

    /** Like {@link #list}, names only. */
    private List<String> names(Path dir, List<Finding> findings) {
        List<String> names = readDir(dir, findings, lister::names);
        return names == null ? List.of() : names;
    }

    /** Reads {@code dir} with {@code how}; null, with a finding, when it cannot be read (and without one when it vanished). */
    private static <T> T readDir(Path dir, List<Finding> findings, DirRead<T> how) {
        try {
            return how.read(dir);
        } catch (AccessDeniedException e) {
            findings.add(Finding.error("shard.unreadable", "directory " + dir + " cannot be read: permission denied; its contents were not checked",
                    "run as the user that owns the data dir (usually influxdb) or fix the permissions"));
        } catch (NoSuchFileException e) {
            // vanished while scanning
        } catch (IOException | RuntimeException e) {
            findings.add(Finding.error("shard.unreadable", "directory " + dir + " cannot be read: " + reason(e), "check the disk and permissions"));
        }
        return null;
    }

    @FunctionalInterface
    private interface DirRead<T> {
        T read(Path dir) throws IOException;
    }

    private static BasicFileAttributes attrs(Path p, List<Finding> findings) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            findings.add(Finding.error("shard.unreadable", p + " cannot be examined: " + reason(e), "check the disk and permissions"));
            return null;
        }
    }

    private boolean directoryOrReport(Path p, String what, List<Finding> findings) {
        BasicFileAttributes a = attrs(p, findings);
        if (a == null) {
            return false;
        }
        if (a.isSymbolicLink()) {
            findings.add(symlink(p, dataDir));
            return false;
        }
        if (!a.isDirectory()) {
            findings.add(Finding.notice("shard.garbage", p + " is not a " + what + " directory; influxd ignores it", "move it out of the data dir"));
            return false;
        }
        return true;
    }

    private static Finding symlink(Path link, Path root) {
        String target;
        boolean inside = false;
        try {
            Path t = link.getParent().resolve(Files.readSymbolicLink(link)).normalize();
            target = t.toString();
            inside = t.startsWith(root);
        } catch (IOException | RuntimeException e) {
            target = "?";
        }
        return Finding.warning("shard.symlink", link + " is a symbolic link to " + target + (inside ? "" : ", outside the data dir")
                        + "; it was not followed, so what it points to was not checked",
                "replace the link with the real directory or file, or check the target separately");
    }

    private static Path realDir(Path dir, String what) {
        try {
            Path real = dir.toRealPath();
            if (!Files.isDirectory(real)) {
                throw io.influxupgrade.commands.UpgradeException.usage(what + " " + dir + " is not a directory (pass the influxd [data] dir)");
            }
            return real;
        } catch (IOException e) {
            throw io.influxupgrade.commands.fs.AtomicFiles.ioFailure("open " + what + " " + dir, e);
        }
    }

    /** A decimal shard ID: 1 to 20 digits (no sign) that fit in an unsigned 64-bit integer. */
    static boolean isShardId(String s) {
        int n = s.length();
        if (n == 0 || n > 20) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char ch = s.charAt(i);
            if (ch < '0' || ch > '9') {
                return false;
            }
        }
        return n < 20 || fitsUint64(s);
    }

    private static boolean fitsUint64(String s) {
        try {
            Long.parseUnsignedLong(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static String name(Path p) {
        Path f = p.getFileName();
        return f == null ? p.toString() : f.toString();
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    private static String reason(Exception e) {
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
