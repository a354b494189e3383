package io.influxupgrade.commands.session;

import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.backup.model.BackupRecord;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Turns what an operator types for a backup ({@code latest}, a backup id, or a path) into a folder, the same way
 * for every command that reads a backup: {@code latest} is the session's newest verified backup of the kinds asked
 * for, an id is a backup the session records or a folder of that name under the backup root, anything else a path.
 */
public final class BackupRefs {

    /** The word that stands for the newest verified backup. */
    public static final String LATEST = "latest";

    private BackupRefs() {
    }

    /**
     * The folder or file {@code ref} names, or empty when it names nothing. {@code session} and {@code backupRoot}
     * may be null (no session open): then only paths resolve, and {@code latest} is a NOT_READY error.
     */
    public static Optional<Path> resolve(UpgradeSession session, Path backupRoot, String ref, List<String> kinds) {
        if (ref == null || ref.isBlank()) {
            return Optional.empty();
        }
        String r = ref.strip();
        if (LATEST.equals(r)) {
            return Optional.of(latest(session, kinds));
        }
        if (!r.contains("/") && session != null) {
            BackupRecord rec = session.backup(r);
            if (rec != null && rec.path() != null && Files.exists(Path.of(rec.path()), LinkOption.NOFOLLOW_LINKS)) {
                return Optional.of(Path.of(rec.path()));
            }
            if (backupRoot != null && Files.isDirectory(backupRoot.resolve(r), LinkOption.NOFOLLOW_LINKS)) {
                return Optional.of(backupRoot.resolve(r));
            }
        }
        try {
            Path p = Path.of(r);
            return Files.exists(p) ? Optional.of(p) : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    /** The folder of the session's newest verified backup whose kind is one of {@code kinds}. */
    public static Path latest(UpgradeSession session, List<String> kinds) {
        if (session == null) {
            throw UpgradeException.notReady("'latest' names the newest verified backup of a session, and no session is open "
                    + "(run 'session open NAME' or give the backup's path)");
        }
        return session.getBackups().stream()
                .filter(b -> b.verified() && kinds.contains(b.kind().label()) && b.path() != null
                        && Files.isDirectory(Path.of(b.path()), LinkOption.NOFOLLOW_LINKS))
                .max(Comparator.comparing(BackupRecord::createdAt))
                .map(b -> Path.of(b.path()))
                .orElseThrow(() -> UpgradeException.notReady("no verified " + String.join(" or ", kinds)
                        + " backup is recorded in this session (run 'backup " + kinds.get(0) + "' first)"));
    }
}
