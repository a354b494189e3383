package io.influxupgrade.shell.command;

import io.influxupgrade.commands.InfluxVersion;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.backup.BackupCleanupCommand;
import io.influxupgrade.commands.backup.BackupKind;
import io.influxupgrade.commands.backup.BackupListCommand;
import io.influxupgrade.commands.backup.BackupMetaDirCommand;
import io.influxupgrade.commands.backup.BackupAddress;
import io.influxupgrade.commands.backup.BackupMetastoreCommand;
import io.influxupgrade.commands.backup.BackupRecord;
import io.influxupgrade.commands.backup.BackupShowCommand;
import io.influxupgrade.commands.backup.BackupStore;
import io.influxupgrade.commands.backup.BackupVerifier;
import io.influxupgrade.commands.backup.BackupVerifyCommand;
import io.influxupgrade.commands.backup.PendingOperations;
import io.influxupgrade.commands.backup.RestoreMetaDirCommand;
import io.influxupgrade.commands.backup.RestoreMetastoreCommand;
import io.influxupgrade.commands.backup.Via;
import io.influxupgrade.commands.check.ServiceProbes;
import io.influxupgrade.commands.config.ConfigFile;
import io.influxupgrade.commands.session.UpgradeSession;
import io.influxupgrade.commands.session.VersionDetector;
import io.influxupgrade.commands.session.Workspace;
import io.influxupgrade.shell.core.StateChanging;
import io.influxupgrade.shell.render.Output;
import io.influxupgrade.shell.render.ProgressBars;
import io.influxupgrade.shell.render.Text;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.shell.Availability;
import org.springframework.shell.AvailabilityProvider;
import org.springframework.shell.command.annotation.Command;
import org.springframework.shell.command.annotation.CommandAvailability;
import org.springframework.shell.command.annotation.Option;
import org.springframework.shell.command.annotation.OptionValues;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Adapters for {@code backup meta-dir|metastore|list|show|verify|cleanup}, {@code restore metastore} and
 * {@code restore meta-dir}. Every backup made (including the safety backup a rollback takes first) is recorded in
 * the session; {@code backup verify} updates the recorded verified flag.
 */
@Command(group = "Backup")
public class BackupCommands implements StateChanging {

    private final Workspace ws;
    private final Output out;
    private final ProgressBars bars;

    public BackupCommands(Workspace ws, Output out, ProgressBars bars) {
        this.ws = ws;
        this.out = out;
        this.bars = bars;
    }

    @Override
    public Set<String> stateChangingCommands() {
        return Set.of("backup meta-dir", "backup metastore", "backup verify", "backup cleanup", "restore metastore",
                "restore meta-dir");
    }

    @Command(command = {"backup", "meta-dir"}, description = "Copy the whole meta directory (raft.db, peers.json, node.json, meta.db, "
            + "snapshots, whatever is there) into a new 0700 backup folder with a SHA-256 manifest, re-read it against the "
            + "manifest and record it in the session. Example: backup meta-dir --to /srv/backups")
    public void metaDir(
            @Option(label = "DIR", longNames = "to", description = "backup root (default: the session's backup root)")
            @OptionValues(provider = "paths") String to) {
        UpgradeSession s = ws.session();
        Path metaDir = sessionMetaDir("backup meta-dir");
        BackupRecord r = new BackupMetaDirCommand().run(new BackupMetaDirCommand.Request(metaDir, root(to)), bars.bytes());
        s.addBackup(toSession(r));
        out.emit(r, t -> renderMade(t, r));
    }

    @Command(command = {"backup", "metastore"}, description = "Export the metastore to a legacy meta.NN in a new verified backup "
            + "folder: --via influxd runs 'influxd backup' (binary from PATH, -host from the config: [meta] bind-address on 0.10/0.11, the top-level one on 0.12+, or --host) against the "
            + "running old server, --via native writes it from the offline meta dir, auto picks influxd only when that binary is "
            + "the old version and its backup port answers. The export is decoded back and compared with its source first. "
            + "Example: backup metastore --via influxd")
    public void metastore(
            @Option(label = "DIR", longNames = "to", description = "backup root (default: the session's backup root)")
            @OptionValues(provider = "paths") String to,
            @Option(label = "influxd|native|auto", longNames = "via", description = "influxd|native|auto (default auto)")
            @OptionValues(provider = "viaValues") String via,
            @Option(longNames = "accept-snapshot-only", description = "0.10/0.11: export the raft snapshot alone, losing the "
                    + "raft log entries written after it") boolean acceptSnapshotOnly,
            @Option(label = "HOST:PORT", longNames = "host", description = "the old server's backup address for influxd backup "
                    + "-host (default: [meta] bind-address on 0.10/0.11, the top-level bind-address on 0.12+)") String host) {
        UpgradeSession s = ws.session();
        Via v = via == null || via.isBlank() ? Via.AUTO : Via.parse(via);
        Path metaDir = s.getMetaDir() == null ? null : Path.of(s.getMetaDir());
        if (metaDir == null && v != Via.INFLUXD) {
            throw UpgradeException.notReady("backup metastore: the session has no meta dir (run 'session set meta-dir DIR'"
                    + " or use --via influxd)");
        }
        Path influxd = VersionDetector.findOnPath("influxd").orElse(null);
        if (influxd == null && v == Via.INFLUXD) {
            throw UpgradeException.unavailable("backup metastore --via influxd: no influxd on PATH (install the old version's "
                    + "influxd or use --via native)");
        }
        InfluxVersion old = s.from();
        BackupAddress address = BackupAddress.of(config(s), old, host);
        BackupRecord r = new BackupMetastoreCommand().run(new BackupMetastoreCommand.Request(metaDir, root(to), v, influxd,
                address.hostPort(), old, acceptSnapshotOnly, address.origin()));
        s.addBackup(toSession(r));
        out.emit(r, t -> renderMade(t, r));
    }

    @Command(command = {"backup", "list"}, description = "List the backup folders under the backup root, newest first "
            + "(a partial folder is never verified). Example: backup list")
    public void list(
            @Option(label = "DIR", longNames = "root", description = "backup root (default: the session's backup root)")
            @OptionValues(provider = "paths") String rootDir) {
        BackupListCommand.BackupList l = new BackupListCommand().run(new BackupListCommand.Request(root(rootDir)));
        out.emit(l, t -> {
            if (l.backups().isEmpty()) {
                t.line(t.style().dim("no backups in " + root(rootDir) + " (run 'backup meta-dir')"));
                return;
            }
            List<List<String>> rows = new ArrayList<>();
            for (List<String> row : l.rows()) {
                List<String> r = new ArrayList<>(row);
                r.set(3, Text.bytes(Long.parseLong(row.get(3))));
                r.set(4, row.get(4).equals("verified") ? t.style().ok(row.get(4)) : t.style().error(row.get(4)));
                rows.add(r);
            }
            t.table(List.of("ID", "KIND", "CREATED", "SIZE", "STATE", "PATH"), rows);
        });
    }

    @Command(command = {"backup", "show"}, description = "Show one backup: kind, size, files, manifest checksum, how it was "
            + "made and from what. Example: backup show meta-dir-20260101T120000Z")
    public void show(
            @Option(label = "ID|PATH", arityMax = 1, longNames = "id", required = true, description = "backup id or folder path")
            @OptionValues(provider = "backupIds") String id) {
        BackupRecord r = new BackupShowCommand().run(new BackupShowCommand.Request(rootForLookup(id), id));
        out.emit(r, t -> t.keyValues(r.rows().stream().map(row -> new String[] {row.get(0), row.get(1)}).toList()));
    }

    @Command(command = {"backup", "verify"}, description = "Re-read every file of a backup and check it against its manifest "
            + "(SHA-256, size, mode, owner); exit 4 on a tampered, missing or extra file, or no manifest. Updates the "
            + "session's verified flag. Example: backup verify meta-dir-20260101T120000Z")
    public void verify(
            @Option(label = "ID|PATH", arityMax = 1, longNames = "id", required = true, description = "backup id or folder path")
            @OptionValues(provider = "backupIds") String id) {
        boolean session = ws.hasSession();
        BackupVerifyCommand.Verified v = new BackupVerifyCommand().verify(new BackupVerifyCommand.Request(rootForLookup(id), id,
                session ? root(null) : null, session ? ledger(ws.session()) : null));
        BackupVerifier.Report rep = v.report();
        if (v.imported() != null) {
            ws.session().addBackup(toSession(v.imported()));
        }
        if (session) {
            UpgradeSession s = ws.session();
            UpgradeSession.BackupRecord known = s.getBackups().stream()
                    .filter(b -> b.id().equals(rep.id()) || samePath(b.path(), rep.path())).findFirst().orElse(null);
            if (known != null && known.verified() != rep.verified()) {
                s.addBackup(new UpgradeSession.BackupRecord(known.id(), known.kind(), known.path(), known.createdAt(), known.bytes(),
                        known.files(), rep.verified(), known.manifestSha256(), known.via(), known.detail()));
                if (rep.failed()) {
                    ws.save(); // the runner saves only after a success; a failed check must still clear the flag
                }
            }
        }
        out.emit(rep, t -> {
            t.kv("backup", rep.path()).kv("files", rep.files()).kv("bytes", Text.bytes(rep.bytes()))
                    .kv("manifest sha256", rep.manifestSha256());
            rep.problems().forEach(p -> t.line(t.style().error("MISMATCH ") + p));
            if (v.imported() != null) {
                t.line("imported " + id + " (made by InfluxDB, no manifest of ours) as backup " + v.imported().id() + ": "
                        + v.imported().detail());
            } else if (rep.manifestSha256() == null && rep.verified()) {
                t.line(t.style().warn("decoded only: " + id + " was made by InfluxDB and has no manifest; open a session to import it"));
                return;
            }
            if (rep.verified()) {
                t.line(t.style().ok("verified: every file matches the manifest"));
            }
        });
    }

    @Command(command = {"backup", "cleanup"}, description = "After an interrupted backup or restore, remove what it left "
            + "(.partial backup folders, this tool's temp files) and its pending.json; never touches a finished backup. "
            + "Example: backup cleanup")
    public void cleanup() {
        PendingOperations.CleanUp c = new BackupCleanupCommand().run(new BackupCleanupCommand.Request(root(null)));
        out.emit(c, t -> {
            c.removed().forEach(p -> t.line("removed " + p));
            t.line(c.removed().isEmpty() ? t.style().dim("nothing to clean up in " + c.dir()) : t.style().ok("cleaned up " + c.dir()));
        });
    }

    @Command(command = {"restore", "metastore"}, description = "Restore a metastore backup into the meta dir the way "
            + "'influxd restore -metadir' does (natively: meta.db written atomically, raft.db/node.json removed only after it "
            + "verifies). Refuses while the service runs, without a verified 'backup meta-dir' of that meta dir, with a backup "
            + "that fails verification, or over a newer meta.db unless --force. --dry-run lists what would be written and removed. "
            + "Example: restore metastore --from metastore-20260101T120000Z --via native --dry-run")
    @CommandAvailability(provider = "restoreMetastoreAvailability")
    public void restoreMetastore(
            @Option(label = "ID|PATH", longNames = "from", required = true, description = "backup id, 'latest', backup folder, meta.NN file or portable backup dir")
            @OptionValues(provider = "backupIds") String from,
            @Option(label = "DIR", longNames = "meta-dir", description = "meta dir to restore into (default: the session's meta dir)")
            @OptionValues(provider = "paths") String metaDir,
            @Option(label = "influxd|native|auto", longNames = "via", description = "influxd|native|auto (default auto)")
            @OptionValues(provider = "viaValues") String via,
            @Option(longNames = "dry-run", description = "only show what would be written and removed") boolean dryRun,
            @Option(longNames = "force", description = "restore over a newer meta.db") boolean force) {
        UpgradeSession s = ws.session();
        Path target = metaDir == null || metaDir.isBlank() ? sessionMetaDir("restore metastore") : VerifyCommands.userPath(metaDir);
        String id = latest(s, from, "metastore");
        Path source = new BackupStore(root(null)).resolve(id).orElseThrow(() -> UpgradeException.usage(
                "restore metastore: no backup '" + from + "' in " + root(null) + " and no such path (run 'backup list')"));
        Via v = via == null || via.isBlank() ? Via.AUTO : Via.parse(via);
        RestoreMetastoreCommand.RestoreReport rep = new RestoreMetastoreCommand().run(new RestoreMetastoreCommand.Request(source,
                target, v, dryRun, force, VersionDetector.findOnPath("influxd").orElse(null), ServiceProbes.forSession(s), recorded(s), root(null),
                root(null)));
        if (rep.imported() != null) {
            s.addBackup(toSession(rep.imported()));
        }
        out.emit(rep, t -> {
            t.line((rep.dryRun() ? "dry run: would restore " : "restored ") + rep.from() + " into " + rep.metaDir() + " (via "
                    + rep.via().label() + ", backup index " + rep.backupIndex() + " -> meta.db index " + rep.restoredIndex() + ")");
            rep.writes().forEach(w -> t.line((rep.dryRun() ? "  would write  " : "  wrote   ") + w));
            rep.removes().forEach(w -> t.line((rep.dryRun() ? "  would remove " : "  removed ") + w));
            rep.untouched().forEach(w -> t.line(t.style().dim("  untouched    " + w)));
            if (rep.imported() != null) {
                t.kv("imported", "backup " + rep.imported().id() + " (" + rep.imported().path() + ", manifest sha256 "
                        + rep.imported().manifestSha256() + ")");
            }
            t.kv("backup check", rep.verification());
            t.line(t.style().dim(rep.detail()));
            rep.differences().forEach(d -> t.line(t.style().error("DIFFERS ") + d));
            if (!rep.dryRun() && rep.differences().isEmpty()) {
                t.line(t.style().ok("the restored meta.db matches the backup"));
            }
        });
    }

    @Command(command = {"restore", "meta-dir"}, description = "Roll the meta dir back to a 'backup meta-dir' copy: first backs up "
            + "what is there now (recorded in the session), then puts the copy back exactly (bytes, modes, owners). "
            + "Example: restore meta-dir --from meta-dir-20260101T120000Z --dry-run")
    @CommandAvailability(provider = "restoreMetaDirAvailability")
    public void restoreMetaDir(
            @Option(label = "ID", longNames = "from", required = true, description = "meta-dir backup id, 'latest' (or folder path)")
            @OptionValues(provider = "backupIds") String from,
            @Option(longNames = "dry-run", description = "only show what would be written and removed") boolean dryRun) {
        UpgradeSession s = ws.session();
        Path metaDir = sessionMetaDir("restore meta-dir");
        RestoreMetaDirCommand.RollbackReport rep = new RestoreMetaDirCommand().run(
                new RestoreMetaDirCommand.Request(latest(s, from, "meta-dir"), metaDir, root(null), dryRun, ServiceProbes.forSession(s),
                        ledger(s)));
        if (rep.safetyBackup() != null) {
            s.addBackup(toSession(rep.safetyBackup()));
        }
        out.emit(rep, t -> {
            t.line((rep.dryRun() ? "dry run: would roll back " : "rolled back ") + rep.metaDir() + " to " + rep.from());
            if (rep.safetyBackup() != null) {
                t.kv("state before", "backup " + rep.safetyBackup().id() + " (" + rep.safetyBackup().path() + ")");
            }
            rep.writes().forEach(w -> t.line((rep.dryRun() ? "  would write  " : "  wrote   ") + w));
            rep.removes().forEach(w -> t.line((rep.dryRun() ? "  would remove " : "  removed ") + w));
            t.line(t.style().dim("  " + rep.unchanged() + " entries already equal"));
            rep.differences().forEach(d -> t.line(t.style().error("DIFFERS ") + d));
        });
    }

    // ------------------------------------------------------------------ helpers

    /** The engine's record as the session keeps it. */
    static UpgradeSession.BackupRecord toSession(BackupRecord r) {
        return new UpgradeSession.BackupRecord(r.id(), r.kind().label(), r.path(), r.createdAt(), r.bytes(), r.files(),
                r.verified(), r.manifestSha256(), r.via(), r.detail());
    }

    /** {@code latest} stands for the session's newest verified backup of the kind a restore needs. */
    private static String latest(UpgradeSession s, String from, String kind) {
        if (!"latest".equals(from)) {
            return from;
        }
        String id = s.latestVerifiedBackup(kind);
        if (id == null) {
            throw UpgradeException.notReady("no verified " + kind + " backup is recorded in this session (run 'backup " + kind + "' first)");
        }
        return id;
    }

    /** The session's verified backups as the engine sees them (re-described from their manifests, with their source). */
    static List<BackupRecord> recorded(UpgradeSession s) {
        List<BackupRecord> out = new ArrayList<>();
        for (UpgradeSession.BackupRecord b : s.getBackups()) {
            if (!b.verified() || b.path() == null || !Files.isDirectory(Path.of(b.path()))) {
                continue;
            }
            BackupRecord onDisk = BackupStore.describe(Path.of(b.path()));
            // the digest the session recorded when the backup was made, not the one on disk now: a rewritten manifest shows
            out.add(new BackupRecord(onDisk.id(), onDisk.kind(), onDisk.path(), onDisk.createdAt(), onDisk.bytes(), onDisk.files(),
                    onDisk.verified(), b.manifestSha256() != null ? b.manifestSha256() : onDisk.manifestSha256(), onDisk.via(),
                    onDisk.source(), onDisk.detail()));
        }
        return out;
    }

    /** The manifest digests the session recorded, by backup folder path (kept outside the backups themselves). */
    static java.util.Map<String, String> ledger(UpgradeSession s) {
        java.util.Map<String, String> out = new java.util.HashMap<>();
        for (UpgradeSession.BackupRecord b : s.getBackups()) {
            if (b.path() != null && b.manifestSha256() != null) {
                out.put(Path.of(b.path()).toAbsolutePath().normalize().toString(), b.manifestSha256());
            }
        }
        return out;
    }

    /** Whether the session records a verified backup of {@code kind} whose folder is still there. */
    static boolean hasVerified(UpgradeSession s, BackupKind kind) {
        return s.getBackups().stream().anyMatch(b -> b.verified() && kind.label().equals(b.kind()) && b.path() != null
                && Files.isDirectory(Path.of(b.path())));
    }

    private Path root(String given) {
        return given == null || given.isBlank() ? ws.backupRoot() : VerifyCommands.userPath(given);
    }

    /** The backup root to look an id up in; a path needs no session (then the root is never used). */
    private Path rootForLookup(String idOrPath) {
        if (idOrPath != null && idOrPath.contains("/") && !ws.hasSession()) {
            return Path.of(idOrPath).toAbsolutePath().getParent();
        }
        return root(null);
    }

    private Path sessionMetaDir(String command) {
        String m = ws.session().getMetaDir();
        if (m == null || m.isBlank()) {
            throw UpgradeException.notReady(command + ": the session has no meta dir (run 'session set meta-dir DIR')");
        }
        return Path.of(m);
    }

    private static boolean samePath(String a, String b) {
        return a != null && b != null && Path.of(a).toAbsolutePath().normalize().equals(Path.of(b).toAbsolutePath().normalize());
    }

    private static ConfigFile config(UpgradeSession s) {
        if (s.getConfigFile() == null || !Files.isRegularFile(Path.of(s.getConfigFile()))) {
            return null;
        }
        return ConfigFile.parse(Path.of(s.getConfigFile()));
    }

    private static void renderMade(Text t, BackupRecord r) {
        t.line(t.style().ok("backup " + r.id() + " made and verified") + " (" + r.kind().label() + ", " + r.files() + " files, "
                + Text.bytes(r.bytes()) + ")");
        t.kv("path", r.path()).kv("via", r.via()).kv("source", r.source()).kv("manifest sha256", r.manifestSha256());
        t.line(t.style().dim(r.detail()));
    }

    /** Availability of the restore commands: reads the session only, never the disk beyond backup folders. */
    @Configuration(proxyBeanMethods = false)
    public static class Availabilities {
        @Bean
        AvailabilityProvider restoreMetastoreAvailability(Workspace ws) {
            return () -> {
                // an empty or missing meta dir has nothing to lose: the engine's own check lets that restore through
                if (ws.hasSession() && nothingThere(ws.session().getMetaDir())) {
                    return Availability.available();
                }
                return needVerified(ws, BackupKind.META_DIR, "'restore metastore' needs a verified copy of the meta dir to roll back to");
            };
        }

        @Bean
        AvailabilityProvider restoreMetaDirAvailability(Workspace ws) {
            return () -> needVerified(ws, BackupKind.META_DIR, "there is nothing to roll back to");
        }

        private static boolean nothingThere(String dir) {
            if (dir == null || dir.isBlank() || !Files.isDirectory(Path.of(dir))) {
                return true;
            }
            try (var list = Files.list(Path.of(dir))) {
                return list.findAny().isEmpty();
            } catch (java.io.IOException e) {
                return false;
            }
        }

        private static Availability needVerified(Workspace ws, BackupKind kind, String why) {
            if (!ws.hasSession()) {
                return Availability.unavailable("no session is open (run 'session new NAME --from VERSION' or 'session open NAME')");
            }
            UpgradeSession s = ws.session();
            if (!hasVerified(s, kind)) {
                return Availability.unavailable("session '" + s.getName() + "' has no verified " + kind.label() + " backup recorded; "
                        + why + " (run 'backup " + kind.label() + "' first)");
            }
            return Availability.available();
        }
    }
}
