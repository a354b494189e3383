package io.influxupgrade.commands.shard;

import io.influxupgrade.commands.Finding;

import io.influxupgrade.commands.Progress;
import io.influxupgrade.commands.UpgradeException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code shard verify}: checks every TSM file (header, footer, index bounds and order, every block's CRC-32) with
 * {@code jobs} threads, mapping files instead of copying them. Reports progress in bytes.
 */
public final class ShardVerifyCommand {

    /** Scanner findings that mean some TSM data could not be reached. */
    private static final Set<String> SCAN_IDS = Set.of("shard.unreadable", "shard.symlink");

    /** db, rp and id may be null (all); jobs ≥ 1. */
    /** {@code walDir} may be null: the WAL is then not checked (and the result says so). */
    public record Request(Path dataDir, String db, String rp, Long id, int jobs, Path walDir) {
        public Request(Path dataDir, String db, String rp, Long id, int jobs) {
            this(dataDir, db, rp, id, jobs, null);
        }
    }

    /** The session's {@code shard verify}: the verification and the data dir it read. */
    public record Checked(ShardVerification verification, Path dataDir) {
    }

    /**
     * The number of files checked at once ({@code --jobs N}): a whole number from 1.
     */
    public record Jobs(int count) {

        /** Parses an option word; anything else is a usage error. */
        public static Jobs parse(String word) {
            String usage = "--jobs must be a whole number of at least 1, got '" + word + "'";
            long n = io.influxupgrade.commands.OptionWords.positive(word, usage);
            if (n > Integer.MAX_VALUE) {
                throw UpgradeException.usage(usage);
            }
            return new Jobs((int) n);
        }
    }

    /** {@code dataDir}/{@code walDir} null: the session's; {@code id} null: every shard; {@code jobs} null: one per core. */
    public Checked run(io.influxupgrade.commands.session.Workspace ws, Path dataDir, Path walDir, String db, String rp, ShardId id,
                       Jobs jobs, Progress progress) {
        Path data = ShardDirs.dataDir(ws, "shard verify", dataDir, false);
        Path wal = ShardDirs.walDir(ws, walDir);
        return new Checked(run(new Request(data, db, rp, id == null ? null : id.value(),
                jobs == null ? Runtime.getRuntime().availableProcessors() : jobs.count(), wal), progress), data);
    }

    public ShardVerification run(Request request, Progress progress) {
        if (request.dataDir() == null) {
            throw UpgradeException.usage("shard verify: no data dir (pass --data-dir DIR or open a session)");
        }
        if (request.jobs() < 1) {
            throw UpgradeException.usage("shard verify: --jobs must be at least 1, got " + request.jobs());
        }
        DataDirScanner.Scan scan = new DataDirScanner(request.dataDir(), null, new DataDirScanner.Options(false, true, request.jobs()))
                .scan(request.db(), request.rp());
        record Job(DataDirScanner.ScannedShard shard, Path file, long size) {
        }
        List<Job> jobs = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        scan.findings().stream().filter(f -> SCAN_IDS.contains(f.id())).forEach(findings::add);
        boolean found = false;
        long total = 0;
        long[] wal = {request.walDir() == null ? -1 : 0, 0, 0};
        for (DataDirScanner.ScannedShard s : scan.shards()) {
            if (request.id() != null && s.info().id() != request.id()) {
                continue;
            }
            found = true;
            if (request.walDir() != null) {
                verifyWal(request.walDir().resolve(s.info().db()).resolve(s.info().rp()).resolve(Long.toUnsignedString(s.info().id())),
                        findings, wal);
            }
            s.findings().stream().filter(f -> SCAN_IDS.contains(f.id())).forEach(findings::add);
            if (!s.info().engine().equals("tsm1")) {
                findings.add(Finding.notice("shard.not-verified", "shard " + s.info().id() + " (" + s.path() + ") is not a tsm1 shard ("
                        + s.info().engine() + "); only TSM files are verified", "see 'shard list' for what to do with it"));
            }
            for (Path f : s.tsmFiles()) {
                long size = size(f);
                jobs.add(new Job(s, f, size));
                total += size;
            }
        }
        if (request.id() != null && !found) {
            throw UpgradeException.usage("shard verify: no shard " + request.id() + " in " + request.dataDir()
                    + (request.db() == null ? "" : " db " + request.db()) + (request.rp() == null ? "" : " rp " + request.rp())
                    + " (see 'shard list')");
        }
        jobs.sort(Comparator.comparingLong(Job::size).reversed());
        Progress sync = synchronizedProgress(progress);
        sync.start("verify TSM files", total);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(request.jobs(), jobs.size())), r -> {
            Thread t = new Thread(r, "tsm-verify");
            t.setDaemon(true);
            return t;
        });
        List<TsmReader.TsmFileReport> reports = new ArrayList<>();
        try {
            List<Future<TsmReader.TsmFileReport>> futures = new ArrayList<>();
            for (Job j : jobs) {
                futures.add(pool.submit(() -> TsmReader.verify(j.file(), sync::advance)));
            }
            for (Future<TsmReader.TsmFileReport> f : futures) {
                reports.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw UpgradeException.unavailable("shard verify interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
            sync.finish();
        }
        long bytes = 0, blocks = 0, broken = 0;
        List<ShardVerification.BrokenFile> brokenFiles = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            TsmReader.TsmFileReport r = reports.get(i);
            Job j = jobs.get(i);
            bytes += r.bytes();
            blocks += r.blocks();
            broken += r.brokenBlocks();
            if (!r.healthy()) {
                ShardInfo s = j.shard().info();
                brokenFiles.add(new ShardVerification.BrokenFile(s.id(), s.db(), s.rp(), r.path(), r.blocks(), r.brokenBlocks()));
            }
            findings.addAll(r.findings());
        }
        brokenFiles.sort(Comparator.comparing(ShardVerification.BrokenFile::path));
        return new ShardVerification(jobs.size(), bytes, blocks, broken, List.copyOf(brokenFiles), List.copyOf(findings),
                (int) wal[0], wal[1], wal[2]);
    }

    /**
     * Decodes every segment of one shard's wal dir. A cleanly truncated final entry of the NEWEST segment is what a
     * crash leaves (influxd drops it on start): a warning. The same in an older segment, or any corruption, is an
     * error: entries after it would be lost. Counts go to {@code counts} (segments, entries, points).
     */
    static void verifyWal(Path shardWal, List<Finding> findings, long[] counts) {
        if (!java.nio.file.Files.isDirectory(shardWal, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> segments;
        try (var s = java.nio.file.Files.list(shardWal)) {
            segments = s.filter(p -> p.getFileName().toString().matches("_\\d+\\.wal")
                            && java.nio.file.Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .sorted(Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString().replaceAll("\\D", ""))))
                    .toList();
        } catch (java.io.IOException | NumberFormatException e) {
            findings.add(Finding.error("wal.unreadable", "cannot list " + shardWal + ": " + e.getMessage(), "check its permissions"));
            return;
        }
        for (int i = 0; i < segments.size(); i++) {
            WalSegmentReader.WalSegmentSummary w = WalSegmentReader.read(segments.get(i));
            counts[0]++;
            counts[1] += w.entries();
            counts[2] += w.values();
            boolean newest = i == segments.size() - 1;
            if (w.problem() != null) {
                findings.add(Finding.error("wal.corrupt", w.path() + ": " + w.problem() + " (" + w.entries() + " entries before it decode)",
                        "restore the shard's WAL from a backup, or accept losing the entries from there on"));
            } else if (w.truncatedAt() >= 0 && newest) {
                findings.add(Finding.warning("wal.torn-tail", w.path() + ": the last entry, at offset " + w.truncatedAt() + " of "
                        + w.bytes() + " bytes, is incomplete (a crash during a write; influxd drops it on start)",
                        "nothing to do unless that write matters: its points were never acknowledged"));
            } else if (w.truncatedAt() >= 0) {
                findings.add(Finding.error("wal.corrupt", w.path() + ": an entry at offset " + w.truncatedAt() + " runs past the end, yet "
                        + "newer segments follow: this is not a crash tail", "restore the shard's WAL from a backup"));
            }
        }
    }

    private static long size(Path f) {
        try {
            return java.nio.file.Files.size(f);
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    static Progress synchronizedProgress(Progress p) {
        return new Progress() {
            @Override
            public synchronized void start(String task, long total) {
                p.start(task, total);
            }

            @Override
            public synchronized void advance(long done) {
                p.advance(done);
            }

            @Override
            public synchronized void finish() {
                p.finish();
            }
        };
    }
}
