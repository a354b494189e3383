package io.influxupgrade.commands.backup;

import io.influxupgrade.commands.InfluxVersion;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.backup.model.BackupKind;
import io.influxupgrade.commands.backup.model.BackupRecord;
import io.influxupgrade.commands.fs.AtomicFiles;
import io.influxupgrade.commands.fs.FileTrees;
import io.influxupgrade.commands.fs.CrashPoints;
import io.influxupgrade.commands.meta.MetaSnapshot;
import io.influxupgrade.commands.meta.MetaSources;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * {@code backup portable}: {@code influxd backup -portable -host ADDR [-db DB]} (1.5+) into a new backup folder of ours:
 * every file 0600 and fsynced, the newest {@code .manifest} decoded with its {@code .meta}, every shard archive it
 * lists gunzipped to the byte count the manifest states, then our SHA-256 manifest over all of it. Portable backups
 * are the backup kind a 1.5+ plan records; {@link PortableRestoreCommand} puts one back.
 */
public final class PortableBackupCommand {

    public record Request(Path backupRoot, Path influxd, String host, String db, Path dataDir) {
    }

    private final BackupEnv env;

    public PortableBackupCommand() {
        this(BackupEnv.SYSTEM);
    }

    public PortableBackupCommand(BackupEnv env) {
        this.env = env;
    }

    /**
     * The session's {@code backup portable}: with the influxd on PATH, into {@code to} (null: the session's backup
     * root), from {@code host} (null: the session's backup address), then recorded in the session's ledger.
     */
    public BackupRecord run(io.influxupgrade.commands.session.Workspace ws, Path to, String host, String db) {
        var s = ws.session();
        Path influxd = io.influxupgrade.commands.session.VersionDetector.findOnPath("influxd").orElseThrow(() ->
                UpgradeException.unavailable("backup portable: no influxd on PATH (install InfluxDB 1.5+)"));
        BackupRecord r = run(new Request(to == null ? ws.backupRoot() : to.toAbsolutePath().normalize(), influxd,
                BackupAddress.forSession(s, host).hostPort(), db, io.influxupgrade.commands.session.SessionPaths.of(s).dataDir()));
        BackupLedger.of(s).add(r);
        return r;
    }

    public BackupRecord run(Request r) {
        if (r.influxd() == null || !Files.isExecutable(r.influxd())) {
            throw UpgradeException.unavailable("backup portable: no influxd binary (install InfluxDB 1.5+ or put it on PATH)");
        }
        Influxd influxd = new Influxd(r.influxd());
        InfluxVersion v = influxd.version();
        if (v != null && !v.atLeast(1, 5)) {
            throw UpgradeException.notReady("backup portable: " + r.influxd() + " is " + v + "; portable backups need influxd 1.5+ "
                    + "(before the switch use 'backup meta-dir' and 'backup metastore')");
        }
        String host = r.host() == null ? "127.0.0.1:8088" : r.host();
        if (!Influxd.answers(host)) {
            // influxd backup would retry for minutes against a closed port
            throw UpgradeException.notReady("backup portable: nothing answers at " + host + "; a portable backup is taken from the "
                    + "running 1.5+ server (start it, or name its backup address with --host)");
        }
        long estimate = r.dataDir() == null ? 1 << 20 : FileTrees.bytes(r.dataDir(), 1 << 20);
        BackupStore store = new BackupStore(r.backupRoot());
        return store.create(BackupKind.PORTABLE, host + (r.db() == null ? "" : " db " + r.db()), estimate, env, files -> {
            List<String> flags = new ArrayList<>(List.of("-portable", "-host", host));
            flags.addAll(Influxd.flag("-db", r.db()));
            Influxd.Run run = influxd.backup(Duration.ofHours(6), files, flags);
            CrashPoints.tick("influxd backup -portable");
            if (run.exitCode() != 0) {
                throw UpgradeException.unavailable(run.failure() + " (is a 1.5+ server running with its backup port at " + host + "? --host names another)");
            }
            list(files).forEach(AtomicFiles::secure);
            String checked = check(files);
            return new BackupStore.Filled(BackupMetastoreCommand.entries(files), "influxd", host,
                    String.join(" ", run.command()) + " -> " + checked);
        });
    }

    /**
     * Decodes what {@code influxd backup -portable} wrote: the newest manifest and its meta, and every shard archive
     * it lists, whose gunzipped length must be the manifest's {@code size}. Returns a one-line summary.
     */
    static String check(Path dir) {
        List<Path> manifests = list(dir).stream().filter(p -> p.getFileName().toString().endsWith(".manifest")).sorted().toList();
        if (manifests.isEmpty()) {
            throw UpgradeException.failed("backup portable: influxd wrote no .manifest into " + dir);
        }
        Path manifest = manifests.get(manifests.size() - 1);
        MetaSnapshot meta = MetaSources.readPortable(manifest, List.of());
        int shards = 0;
        try {
            com.fasterxml.jackson.databind.JsonNode m = io.influxupgrade.commands.Json.mapper().readTree(manifest.toFile());
            for (com.fasterxml.jackson.databind.JsonNode f : m.path("files")) {
                Path tar = dir.resolve(f.path("fileName").asText());
                if (!tar.normalize().startsWith(dir) || !Files.isRegularFile(tar, LinkOption.NOFOLLOW_LINKS)) {
                    throw UpgradeException.failed("backup portable: " + manifest.getFileName() + " lists " + f.path("fileName").asText()
                            + ", which is not in " + dir);
                }
                long n = 0;
                try (InputStream in = new GZIPInputStream(Files.newInputStream(tar))) {
                    byte[] buf = new byte[1 << 16];
                    for (int k; (k = in.read(buf)) > 0; ) {
                        n += k;
                    }
                }
                if (n != f.path("size").asLong()) {
                    throw UpgradeException.failed("backup portable: " + tar.getFileName() + " holds " + n + " bytes of tar, the manifest says "
                            + f.path("size").asLong());
                }
                shards++;
            }
        } catch (IOException e) {
            throw UpgradeException.failed("backup portable: cannot read " + manifest + ": " + e.getMessage());
        }
        return manifest.getFileName() + ": " + meta.data().databases().size() + " database(s), " + shards + " shard archive(s), all decoded";
    }

    static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("list " + dir, e);
        }
    }


}
