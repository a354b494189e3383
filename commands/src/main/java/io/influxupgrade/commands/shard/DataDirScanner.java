package io.influxupgrade.commands.shard;

import io.influxupgrade.commands.Finding;
import io.influxupgrade.commands.UpgradeException;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * Walks {@code <data>/<db>/<rp>/<id>} and {@code <wal>/<db>/<rp>/<id>} (format doc section 5) and describes every
 * shard. It never follows a symbolic link (a link is reported, and the data dir itself is resolved once), never stops
 * at an unreadable directory or a strange entry (each becomes a finding) and reads only the footer and index of each
 * TSM file, in parallel over shards.
 *
 * <p>This class is the walk itself (db and rp dirs, then one task per shard on a {@link ScanPool}); what each kind of
 * entry means is read elsewhere: {@link Tsm1ShardScan} (a tsm1 shard dir, with {@link TsiIndexScan} for its index),
 * {@link FileShardScan} (b1/bz1 shard files), {@link WalDirScan} (the WAL dirs), {@link ShardOwners},
 * {@link ShardNames} (shard IDs) and {@link ShardFs} (listing and lstat, with the findings for what cannot be read).
 */
public final class DataDirScanner {

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
                out.add(ShardFs.name(p));
            }
            return out;
        }

        /** Lists {@code dir} and keeps it open, so that its files can be opened relative to it. */
        default OpenDir open(Path dir) throws IOException {
            return new OpenDir(list(dir), (entry, name) -> DirFdLister.openNoFollow(entry), () -> { });
        }
    }

    /** Opens one entry of a listed directory for reading. */
    @FunctionalInterface
    interface EntryOpener {
        /** Opens {@code entry}, whose last element is {@code name} (already split off by the caller). */
        FileChannel open(Path entry, Path name) throws IOException;
    }

    /** A listed directory whose entries can be opened for reading without following links (O_NOFOLLOW). */
    record OpenDir(List<Path> entries, EntryOpener opener, Closeable closer) implements AutoCloseable {
        FileChannel openFile(Path entry, Path name) throws IOException {
            return opener.open(entry, name);
        }

        @Override
        public void close() throws IOException {
            closer.close();
        }
    }

    /** The real lister: java.io listings, shard dirs held open for openat ({@link DirFdLister}). */
    static final DirectoryLister FILES = new DirFdLister();

    private final Path dataDir;
    private final Path walDir;
    private final Options options;
    private final ShardFs fs;
    private final WalDirScan wal;
    private final Tsm1ShardScan tsm1;
    private final FileShardScan fileShards;
    private final ShardOwners owners = new ShardOwners();
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
        this.fs = new ShardFs(lister);
        this.wal = new WalDirScan(fs);
        this.tsm1 = new Tsm1ShardScan(options, fs, dataDir);
        this.fileShards = new FileShardScan(probe, dataDir);
        this.watcher = watcher;
    }

    /** A directory entry named like a shard, as listed: {@code rp} indexes the walk's rp dirs. */
    private record Listed(long id, String name, int rp) {
    }

    /** A listed entry with its path, made and examined (lstat) by the worker that scans it. */
    record Candidate(long id, String db, String rp, Path path, Path walDir) {
    }

    /** One db/rp dir of the walk: its path, its WAL shard dirs, and the range of listed entries that came from it. */
    private record RpDir(String db, String rp, Path dir, Map<String, Path> wals, int from, int to) {
        Candidate candidate(Listed l) {
            return new Candidate(l.id(), db, rp, dir.resolve(l.name()), wals.get(l.name()));
        }
    }

    /** Walks the tree; {@code db}/{@code rp} (null for all) restrict it. Fails only when the data dir itself is unusable. */
    public Scan scan(String dbFilter, String rpFilter) {
        Path root = ShardFs.realDir(dataDir, "data dir");
        Path walRoot = walDir == null || !Files.isDirectory(walDir) ? null : ShardFs.realDir(walDir, "wal dir");
        List<Finding> global = new ArrayList<>();
        List<Listed> candidates = new ArrayList<>();
        List<RpDir> rpDirs = new ArrayList<>();
        Set<String> rpsSeen = new HashSet<>();
        // The three directory levels are listed here; everything per shard (its lstat included) runs in the workers.
        for (Path dbDir : fs.list(root, global)) {
            String db = ShardFs.name(dbDir);
            if (dbFilter != null && !dbFilter.equals(db)) {
                continue;
            }
            if (!directoryOrReport(dbDir, "database", global)) {
                continue;
            }
            for (Path rpDir : fs.list(dbDir, global)) {
                String rp = ShardFs.name(rpDir);
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
                Map<String, Path> wals = walRoot == null ? Map.of() : wal.shards(walRoot.resolve(db).resolve(rp), global);
                int from = candidates.size();
                for (String name : fs.names(rpDir, global)) {
                    if (!ShardNames.isShardId(name)) {
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
                walSeen.add(ShardFs.name(s.path()));
                shards.add(s);
            }
            for (Map.Entry<String, Path> w : d.wals().entrySet()) {
                if (!walSeen.contains(w.getKey())) {
                    global.add(WalDirScan.withoutShard(w.getValue()));
                }
            }
        }
        if (walRoot != null) {
            wal.orphanRps(walRoot, rpsSeen, dbFilter, rpFilter, global);
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
            throw UpgradeException.unavailable("shard scan of " + dataDir + " interrupted");
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

    /**
     * lstat of a candidate, then its scan by kind: a directory is a tsm1 shard, anything else a b1/bz1 file or not a
     * shard at all; a candidate that is a link or gone gives a result with no info.
     */
    private ScannedShard scanCandidate(Candidate c, Path root, ScanPool pool, ScanPool.Worker worker) {
        List<Finding> findings = new ArrayList<>(0);
        ShardFs.Stat a = ShardFs.stat(c.path(), findings);
        if (a == null) {
            return new ScannedShard(null, c.path(), List.of(), findings);
        }
        if (a.isSymbolicLink()) {
            findings.add(ShardFs.symlink(c.path(), root));
            return new ScannedShard(null, c.path(), List.of(), findings);
        }
        findings = new ArrayList<>();
        String owner = owners.owner(c.path(), a.uid(), a.gid());
        WalDirScan.Segments segments = wal.segments(c.walDir(), findings);
        if (a.isDirectory()) {
            return tsm1.scan(c, owner, segments, findings, pool, worker);
        }
        return fileShards.scan(c, a, owner, segments, findings);
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
            type = (Integer) Files.getAttribute(file, "unix:mode", ShardFs.NOFOLLOW) & ShardFs.S_IFMT;
        } catch (IOException | RuntimeException e) {
            return false;
        }
        if (type == ShardFs.S_IFIFO) {
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
        return type != ShardFs.S_IFREG && type != ShardFs.S_IFDIR;
    }

    /**
     * Names only, for completion of {@code --db}, {@code --rp} and {@code --id}: db → rp → shard ids, from directory
     * listings alone (no stat of shards, no file opened, symbolic links skipped). Unreadable parts are left out;
     * a missing data dir gives an empty map.
     */
    public static SortedMap<String, SortedMap<String, SortedSet<Long>>> names(Path dataDir) {
        return ShardNames.tree(dataDir);
    }

    private boolean directoryOrReport(Path p, String what, List<Finding> findings) {
        BasicFileAttributes a = ShardFs.attrs(p, findings);
        if (a == null) {
            return false;
        }
        if (a.isSymbolicLink()) {
            findings.add(ShardFs.symlink(p, dataDir));
            return false;
        }
        if (!a.isDirectory()) {
            findings.add(Finding.notice("shard.garbage", p + " is not a " + what + " directory; influxd ignores it", "move it out of the data dir"));
            return false;
        }
        return true;
    }
}
