package io.influxupgrade.commands.backup;

import io.influxupgrade.commands.UpgradeException;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * {@code backup verify ID|PATH}: re-reads every file of a backup folder and checks it against the manifest; the
 * report fails (exit 4) on a missing manifest, a tampered, missing or extra file, or a partial folder. A folder a
 * real InfluxDB tool wrote (legacy {@code influxd backup}, portable, a meta dir copy) has no manifest: it is decoded,
 * then imported into the backup root with our own manifest and that copy is verified; with no backup root it is
 * only decoded.
 */
public final class BackupVerifyCommand {

    /** {@code importRoot}: where a foreign backup is imported (the session's backup root), or null. */
    public record Request(Path backupRoot, String idOrPath, Path importRoot, java.util.Map<String, String> ledger) {
        public Request(Path backupRoot, String idOrPath) {
            this(backupRoot, idOrPath, null, null);
        }
    }

    /** The verification, and the backup made by importing a foreign one (null when none was made). */
    public record Verified(BackupVerifier.Report report, BackupRecord imported) {
    }

    public BackupVerifier.Report run(Request request) {
        return verify(request).report();
    }

    public Verified verify(Request request) {
        Path folder = new BackupStore(request.backupRoot()).resolve(request.idOrPath()).orElseThrow(() ->
                UpgradeException.usage("backup verify: no backup '" + request.idOrPath() + "' in " + request.backupRoot()
                        + " (run 'backup list')"));
        if (!Manifest.exists(folder) && !java.nio.file.Files.isDirectory(folder.resolve(Manifest.FILES_DIR))) {
            BackupSource foreign = java.nio.file.Files.isDirectory(folder)
                    ? BackupSource.foreign(folder, MetastoreCodecs.defaultCodec()) : null;
            if (foreign != null) {
                if (request.importRoot() == null) {
                    return new Verified(new BackupVerifier.Report(null, folder.toString(), true, 0, 0, null,
                            List.of()), null);
                }
                BackupRecord imported = BackupImport.run(foreign, request.importRoot(), DiskSpace.SYSTEM, Clock.systemUTC());
                return new Verified(BackupVerifier.verify(Path.of(imported.path())), imported);
            }
        }
        return new Verified(BackupVerifier.verify(folder, BackupVerifier.ledgerDigest(request.ledger(), folder)), null);
    }
}
