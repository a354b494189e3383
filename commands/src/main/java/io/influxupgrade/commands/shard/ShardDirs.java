package io.influxupgrade.commands.shard;

import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.session.UpgradeSession;
import io.influxupgrade.commands.session.Workspace;

import java.nio.file.Path;

/**
 * Where the shard commands read: the dir given as an option, else the session's. Without a session {@code shard list}
 * and {@code shard verify} need {@code --data-dir}; a missing wal dir is not an error (the command goes on without the
 * WAL and says so).
 */
final class ShardDirs {

    private ShardDirs() {
    }

    /** {@code needsWal}: say that {@code --wal-dir} is needed too to count unflushed writes. */
    static Path dataDir(Workspace ws, String command, Path given, boolean needsWal) {
        if (given != null) {
            return given;
        }
        if (!ws.hasSession()) {
            throw UpgradeException.usage(command + ": no session open: give --data-dir DIR" + (needsWal ? " (and --wal-dir DIR to count "
                    + "unflushed writes)" : "") + " (or open a session with 'session open NAME')");
        }
        UpgradeSession s = ws.session();
        if (s.getDataDir() == null) {
            throw UpgradeException.notReady(command + ": session '" + s.getName() + "' has no data dir (run 'session set data-dir DIR' "
                    + "or give --data-dir DIR)");
        }
        return Path.of(s.getDataDir());
    }

    /** The wal dir, or null when neither the option nor a session names one. */
    static Path walDir(Workspace ws, Path given) {
        if (given != null) {
            return given;
        }
        if (!ws.hasSession()) {
            return null;
        }
        UpgradeSession s = ws.session();
        return s.getWalDir() == null ? null : Path.of(s.getWalDir());
    }

    static Path metaSource(Workspace ws, Path given) {
        if (given != null) {
            return given;
        }
        if (!ws.hasSession()) {
            throw UpgradeException.usage("shard reconcile: no session open: give --meta SOURCE (a meta dir, meta.db or metastore backup) "
                    + "and --data-dir DIR, or open a session with 'session open NAME'");
        }
        UpgradeSession s = ws.session();
        if (s.getMetaDir() == null) {
            throw UpgradeException.notReady("shard reconcile: session '" + s.getName() + "' has no meta dir "
                    + "(run 'session set meta-dir DIR' or give --meta SOURCE)");
        }
        return Path.of(s.getMetaDir());
    }
}
