package io.influxupgrade.commands.session;

import io.influxupgrade.commands.UpgradeException;

import java.nio.file.Path;

/**
 * The session's paths, typed: the config file and the meta, data and wal dirs as the session records them (each
 * resolved once, when it was set), and the one place where a path an operator typed is read ({@link #typed}).
 * Commands ask for a path here, and a missing one is the same NOT_READY error with the same fix everywhere.
 */
public record SessionPaths(Path config, Path metaDir, Path dataDir, Path walDir) {

    /** The open session's paths (nulls where the session has none). */
    public static SessionPaths of(UpgradeSession s) {
        return new SessionPaths(path(s.getConfigFile()), path(s.getMetaDir()), path(s.getDataDir()), path(s.getWalDir()));
    }

    /**
     * A path as an operator typed it: {@code ~} and {@code ~/x} are the home directory, blank is null. Relative paths
     * stay relative (the commands that record them make them absolute).
     */
    public static Path typed(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        return Path.of(expandHome(text));
    }

    /** {@code text} with a leading {@code ~} or {@code ~/} as the home directory (batch lines pass no shell that would). */
    public static String expandHome(String text) {
        if (text.equals("~") || text.startsWith("~/")) {
            return System.getProperty("user.home") + text.substring(1);
        }
        return text;
    }

    /** {@link #typed}, made absolute. */
    public static Path absolute(String text) {
        Path p = typed(text);
        return p == null ? null : p.toAbsolutePath();
    }

    /** The meta dir, or NOT_READY naming {@code command} and the fix. */
    public Path requireMetaDir(String command) {
        return require(metaDir, command, "meta dir", "meta-dir DIR");
    }

    /** The data dir, or NOT_READY naming {@code command} and the fix. */
    public Path requireDataDir(String command) {
        return require(dataDir, command, "data dir", "data-dir DIR");
    }

    /** The config file, or NOT_READY naming {@code command} and the fix. */
    public Path requireConfig(String command) {
        return require(config, command, "config file", "config FILE");
    }

    private static Path require(Path p, String command, String what, String set) {
        if (p == null) {
            throw UpgradeException.notReady(command + ": the session has no " + what + " (run 'session set " + set + "')");
        }
        return p;
    }

    private static Path path(String recorded) {
        return recorded == null || recorded.isBlank() ? null : Path.of(recorded);
    }
}
