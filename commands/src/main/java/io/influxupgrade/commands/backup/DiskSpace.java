package io.influxupgrade.commands.backup;

import io.influxupgrade.commands.UpgradeException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The free-space probe used before every copy; injectable so a test can simulate a full disk. The rule: refuse
 * when the usable space on the target's file system is less than what is needed plus 10%.
 */
@FunctionalInterface
public interface DiskSpace {

    /** Usable bytes on the file system holding {@code dir} (which may not exist yet: its nearest existing ancestor counts). */
    long usableBytes(Path dir) throws IOException;

    /** The real file system. */
    DiskSpace SYSTEM = dir -> {
        Path p = dir.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IOException("no existing ancestor of " + dir);
        }
        return Files.getFileStore(p).getUsableSpace();
    };

    /** Throws UNAVAILABLE, showing the numbers, when {@code needed × 1.1} bytes are not free for {@code what} at {@code target}. */
    default void require(String what, Path target, long needed) {
        long free;
        try {
            free = usableBytes(target);
        } catch (IOException e) {
            throw UpgradeException.unavailable(what + ": cannot read the free space of the file system of " + target + ": " + e.getMessage());
        }
        long withMargin = needed + (needed + 9) / 10;
        if (free < withMargin) {
            throw UpgradeException.unavailable(what + ": not enough free space at " + target + ": need " + needed
                    + " bytes + 10% = " + withMargin + " bytes, but only " + free
                    + " bytes are free (free some space or choose a target on another file system with --to)");
        }
    }
}
