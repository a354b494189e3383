package io.influxupgrade.commands.backup;

import io.influxupgrade.commands.Progress;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.backup.model.BackupKind;
import io.influxupgrade.commands.backup.model.BackupRecord;

import java.nio.file.Path;

/**
 * {@code backup meta-dir}: copies the whole meta directory (raft.db, peers.json, node.json, meta.db, snapshots,
 * whatever is there) into a new verified backup folder under the backup root. The returned record is verified:
 * the copy was re-read and matched its manifest before the folder lost its {@code .partial} suffix.
 */
public final class BackupMetaDirCommand {

    /** {@code metaDir}: the [meta] dir to copy; {@code backupRoot}: the session's backup root or {@code --to}. */
    public record Request(Path metaDir, Path backupRoot) {
    }

    private final BackupEnv env;

    public BackupMetaDirCommand() {
        this(BackupEnv.SYSTEM);
    }

    public BackupMetaDirCommand(BackupEnv env) {
        this.env = env;
    }

    /**
     * The session's {@code backup meta-dir}: its meta dir into {@code to} (null: the session's backup root), recorded
     * in the session's ledger; completes the plan's backup-meta-dir step.
     */
    public io.influxupgrade.commands.StepResult<BackupRecord> run(io.influxupgrade.commands.session.Workspace ws,
                                                                          Path to, Progress progress) {
        Path metaDir = io.influxupgrade.commands.session.SessionPaths.of(ws.session()).requireMetaDir("backup meta-dir");
        BackupRecord r = run(new Request(metaDir, to == null ? ws.backupRoot() : to.toAbsolutePath()), progress);
        return new io.influxupgrade.commands.StepResult<>(BackupLedger.of(ws.session()).add(r),
                io.influxupgrade.commands.StepIds.BACKUP_META_DIR);
    }

    public BackupRecord run(Request request) {
        return run(request, Progress.NONE);
    }

    public BackupRecord run(Request request, Progress progress) {
        return run(request, progress, true);
    }

    /** {@code journal} false: the caller's journaled operation (a rollback) covers this backup. */
    BackupRecord run(Request request, Progress progress, boolean journal) {
        if (request.metaDir() == null || request.backupRoot() == null) {
            throw UpgradeException.usage("backup meta-dir: the meta dir and the backup root are required");
        }
        VerifiedCopy.Scan scan = VerifiedCopy.scan(request.metaDir());
        Path source = scan.root();
        if (new BackupStore(request.backupRoot()).root().startsWith(source)) {
            throw UpgradeException.usage("backup meta-dir: the backup root " + request.backupRoot()
                    + " is inside the meta dir " + source + " (choose another place with --to)");
        }
        BackupStore store = new BackupStore(request.backupRoot());
        return store.create(BackupKind.META_DIR, source.toString(), scan.bytes(), env, files -> {
            progress.start("backup meta-dir " + source, scan.bytes());
            try {
                VerifiedCopy.Result r = VerifiedCopy.copyTree(source, files, progress);
                String detail = r.files() + " files, " + scan.dirs() + " dirs" + (scan.links() > 0 ? ", " + scan.links()
                        + " symbolic links recorded (not followed)" : "");
                return new BackupStore.Filled(r.entries(), "copy", source.toString(), detail, r.writtenFiles(), r.writtenDirs());
            } finally {
                progress.finish();
            }
        }, journal);
    }
}
