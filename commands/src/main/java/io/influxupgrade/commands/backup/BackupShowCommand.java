package io.influxupgrade.commands.backup;

import io.influxupgrade.commands.UpgradeException;

import java.nio.file.Path;

/** {@code backup show ID}: the full record of one backup folder (by id under the root, or by path). */
public final class BackupShowCommand {

    public record Request(Path backupRoot, String idOrPath) {
    }

    public BackupRecord run(Request request) {
        Path folder = new BackupStore(request.backupRoot()).resolve(request.idOrPath()).orElseThrow(() ->
                UpgradeException.usage("backup show: no backup '" + request.idOrPath() + "' in " + request.backupRoot()
                        + " (run 'backup list')"));
        return BackupStore.describe(folder);
    }
}
