package io.influxupgrade.commands.backup;

import io.influxupgrade.commands.UpgradeException;

import java.nio.file.Path;

/**
 * {@code backup verify ID|PATH}: re-reads every file of a backup folder and checks it against the manifest; the
 * report fails (exit 4) on a missing manifest, a tampered, missing or extra file, or a partial folder.
 */
public final class BackupVerifyCommand {

    public record Request(Path backupRoot, String idOrPath) {
    }

    public BackupVerifier.Report run(Request request) {
        Path folder = new BackupStore(request.backupRoot()).resolve(request.idOrPath()).orElseThrow(() ->
                UpgradeException.usage("backup verify: no backup '" + request.idOrPath() + "' in " + request.backupRoot()
                        + " (run 'backup list')"));
        return BackupVerifier.verify(folder);
    }
}
