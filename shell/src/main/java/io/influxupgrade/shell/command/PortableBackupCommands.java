package io.influxupgrade.shell.command;

import io.influxupgrade.commands.backup.PortableBackupCommand;
import io.influxupgrade.commands.backup.PortableRestoreCommand;
import io.influxupgrade.commands.backup.model.BackupRecord;
import io.influxupgrade.commands.session.Workspace;
import io.influxupgrade.shell.core.Journaled;
import io.influxupgrade.shell.render.BackupView;
import io.influxupgrade.shell.render.Output;
import org.springframework.shell.command.annotation.Command;
import org.springframework.shell.command.annotation.Option;
import org.springframework.shell.command.annotation.OptionValues;

import java.nio.file.Path;

/** Adapters for {@code backup portable} and {@code restore portable} (1.5+, issue 18): the backup kind a 1.5+ plan records. */
@Command(group = "Backup")
public record PortableBackupCommands(Workspace ws, Output out) {

    @Journaled
    @Command(command = {"backup", "portable"}, description = "Run 'influxd backup -portable' (1.5+) against the running server into a "
            + "new backup folder: every file 0600, the manifest, meta and every shard archive decoded, then our SHA-256 manifest; "
            + "recorded in the session. Example: backup portable --db telegraf")
    public void backup(
            @Option(label = "DIR", longNames = "to", description = "backup root (default: the session's backup root)") @OptionValues(provider = "paths") Path to,
            @Option(label = "HOST:PORT", longNames = "host", description = "the server's backup address (default: the config's bind-address)") String host,
            @Option(label = "DB", longNames = "db", description = "only this database (default: all)") String db) {
        BackupRecord r = new PortableBackupCommand().run(ws, to, host, db);
        out.emit(new io.influxupgrade.commands.StepResult<>(r, io.influxupgrade.commands.StepIds.BACKUP_PORTABLE),
                t -> BackupView.madePortable(t, r));
    }

    @Journaled
    @Command(command = {"restore", "portable"}, description = "Put a portable backup back into the running 1.5+ server with "
            + "'influxd restore -portable', after checking it against its manifest and the digest the session recorded; a database "
            + "that exists is refused by the server: use --db DB --newdb NEW. Example: restore portable --from latest --db telegraf --newdb telegraf_restored")
    public void restore(
            @Option(label = "ID|latest|PATH", longNames = "from", required = true, description = "the portable backup") @OptionValues(provider = "backupIds") String from,
            @Option(label = "HOST:PORT", longNames = "host", description = "the server's backup address (default: the config's bind-address)") String host,
            @Option(label = "DB", longNames = "db", description = "only this database of the backup") String db,
            @Option(label = "NAME", longNames = "newdb", description = "restore --db under this name") String newDb,
            @Option(longNames = "dry-run", description = "check the backup and show the command; send nothing") boolean dryRun) {
        PortableRestoreCommand.PortableRestore r = new PortableRestoreCommand().run(ws, from, host, db, newDb, dryRun);
        out.emit(r, t -> BackupView.restoredPortable(t, r));
    }
}
