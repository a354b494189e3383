package io.influxupgrade.commands.backup;

import io.influxupgrade.commands.InfluxVersion;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.backup.model.BackupKind;
import io.influxupgrade.commands.backup.model.BackupRecord;
import io.influxupgrade.commands.fs.AtomicFiles;
import io.influxupgrade.commands.fs.CrashPoints;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code backup metastore}: exports the metastore to a legacy {@code meta.NN} in a new verified backup folder,
 * either with the old {@code influxd backup} against the running server or natively from the offline meta dir.
 * Either way the file is decoded back and compared with its source before the record says verified.
 */
public final class BackupMetastoreCommand {

    /**
     * @param metaDir            the [meta] dir (the native source, and the comparison source for influxd)
     * @param backupRoot         where the backup folder is created
     * @param via                influxd, native or auto
     * @param influxd            the influxd binary to run (the old version's)
     * @param host               the backup RPC address for {@code -host} (null: influxd's default localhost:8088)
     * @param oldVersion         the version being upgraded from ({@code auto} uses influxd only when the binary is this version)
     * @param acceptSnapshotOnly allow a 0.10/0.11 export from the raft snapshot alone, losing later log entries
     */
    public record Request(Path metaDir, Path backupRoot, Via via, Path influxd, String host, InfluxVersion oldVersion,
                          boolean acceptSnapshotOnly, String hostOrigin) {

        /** Without a stated origin of {@code host} (tests, callers that pass influxd's default). */
        public Request(Path metaDir, Path backupRoot, Via via, Path influxd, String host, InfluxVersion oldVersion,
                       boolean acceptSnapshotOnly) {
            this(metaDir, backupRoot, via, influxd, host, oldVersion, acceptSnapshotOnly, null);
        }

        /** The probed address as the operator should read it: {@code 127.0.0.1:8088 ([meta] bind-address of the config)}. */
        String hostDescription() {
            String h = host == null ? "localhost:8088" : host;
            return h + " (" + (hostOrigin == null ? host == null ? "influxd's default" : "given" : hostOrigin) + ")";
        }
    }

    private final BackupEnv env;
    private final MetastoreCodecPort codec;

    public BackupMetastoreCommand() {
        this(BackupEnv.SYSTEM, MetastoreCodecs.defaultCodec());
    }

    public BackupMetastoreCommand(BackupEnv env, MetastoreCodecPort codec) {
        this.env = env;
        this.codec = codec;
    }

    /**
     * The session's {@code backup metastore}: from its meta dir (or the running old server, {@code --via influxd}) into
     * {@code to} (null: the session's backup root), the backup address from the session's config unless {@code host};
     * recorded in the session's ledger; completes the plan's backup-metastore step.
     */
    public io.influxupgrade.commands.StepResult<BackupRecord> run(io.influxupgrade.commands.session.Workspace ws,
                                                                          Path to, Via via, boolean acceptSnapshotOnly, String host) {
        io.influxupgrade.commands.session.UpgradeSession s = ws.session();
        Via v = via == null ? Via.AUTO : via;
        io.influxupgrade.commands.session.SessionPaths paths = io.influxupgrade.commands.session.SessionPaths.of(s);
        Path metaDir = paths.metaDir();
        if (metaDir == null && v != Via.INFLUXD) {
            throw UpgradeException.notReady("backup metastore: the session has no meta dir (run 'session set meta-dir DIR'"
                    + " or use --via influxd)");
        }
        Path influxd = io.influxupgrade.commands.session.VersionDetector.findOnPath("influxd").orElse(null);
        if (influxd == null && v == Via.INFLUXD) {
            throw UpgradeException.unavailable("backup metastore --via influxd: no influxd on PATH (install the old version's "
                    + "influxd or use --via native)");
        }
        io.influxupgrade.commands.config.ConfigFile config = paths.config() == null || !Files.isRegularFile(paths.config()) ? null
                : io.influxupgrade.commands.config.ConfigFile.parse(paths.config());
        BackupAddress address = BackupAddress.of(config, s.from(), host);
        BackupRecord r = run(new Request(metaDir, to == null ? ws.backupRoot() : to.toAbsolutePath(), v, influxd,
                address.hostPort(), s.from(), acceptSnapshotOnly, address.origin()));
        return new io.influxupgrade.commands.StepResult<>(BackupLedger.of(ws.session()).add(r),
                io.influxupgrade.commands.StepIds.BACKUP_METASTORE);
    }

    public BackupRecord run(Request r) {
        if (r.backupRoot() == null) {
            throw UpgradeException.usage("backup metastore: the backup root is required");
        }
        Via via = r.via() == null ? Via.AUTO : r.via();
        String autoReason = null;
        if (via == Via.AUTO) {
            autoReason = autoChoice(r);
            via = autoReason.startsWith("influxd") ? Via.INFLUXD : Via.NATIVE;
        }
        String why = autoReason;
        return via == Via.INFLUXD ? viaInfluxd(r, why) : viaNative(r, why);
    }

    /** Why auto picks what it picks; starts with "influxd" or "native". */
    String autoChoice(Request r) {
        if (r.influxd() == null || !Files.isExecutable(r.influxd())) {
            return "native: no influxd binary given";
        }
        InfluxVersion v = new Influxd(r.influxd()).version();
        if (r.oldVersion() == null || v == null || !v.line().equals(r.oldVersion().line())) {
            return "native: " + r.influxd() + " is version " + v + ", not the old version " + r.oldVersion();
        }
        String host = r.host() == null ? "localhost:8088" : r.host();
        if (!Influxd.answers(host)) {
            return "native: influxd route not taken: the backup port " + r.hostDescription() + " refused the connection"
                    + " or did not answer (is the old server running? --host HOST:PORT names another address)";
        }
        return "influxd: " + r.influxd() + " is the old version " + v + " and " + r.hostDescription() + " answers";
    }

    private BackupRecord viaNative(Request r, String autoReason) {
        if (r.metaDir() == null) {
            throw UpgradeException.usage("backup metastore --via native: the meta dir is required");
        }
        MetastoreImage source = codec.readMetaDir(r.metaDir());
        if (source.snapshotOnly() && !r.acceptSnapshotOnly()) {
            String n = source.missingLogEntries() < 0 ? "an unknown number of" : Long.toString(source.missingLogEntries());
            throw UpgradeException.notReady("backup metastore: " + r.metaDir() + " is a 0.10/0.11 raft metastore and its "
                    + source.origin() + " (index " + source.index() + ") lacks " + n + " raft log entries written after it;"
                    + " export it with --via influxd while the old server runs, or accept the loss with --accept-snapshot-only"
                    + (autoReason == null ? "" : " (auto: " + autoReason + ")"));
        }
        byte[] bytes = codec.encodeLegacyBackup(source);
        BackupStore store = new BackupStore(r.backupRoot());
        return store.create(BackupKind.METASTORE, r.metaDir().toString(), bytes.length, env, files -> {
            AtomicFiles.createPrivateDirectory(files);
            Path out = files.resolve("meta.00");
            writeNew(out, bytes);
            checkAgainstSource(out, source);
            String detail = "native export of " + source.origin() + " (index " + source.index() + ")"
                    + (source.snapshotOnly() ? ", snapshot only: " + (source.missingLogEntries() < 0 ? "unknown number of"
                    : source.missingLogEntries()) + " raft log entries NOT included (--accept-snapshot-only)" : "")
                    + (autoReason == null ? "" : "; auto: " + autoReason);
            return new BackupStore.Filled(entries(files), "native", r.metaDir().toString(), detail);
        });
    }

    private BackupRecord viaInfluxd(Request r, String autoReason) {
        Influxd influxd = new Influxd(r.influxd());
        long estimate = 1 << 20;
        if (r.metaDir() != null && Files.isRegularFile(r.metaDir().resolve("meta.db"))) {
            try {
                estimate = Files.size(r.metaDir().resolve("meta.db")) + 1024;
            } catch (IOException ignored) {
                // keep the estimate
            }
        }
        BackupStore store = new BackupStore(r.backupRoot());
        return store.create(BackupKind.METASTORE, r.host() == null ? "localhost:8088" : r.host(), estimate, env, files -> {
            Influxd.Run run = influxd.backup(Duration.ofMinutes(5), files, Influxd.flag("-host", r.host()));
            CrashPoints.tick("influxd backup");
            if (run.exitCode() != 0) {
                throw UpgradeException.unavailable(run.failure() + " (probed " + r.hostDescription() + "; is the old server running there?"
                        + " --host HOST:PORT names another address)");
            }
            Path metaFile = newestMeta(files);
            listFiles(files).forEach(AtomicFiles::secure);
            MetastoreImage exported = codec.readLegacyBackup(metaFile);
            String compared = "";
            if (r.metaDir() != null && Files.isRegularFile(r.metaDir().resolve("meta.db"), LinkOption.NOFOLLOW_LINKS)) {
                MetastoreImage source = codec.readMetaDb(r.metaDir().resolve("meta.db"));
                List<String> d = codec.diff(source, exported);
                if (!d.isEmpty()) {
                    throw UpgradeException.failed("backup metastore: " + metaFile + " differs from " + r.metaDir().resolve("meta.db")
                            + ": " + d.get(0) + " (did the metadata change during the backup? run it again)");
                }
                compared = ", equal to " + r.metaDir().resolve("meta.db");
            }
            String detail = String.join(" ", run.command()) + " -> " + metaFile.getFileName() + " (index " + exported.index() + compared
                    + "); output: " + run.output().strip().replace('\n', '|') + (autoReason == null ? "" : "; auto: " + autoReason);
            return new BackupStore.Filled(entries(files), "influxd", r.host() == null ? "localhost:8088" : r.host(), detail);
        });
    }

    private void checkAgainstSource(Path out, MetastoreImage source) {
        MetastoreImage back = codec.readLegacyBackup(out);
        List<String> d = codec.diff(source, back);
        if (!d.isEmpty() || back.index() != source.index()) {
            throw UpgradeException.failed("backup metastore: " + out + " does not decode to its source " + source.origin() + ": "
                    + (d.isEmpty() ? "index " + back.index() + " vs " + source.index() : d.get(0)));
        }
    }

    /** Writes a new 0600 file and fsyncs it (one crash point). */
    static void writeNew(Path out, byte[] bytes) {
        try (FileChannel ch = FileChannel.open(out, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                PosixFilePermissions.asFileAttribute(AtomicFiles.OWNER_RW))) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("write " + out, e);
        }
        AtomicFiles.fsyncDirectory(out.getParent());
        CrashPoints.tick("write " + out.getFileName());
    }

    /** Manifest entries for every file written into {@code files} (a flat directory). */
    static List<ManifestEntry> entries(Path files) {
        List<ManifestEntry> out = new ArrayList<>();
        for (Path p : listFiles(files)) {
            try {
                FileFacts f = FileFacts.of(p);
                VerifiedCopy.Copied c = VerifiedCopy.hash(p);
                out.add(new ManifestEntry(VerifiedCopy.relative(files, p), ManifestEntry.FILE, c.size(), f.modeOctal(), f.owner(),
                        f.ownerNames(), f.mtime(), c.sha256(), null, c.crc32c()));
            } catch (IOException e) {
                throw AtomicFiles.ioFailure("read " + p, e);
            }
        }
        return out;
    }

    private static List<Path> listFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> l = s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
            try (Stream<Path> all = Files.list(dir)) {
                if (all.count() != l.size()) {
                    throw UpgradeException.failed("backup metastore: " + dir + " holds something other than regular files");
                }
            }
            return l;
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("list " + dir, e);
        }
    }

    /** The meta.NN influxd restore would pick: the lexically last {@code meta.*}. */
    static Path newestMeta(Path dir) {
        List<Path> metas = listFiles(dir).stream().filter(p -> p.getFileName().toString().matches("meta\\.\\d+")).toList();
        if (metas.isEmpty()) {
            throw UpgradeException.failed("backup metastore: influxd wrote no meta.NN into " + dir);
        }
        return metas.get(metas.size() - 1);
    }

}
