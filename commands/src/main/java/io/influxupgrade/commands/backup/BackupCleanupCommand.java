package io.influxupgrade.commands.backup;

import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code backup cleanup}: after an interrupted backup or restore, removes what it left ({@code .partial} backup
 * folders, this tool's temp files in the backup root and in the target meta dir) and its {@code pending.json}.
 * Never touches a finished backup or any file the operation did not create. {@link #pending} is what the next
 * start reports (with the offer to resume or clean up).
 */
public final class BackupCleanupCommand {

    /** {@code journalDir}: the backup root or session dir holding {@code pending.json}. */
    public record Request(Path journalDir) {
    }

    public PendingOperations.CleanUp run(Request request) {
        return PendingOperations.cleanUp(request.journalDir());
    }

    /** The interrupted operation in {@code journalDir}, if any. */
    public static Optional<PendingOperations.Interrupted> pending(Path journalDir) {
        return PendingOperations.find(journalDir);
    }
}
