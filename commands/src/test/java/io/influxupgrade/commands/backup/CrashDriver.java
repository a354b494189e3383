package io.influxupgrade.commands.backup;

import io.influxupgrade.commands.UpgradeException;

import java.nio.file.Path;

/**
 * A separate-JVM driver for the crash tests: runs one backup or restore on a work dir; the parent sets
 * INFLUX_UPGRADE_CRASH_AFTER=N so the JVM halts at the N-th durable step. Exit 0 = completed, 3 = refused.
 */
public final class CrashDriver {

    private CrashDriver() {
    }

    public static void main(String[] args) {
        String scenario = args[0];
        Path work = Path.of(args[1]);
        try {
            switch (scenario) {
                case "backup-meta-dir" -> new BackupMetaDirCommand().run(new BackupMetaDirCommand.Request(work.resolve("meta"), work.resolve("backups")));
                case "backup-metastore" -> new BackupMetastoreCommand().run(new BackupMetastoreCommand.Request(work.resolve("meta"),
                        work.resolve("backups"), Via.NATIVE, null, null, null, false));
                case "restore-metastore" -> {
                    RestoreMetastoreCommand.RestoreReport r = new RestoreMetastoreCommand().run(new RestoreMetastoreCommand.Request(
                            Path.of(args[2]), work.resolve("meta"), Via.NATIVE, false, false, null, ServiceProbe.STOPPED,
                            new BackupStore(work.resolve("backups")).list(), work.resolve("session")));
                    if (r.failed()) {
                        System.err.println(r.failureSummary());
                        System.exit(4);
                    }
                }
                case "restore-meta-dir" -> {
                    RestoreMetaDirCommand.RollbackReport r = new RestoreMetaDirCommand().run(new RestoreMetaDirCommand.Request(
                            args[2], work.resolve("meta"), work.resolve("backups"), false, ServiceProbe.STOPPED));
                    if (r.failed()) {
                        System.err.println(r.failureSummary());
                        System.exit(4);
                    }
                }
                default -> throw new IllegalArgumentException(scenario);
            }
            System.exit(0);
        } catch (UpgradeException e) {
            System.err.println(e.kind() + ": " + e.getMessage());
            System.exit(3);
        }
    }
}
