package io.influxupgrade.shell.command;

import io.influxupgrade.commands.StepResult;
import io.influxupgrade.commands.backup.BackupCleanupCommand;
import io.influxupgrade.commands.backup.BackupListCommand;
import io.influxupgrade.commands.backup.BackupMetaDirCommand;
import io.influxupgrade.commands.backup.BackupMetastoreCommand;
import io.influxupgrade.commands.backup.BackupShowCommand;
import io.influxupgrade.commands.backup.BackupVerifyCommand;
import io.influxupgrade.commands.backup.PendingOperations;
import io.influxupgrade.commands.backup.RestoreMetaDirCommand;
import io.influxupgrade.commands.backup.RestoreMetastoreCommand;
import io.influxupgrade.commands.backup.Via;
import io.influxupgrade.commands.backup.model.BackupRecord;
import io.influxupgrade.commands.session.Workspace;
import io.influxupgrade.shell.core.Journaled;
import io.influxupgrade.shell.render.BackupView;
import io.influxupgrade.shell.render.Output;
import io.influxupgrade.shell.render.ProgressBars;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.shell.AvailabilityProvider;
import org.springframework.shell.command.annotation.Command;
import org.springframework.shell.command.annotation.CommandAvailability;
import org.springframework.shell.command.annotation.Option;
import org.springframework.shell.command.annotation.OptionValues;

import java.nio.file.Path;

/**
 * Adapters for {@code backup meta-dir|metastore|list|show|verify|cleanup}, {@code restore metastore} and
 * {@code restore meta-dir}. Every backup made (including the safety backup a rollback takes first) is recorded in
 * the session; {@code backup verify} updates the recorded verified flag.
 */
@Command(group = "Backup")
public record BackupCommands(Workspace ws, Output out, ProgressBars bars) {

    @Journaled
    @Command(command = {"backup", "meta-dir"}, description = "Copy the whole meta directory (raft.db, peers.json, node.json, meta.db, "
            + "snapshots, whatever is there) into a new 0700 backup folder with a SHA-256 manifest, re-read it against the "
            + "manifest and record it in the session. Example: backup meta-dir --to /srv/backups")
    public void metaDir(
            @Option(label = "DIR", longNames = "to", description = "backup root (default: the session's backup root)")
            @OptionValues(provider = "paths") Path to) {
        StepResult<BackupRecord> r = new BackupMetaDirCommand().run(ws, to, bars.bytes());
        out.emit(r, t -> BackupView.made(t, r.result()));
    }

    @Journaled
    @Command(command = {"backup", "metastore"}, description = "Export the metastore to a legacy meta.NN in a new verified backup "
            + "folder: --via influxd runs 'influxd backup' (binary from PATH, -host from the config: [meta] bind-address on 0.10/0.11, the top-level one on 0.12+, or --host) against the "
            + "running old server, --via native writes it from the offline meta dir, auto picks influxd only when that binary is "
            + "the old version and its backup port answers. The export is decoded back and compared with its source first. "
            + "Example: backup metastore --via influxd")
    public void metastore(
            @Option(label = "DIR", longNames = "to", description = "backup root (default: the session's backup root)")
            @OptionValues(provider = "paths") Path to,
            @Option(label = "influxd|native|auto", longNames = "via", description = "influxd|native|auto (default auto)")
            @OptionValues(provider = "viaValues") Via via,
            @Option(longNames = "accept-snapshot-only", description = "0.10/0.11: export the raft snapshot alone, losing the "
                    + "raft log entries written after it") boolean acceptSnapshotOnly,
            @Option(label = "HOST:PORT", longNames = "host", description = "the old server's backup address for influxd backup "
                    + "-host (default: [meta] bind-address on 0.10/0.11, the top-level bind-address on 0.12+)") String host) {
        StepResult<BackupRecord> r = new BackupMetastoreCommand().run(ws, to, via, acceptSnapshotOnly, host);
        out.emit(r, t -> BackupView.made(t, r.result()));
    }

    @Command(command = {"backup", "list"}, description = "List the backup folders under the backup root, newest first "
            + "(a partial folder is never verified). Example: backup list")
    public void list(
            @Option(label = "DIR", longNames = "root", description = "backup root (default: the session's backup root)")
            @OptionValues(provider = "paths") Path root) {
        BackupListCommand.BackupList l = new BackupListCommand().run(ws, root);
        out.emit(l, t -> BackupView.list(t, l));
    }

    @Command(command = {"backup", "show"}, description = "Show one backup: kind, size, files, manifest checksum, how it was "
            + "made and from what. Example: backup show meta-dir-20260101T120000Z")
    public void show(
            @Option(label = "ID|PATH", arityMax = 1, longNames = "id", required = true, description = "backup id or folder path")
            @OptionValues(provider = "backupIds") String id) {
        BackupRecord r = new BackupShowCommand().run(ws, id);
        out.emit(r, t -> BackupView.show(t, r));
    }

    @Journaled
    @Command(command = {"backup", "verify"}, description = "Re-read every file of a backup and check it against its manifest "
            + "(SHA-256, size, mode, owner); exit 4 on a tampered, missing or extra file, or no manifest. Updates the "
            + "session's verified flag. Example: backup verify meta-dir-20260101T120000Z")
    public void verify(
            @Option(label = "ID|PATH", arityMax = 1, longNames = "id", required = true, description = "backup id or folder path")
            @OptionValues(provider = "backupIds") String id) {
        BackupVerifyCommand.Verified v = new BackupVerifyCommand().verify(ws, id);
        out.emit(v.report(), t -> BackupView.verified(t, v, id));
    }

    @Journaled
    @Command(command = {"backup", "cleanup"}, description = "After an interrupted backup or restore, remove what it left "
            + "(.partial backup folders, this tool's temp files) and its pending.json; never touches a finished backup. "
            + "Example: backup cleanup")
    public void cleanup() {
        PendingOperations.CleanUp c = new BackupCleanupCommand().run(new BackupCleanupCommand.Request(ws.backupRoot()));
        out.emit(c, t -> BackupView.cleanedUp(t, c));
    }

    @Journaled
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
            @OptionValues(provider = "paths") Path metaDir,
            @Option(label = "influxd|native|auto", longNames = "via", description = "influxd|native|auto (default auto)")
            @OptionValues(provider = "viaValues") Via via,
            @Option(longNames = "dry-run", description = "only show what would be written and removed") boolean dryRun,
            @Option(longNames = "force", description = "restore over a newer meta.db") boolean force) {
        StepResult<RestoreMetastoreCommand.RestoreReport> rep = new RestoreMetastoreCommand().run(ws, from, metaDir, via, dryRun, force);
        out.emit(rep, t -> BackupView.restored(t, rep.result()));
    }

    @Journaled
    @Command(command = {"restore", "meta-dir"}, description = "Roll the meta dir back to a 'backup meta-dir' copy: first backs up "
            + "what is there now (recorded in the session), then puts the copy back exactly (bytes, modes, owners). "
            + "Example: restore meta-dir --from meta-dir-20260101T120000Z --dry-run")
    @CommandAvailability(provider = "restoreMetaDirAvailability")
    public void restoreMetaDir(
            @Option(label = "ID", longNames = "from", required = true, description = "meta-dir backup id, 'latest' (or folder path)")
            @OptionValues(provider = "backupIds") String from,
            @Option(longNames = "dry-run", description = "only show what would be written and removed") boolean dryRun) {
        RestoreMetaDirCommand.RollbackReport rep = new RestoreMetaDirCommand().run(ws, from, dryRun);
        out.emit(rep, t -> BackupView.rolledBack(t, rep));
    }

    /** Availability of the restore commands: the engine says why not (it reads the session, never the disk beyond backup folders). */
    @Configuration(proxyBeanMethods = false)
    public static class Availabilities {
        @Bean
        AvailabilityProvider restoreMetastoreAvailability(Workspace ws) {
            return () -> Adapters.availability(RestoreMetastoreCommand.unavailable(ws));
        }

        @Bean
        AvailabilityProvider restoreMetaDirAvailability(Workspace ws) {
            return () -> Adapters.availability(RestoreMetaDirCommand.unavailable(ws));
        }
    }
}
