package io.influxupgrade.commands.backup;

import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.backup.model.BackupKind;
import io.influxupgrade.commands.backup.model.BackupRecord;

import java.nio.file.Path;

/** {@code backup show ID}: the full record of one backup folder (by id under the root, or by path). */
public final class BackupShowCommand {

    public record Request(Path backupRoot, String idOrPath) {
    }

    /** The session's {@code backup show ID|PATH} (a path needs no session). */
    public BackupRecord run(io.influxupgrade.commands.session.Workspace ws, String idOrPath) {
        return run(new Request(BackupVerifyCommand.lookupRoot(ws, idOrPath), idOrPath));
    }

    public BackupRecord run(Request request) {
        Path folder = new BackupStore(request.backupRoot()).resolve(request.idOrPath()).orElseThrow(() ->
                UpgradeException.usage("backup show: no backup '" + request.idOrPath() + "' in " + request.backupRoot()
                        + " (run 'backup list')"));
        if (!Manifest.exists(folder) && java.nio.file.Files.isDirectory(folder)
                && !java.nio.file.Files.isDirectory(folder.resolve(Manifest.FILES_DIR))) {
            BackupSource foreign = BackupSource.foreign(folder, MetastoreCodecs.defaultCodec());
            if (foreign != null) {
                return describeForeign(folder, foreign);
            }
        }
        return BackupStore.describe(folder);
    }

    /** A backup InfluxDB made: what it holds, decoded; not verified against a manifest (it has none of ours yet). */
    private static BackupRecord describeForeign(Path folder, BackupSource src) {
        long bytes = 0;
        int files = 0;
        try (var s = java.nio.file.Files.walk(folder)) {
            for (Path p : s.filter(java.nio.file.Files::isRegularFile).toList()) {
                bytes += java.nio.file.Files.size(p);
                files++;
            }
        } catch (java.io.IOException e) {
            throw io.influxupgrade.commands.fs.AtomicFiles.ioFailure("read " + folder, e);
        }
        java.time.Instant created;
        try {
            created = java.nio.file.Files.getLastModifiedTime(src.metaFile()).toInstant();
        } catch (java.io.IOException e) {
            created = java.time.Instant.EPOCH;
        }
        return new BackupRecord(folder.getFileName().toString(), BackupKind.METASTORE, folder.toString(), created, bytes, files,
                false, null, "influxd (" + src.kind() + ")", folder.toString(), src.verification()
                + "; made by InfluxDB, not yet in the ledger ('backup verify " + folder + "' imports it with a manifest)");
    }
}
