package io.influxupgrade.commands.meta;

import io.influxupgrade.commands.UpgradeException;

import java.nio.file.Path;

/** raft.db of a 0.10/0.11 meta dir (BoltDB, bucket {@code logs}: 8-byte big-endian index → msgpack raft.Log). */
public final class RaftLogs {

    private RaftLogs() {
    }

    /** Number of log entries whose index is above {@code snapshotIndex}. */
    public static long countAfter(Path raftDb, long snapshotIndex) {
        throw UpgradeException.unavailable("raft.db " + raftDb + ": bolt reader not merged yet");
    }
}
