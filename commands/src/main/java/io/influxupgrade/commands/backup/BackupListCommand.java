package io.influxupgrade.commands.backup;

import io.influxupgrade.commands.backup.model.BackupRecord;

import java.nio.file.Path;
import java.util.List;

/** {@code backup list}: every backup folder under a backup root, newest first; a partial folder is never verified. */
public final class BackupListCommand {

    public record Request(Path backupRoot) {
    }

    /** JSON: {@code {"backups":[{"id","kind","path","createdAt","bytes","verified"}]}}. */
    public record BackupList(List<BackupRecord.Summary> backups, @com.fasterxml.jackson.annotation.JsonIgnore Path root) {
        public List<List<String>> rows() {
            return backups.stream().map(b -> List.of(b.id(), b.kind().label(), String.valueOf(b.createdAt()),
                    Long.toString(b.bytes()), b.verified() ? "verified" : "NOT verified", b.path())).toList();
        }
    }

    /** The session's {@code backup list [--root DIR]}: {@code root} null is the session's backup root. */
    public BackupList run(io.influxupgrade.commands.session.Workspace ws, Path root) {
        return run(new Request(root == null ? ws.backupRoot() : root.toAbsolutePath()));
    }

    public BackupList run(Request request) {
        return new BackupList(new BackupStore(request.backupRoot()).list().stream().map(BackupRecord::summary).toList(),
                request.backupRoot());
    }
}
