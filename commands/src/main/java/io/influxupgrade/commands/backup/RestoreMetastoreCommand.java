package io.influxupgrade.commands.backup;

import io.influxupgrade.commands.backup.model.BackupKind;
import io.influxupgrade.commands.backup.model.BackupRecord;
import io.influxupgrade.commands.fs.FileTrees;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.fs.AtomicFiles;
import io.influxupgrade.commands.fs.CrashPoints;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code restore metastore}: puts a metastore backup into a meta dir the way {@code influxd restore -metadir}
 * (0.12 – 1.8) does, either by running that binary or natively. Native writes {@code meta.db} atomically and
 * never through a link, and only after that copy is re-read and verified removes {@code raft.db} and, only when
 * raft.db existed, {@code node.json}; {@code peers.json} and {@code snapshots/} are never touched. It refuses
 * (NOT_READY) while the service runs, without a verified backup of the current meta dir, with a backup that fails
 * verification, or over a newer meta.db unless forced. The restored meta.db is diffed against the backup.
 */
public final class RestoreMetastoreCommand {

    /**
     * @param from     backup folder, meta.NN file, or portable backup dir
     * @param metaDir  the [meta] dir to restore into
     * @param recorded the backups the session recorded (a verified meta-dir backup of {@code metaDir} must be among them)
     * @param journalDir where {@code pending.json} goes (session dir or backup root)
     */
    public record Request(Path from, Path metaDir, Via via, boolean dryRun, boolean force, Path influxd, ServiceProbe probe,
                          List<BackupRecord> recorded, Path journalDir, Path importRoot) {

        /** Without importing a foreign backup first (it is restored from where it is, after decoding). */
        public Request(Path from, Path metaDir, Via via, boolean dryRun, boolean force, Path influxd, ServiceProbe probe,
                       List<BackupRecord> recorded, Path journalDir) {
            this(from, metaDir, via, dryRun, force, influxd, probe, recorded, journalDir, null);
        }
    }

    /** What was (or, in a dry run, would be) written, removed and left alone, and the post-restore diff. */
    public record RestoreReport(String from, String metaDir, Via via, boolean dryRun, long backupIndex, long restoredIndex,
                                List<String> writes, List<String> removes, List<String> untouched, List<String> differences,
                                String verification, String detail, BackupRecord imported) implements RestoreVerdict {
        @Override
        public String failureSummary(String first) {
            return "restore metastore: the restored " + metaDir + "/meta.db differs from the backup: " + first
                    + " (roll back with 'restore meta-dir')";
        }
    }

    private final MetastoreCodecPort codec;
    private final BackupEnv env;

    public RestoreMetastoreCommand() {
        this(MetastoreCodecs.defaultCodec());
    }

    public RestoreMetastoreCommand(MetastoreCodecPort codec) {
        this(codec, BackupEnv.SYSTEM);
    }

    public RestoreMetastoreCommand(MetastoreCodecPort codec, BackupEnv env) {
        this.codec = codec;
        this.env = env;
    }

    /**
     * The session's {@code restore metastore}: {@code from} (an id, {@code latest}: the newest verified metastore backup,
     * or a path) into {@code metaDir} (null: the session's meta dir), against the session's ledger and service probe; a
     * backup made by InfluxDB is imported into the ledger first. Completes the plan's restore-metastore step unless a
     * dry run.
     */
    public io.influxupgrade.commands.StepResult<RestoreReport> run(io.influxupgrade.commands.session.Workspace ws,
            String from, Path metaDir, Via via, boolean dryRun, boolean force) {
        io.influxupgrade.commands.session.UpgradeSession s = ws.session();
        Path target = metaDir != null ? metaDir.toAbsolutePath()
                : io.influxupgrade.commands.session.SessionPaths.of(s).requireMetaDir("restore metastore");
        BackupLedger ledger = BackupLedger.of(s);
        Path root = ws.backupRoot();
        Path source = new BackupStore(root).resolve(ledger.resolve(from, BackupKind.METASTORE)).orElseThrow(() -> UpgradeException.usage(
                "restore metastore: no backup '" + from + "' in " + root + " and no such path (run 'backup list')"));
        RestoreReport rep = run(new Request(source, target, via == null ? Via.AUTO : via, dryRun, force,
                io.influxupgrade.commands.session.VersionDetector.findOnPath("influxd").orElse(null), ServiceProbes.forSession(s),
                ledger.verifiedOnDisk(), root, root));
        ledger.add(rep.imported());
        return new io.influxupgrade.commands.StepResult<>(rep,
                dryRun ? null : io.influxupgrade.commands.StepIds.RESTORE_METASTORE);
    }

    /**
     * Why {@code restore metastore} cannot run now, or null: a meta dir with something in it needs a verified copy to
     * roll back to (an empty or missing one has nothing to lose: the restore's own check lets that through).
     */
    public static String unavailable(io.influxupgrade.commands.session.Workspace ws) {
        if (ws.hasSession()) {
            Path dir = io.influxupgrade.commands.session.SessionPaths.of(ws.session()).metaDir();
            if (dir == null || !Files.isDirectory(dir)) {
                return null;
            }
            try (var list = Files.list(dir)) {
                if (list.findAny().isEmpty()) {
                    return null;
                }
            } catch (IOException e) {
                // unreadable: ask for the backup
            }
        }
        return BackupLedger.missingVerified(ws, BackupKind.META_DIR, "'restore metastore' needs a verified copy of the meta dir to roll back to");
    }

    public RestoreReport run(Request r) {
        if (r.metaDir() == null) {
            throw UpgradeException.usage("restore metastore: --meta-dir is required");
        }
        Path metaDir = r.metaDir().toAbsolutePath().normalize();
        ServiceProbe probe = r.probe() == null ? ServiceProbe.system(null, List.of("127.0.0.1:8088", "127.0.0.1:8086")) : r.probe();
        List<String> running = probe.evidence();
        if (!running.isEmpty()) {
            throw UpgradeException.notReady("restore metastore: the InfluxDB service still runs (" + String.join("; ", running)
                    + "): stop it first (e.g. 'systemctl stop influxdb')");
        }
        BackupSource src = BackupSource.open(r.from(), codec, ledgerDigest(r.recorded(), r.from()));
        MetastoreImage backup = src.snapshot();
        Path metaDb = metaDir.resolve("meta.db");
        if (Files.isSymbolicLink(metaDb)) {
            throw UpgradeException.notReady("restore metastore: " + metaDb + " is a symbolic link; this tool never writes through links"
                    + " (replace it with a regular file or point [meta] dir at the real directory)");
        }
        String inPlace = "no meta.db in place";
        boolean alreadyRestored = false;
        if (Files.isRegularFile(metaDb, LinkOption.NOFOLLOW_LINKS)) {
            MetastoreImage cur;
            try {
                cur = codec.readMetaDb(metaDb);
            } catch (UpgradeException e) {
                cur = null;
                inPlace = "meta.db in place is unreadable (" + e.getMessage() + ")";
            }
            if (cur != null) {
                alreadyRestored = cur.index() == backup.index() + 2 && codec.diff(backup, cur).isEmpty();
                inPlace = "meta.db in place has index " + cur.index() + (alreadyRestored ? " (this backup, already restored)" : "");
                if (cur.index() > backup.index() && !alreadyRestored && !r.force()) {
                    throw UpgradeException.notReady("restore metastore: " + metaDb + " has index " + cur.index() + ", newer than the backup's "
                            + backup.index() + ": restoring would lose the later changes (use --force if that is intended)");
                }
            }
        }
        Via via = r.via() == null || r.via() == Via.AUTO ? autoVia(r, src) : r.via();
        Path journal = r.journalDir() == null ? metaDir.getParent() : r.journalDir();
        // A resumed restore keeps its plan: raft.db may already be gone while node.json still has to go.
        boolean resumedRaftRemoval = PendingOperations.read(journal)
                .filter(op -> op.op().equals("restore metastore") && metaDir.toString().equals(op.target())
                        && String.valueOf(r.from()).equals(op.source()))
                .map(op -> op.plan().contains("remove " + metaDir.resolve("raft.db"))).orElse(false);
        boolean raftDb = Files.exists(metaDir.resolve("raft.db"), LinkOption.NOFOLLOW_LINKS) || resumedRaftRemoval;
        if (alreadyRestored && !raftDb) {
            // the same restore again: meta.db already is this backup's, raft.db is gone; touch nothing (node.json included)
            return new RestoreReport(String.valueOf(r.from()), metaDir.toString(), via, r.dryRun(), backup.index(), backup.index() + 2,
                    List.of(), List.of(), untouched(metaDir), List.of(), src.verification(), "already done: " + metaDb
                    + " is this backup restored (index " + (backup.index() + 2) + "); nothing was written", null);
        }
        requireMetaDirBackup(metaDir, r.recorded()); // only now: a restore that writes nothing endangers nothing
        BackupRecord imported = null;
        if (src.isForeign() && r.importRoot() != null && !r.dryRun()) {
            // a backup a real InfluxDB tool made: copied into our ledger with a manifest, and restored from that copy
            imported = BackupImport.run(src, r.importRoot(), env);
            src = BackupSource.open(Path.of(imported.path()), codec);
        }
        byte[] newMetaDb = codec.encodeRestoredMetaDb(backup);
        byte[] node = backup.nodeBlob() == null ? MetaCodecAdapter.NULL_NODE : backup.nodeBlob();
        List<String> writes = new ArrayList<>();
        List<String> removes = new ArrayList<>();
        writes.add(metaDb + " (" + newMetaDb.length + " bytes, index " + (backup.index() + 2) + ", sha256 "
                + Manifest.sha256Hex(newMetaDb) + ")");
        boolean writeNode = !raftDb && !sameBytes(metaDir.resolve("node.json"), node);
        if (writeNode) {
            writes.add(metaDir.resolve("node.json") + " (" + node.length + " bytes: node blob of the backup)");
        }
        if (raftDb) {
            removes.add(metaDir.resolve("raft.db").toString());
            removes.add(metaDir.resolve("node.json").toString());
        }
        List<String> untouched = untouched(metaDir);
        String detail = inPlace + "; source " + src.kind() + " " + src.metaFile();
        if (r.dryRun()) {
            return new RestoreReport(String.valueOf(r.from()), metaDir.toString(), via, true, backup.index(), backup.index() + 2,
                    writes, removes, untouched, List.of(), src.verification(), "dry run: nothing written; " + detail
                    + (src.isForeign() && r.importRoot() != null ? "; it would first be imported into the backup root with a manifest" : ""),
                    null);
        }
        env.space().require("restore metastore", metaDir, newMetaDb.length + node.length);
        if (via == Via.INFLUXD) {
            detail = detail + "; " + restoreWithInfluxd(r, src, metaDir);
        } else {
            restoreNatively(r, metaDir, src, newMetaDb, node, writeNode, raftDb, writes, removes);
        }
        MetastoreImage restored = codec.readMetaDb(metaDb);
        List<String> diff = new ArrayList<>(codec.diff(backup, restored));
        if (Files.exists(metaDir.resolve("raft.db"), LinkOption.NOFOLLOW_LINKS)) {
            diff.add("raft.db is still present (influxd 0.12+ refuses to start with it)");
        }
        return new RestoreReport(String.valueOf(r.from()), metaDir.toString(), via, false, backup.index(), restored.index(),
                writes, removes, untouched, List.copyOf(diff), src.verification(), detail, imported);
    }

    private Via autoVia(Request r, BackupSource src) {
        return r.influxd() != null && Files.isExecutable(r.influxd()) && !src.kind().equals("portable") ? Via.INFLUXD : Via.NATIVE;
    }

    /** The digest the session recorded for the backup folder {@code from}, or null. */
    private static String ledgerDigest(List<BackupRecord> recorded, Path from) {
        if (recorded == null || from == null) {
            return null;
        }
        Path f = from.toAbsolutePath().normalize();
        return recorded.stream().filter(b -> b.path() != null && Path.of(b.path()).toAbsolutePath().normalize().equals(f))
                .map(BackupRecord::manifestSha256).filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    private void requireMetaDirBackup(Path metaDir, List<BackupRecord> recorded) {
        if (!Files.isDirectory(metaDir) || isEmpty(metaDir)) {
            return; // nothing there to lose
        }
        Path real;
        try {
            real = metaDir.toRealPath();
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("read " + metaDir, e);
        }
        boolean ok = recorded != null && recorded.stream().anyMatch(b -> b.kind() == BackupKind.META_DIR && b.verified()
                && b.source() != null && (b.source().equals(real.toString()) || b.source().equals(metaDir.toString()))
                && b.path() != null && BackupStore.describe(Path.of(b.path())).verified()
                && (b.manifestSha256() == null || b.manifestSha256().equals(Manifest.fileSha256(Path.of(b.path())))));
        if (!ok) {
            throw UpgradeException.notReady("restore metastore: no verified backup of the meta dir " + metaDir
                    + " is recorded (run 'backup meta-dir' first)");
        }
    }

    private void restoreNatively(Request r, Path metaDir, BackupSource src, byte[] newMetaDb, byte[] node, boolean writeNode,
                                 boolean raftDb, List<String> writes, List<String> removes) {
        Path journal = r.journalDir() == null ? metaDir.getParent() : r.journalDir();
        if (!Files.isDirectory(journal)) {
            AtomicFiles.createPrivateDirectory(journal);
        }
        PendingOperations.begin(journal, new PendingOperations.Operation("restore metastore", null, env.clock().instant(),
                ProcessHandle.current().pid(), null, null, String.valueOf(r.from()), metaDir.toString(),
                Stream.concat(writes.stream().map(w -> "write " + w), removes.stream().map(x -> "remove " + x)).toList(),
                "run 'restore metastore --from " + r.from() + " --meta-dir " + metaDir + "' again (it finishes the same restore)"));
        Path metaDb = metaDir.resolve("meta.db");
        boolean changed = false;
        try {
            if (!Files.isDirectory(metaDir)) {
                Files.createDirectories(metaDir);
            }
            removeStaleTemps(metaDir); // left by an interrupted run of this same restore
            FileFacts old = Files.isRegularFile(metaDb, LinkOption.NOFOLLOW_LINKS) ? FileFacts.of(metaDb) : null;
            FileFacts dir = FileFacts.of(metaDir);
            int mode = old != null ? old.mode() : 0644;
            int uid = old != null ? old.uid() : dir.uid();
            int gid = old != null ? old.gid() : dir.gid();
            if (!Arrays.equals(readOrNull(metaDb), newMetaDb)) {
                SafeWrite.replace(metaDb, newMetaDb, mode, uid, gid, null);
                changed = true;
            }
            byte[] back = Files.readAllBytes(metaDb);
            if (!Arrays.equals(back, newMetaDb)) {
                throw UpgradeException.failed("restore metastore: " + metaDb + " reads back different from what was written"
                        + " (sha256 " + HexFormat.of().formatHex(Manifest.sha256().digest(back)) + "); raft.db and node.json were left alone");
            }
            List<String> d = codec.diff(src.snapshot(), codec.readMetaDb(metaDb));
            if (!d.isEmpty()) {
                throw UpgradeException.failed("restore metastore: " + metaDb + " does not decode to the backup: " + d.get(0)
                        + "; raft.db and node.json were left alone");
            }
            if (writeNode) {
                SafeWrite.replace(metaDir.resolve("node.json"), node, 0644, uid, gid, null);
            }
            if (raftDb) {
                SafeWrite.remove(metaDir.resolve("raft.db"));
                SafeWrite.remove(metaDir.resolve("node.json"));
            }
        } catch (IOException | RuntimeException e) {
            if (!changed) {
                PendingOperations.finish(journal); // an orderly failure before any change: nothing to resume
            }
            throw e instanceof IOException io ? AtomicFiles.ioFailure("restore " + metaDb, io) : (RuntimeException) e;
        }
        PendingOperations.finish(journal);
    }

    private static void removeStaleTemps(Path metaDir) throws IOException {
        try (Stream<Path> s = Files.list(metaDir)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if ((n.startsWith(".meta.db.tmp-") || n.startsWith(".node.json.tmp-")) && PendingOperations.TEMP_FILE.matcher(n).matches()
                        && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.delete(p);
                }
            }
        }
    }

    private String restoreWithInfluxd(Request r, BackupSource src, Path metaDir) {
        if (src.kind().equals("portable")) {
            throw UpgradeException.usage("restore metastore --via influxd: influxd restores a portable backup only online;"
                    + " use --via native for an offline restore of its metastore");
        }
        Influxd influxd = new Influxd(r.influxd());
        Path dir = src.metaFile().getParent();
        Path staging = null;
        try {
            if (src.kind().equals("file")) {
                Path base = r.journalDir() == null ? metaDir.toAbsolutePath().getParent() : r.journalDir();
                staging = Files.createTempDirectory(base, ".restore-staging-");
                Files.copy(src.metaFile(), staging.resolve("meta.00"));
                dir = staging;
            }
            Influxd.Run run = influxd.run(Duration.ofMinutes(5), "restore", "-metadir", metaDir.toString(), dir.toString());
            CrashPoints.tick("influxd restore");
            if (run.exitCode() != 0) {
                throw UpgradeException.failed(run.failure());
            }
            return String.join(" ", run.command()) + ": " + run.output().strip().replace('\n', '|');
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("stage " + src.metaFile(), e);
        } finally {
            if (staging != null) {
                FileTrees.delete(staging);
            }
        }
    }

    private static List<String> untouched(Path metaDir) {
        if (!Files.isDirectory(metaDir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(metaDir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> !List.of("meta.db", "raft.db", "node.json").contains(n)).sorted()
                    .map(n -> metaDir.resolve(n).toString()).toList();
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("list " + metaDir, e);
        }
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean sameBytes(Path p, byte[] want) {
        return Arrays.equals(readOrNull(p), want);
    }

    private static byte[] readOrNull(Path p) {
        try {
            return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? Files.readAllBytes(p) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
