package io.influxupgrade.commands.backup;

import java.time.Clock;

/**
 * What taking a backup needs from the machine: the clock that dates (and names) the backup folder, and the free-space
 * probe asked before anything is copied. Tests pass a fixed clock or a full disk.
 */
public record BackupEnv(Clock clock, DiskSpace space) {

    /** The system clock (UTC) and the real file system. */
    public static final BackupEnv SYSTEM = new BackupEnv(Clock.systemUTC(), DiskSpace.SYSTEM);
}
