package io.influxupgrade.commands.backup;

import io.influxupgrade.commands.InfluxVersion;
import io.influxupgrade.commands.config.ConfigFile;

/**
 * The address {@code influxd backup -host} must reach, and where it came from: 0.10/0.11 serve backups on the
 * {@code [meta] bind-address} (default {@code :8088}), 0.12 and later on the top-level {@code bind-address}
 * (default {@code 127.0.0.1:8088}); an operator's {@code --host} wins over both. A host-less {@code :PORT} means loopback.
 */
public record BackupAddress(String hostPort, String origin) {

    /** influxd's own default when the config names no address. */
    public static final String DEFAULT = "127.0.0.1:8088";

    /** {@code config} and {@code from} may be null (no config in the session, version unknown: the 1.x key). */
    public static BackupAddress of(ConfigFile config, InfluxVersion from, String override) {
        if (override != null && !override.isBlank()) {
            return new BackupAddress(loopbackIfHostless(override.strip()), "--host");
        }
        boolean raftEra = from != null && from.isRaftEra();
        String meta = raftEra ? value(config, "meta") : null;
        if (meta != null) {
            return new BackupAddress(meta, "[meta] bind-address of the config (0.10/0.11 serve backups there)");
        }
        String top = value(config, "");
        if (top != null) {
            // a hand-edited 0.10/0.11 config without [meta] bind-address: the only address it names
            return new BackupAddress(top, "top-level bind-address of the config"
                    + (raftEra ? " (it sets no [meta] bind-address, where 0.10/0.11 serve backups)" : ""));
        }
        return new BackupAddress(DEFAULT, "influxd's default (the config sets no " + (raftEra ? "[meta] " : "top-level ")
                + "bind-address)");
    }

    /**
     * The address for the session's server: its config (when the file is there) read for the version installed now
     * (the target once 'done install-binary' is recorded, else the old one); {@code override} (--host) wins.
     */
    public static BackupAddress forSession(io.influxupgrade.commands.session.UpgradeSession s, String override) {
        java.nio.file.Path file = io.influxupgrade.commands.session.SessionPaths.of(s).config();
        ConfigFile config = file == null || !java.nio.file.Files.isRegularFile(file) ? null : ConfigFile.parse(file);
        return of(config, s.installed(), override);
    }

    private static String value(ConfigFile config, String section) {
        if (config != null) {
            for (ConfigFile.Entry e : config.entries()) {
                if (e.section().equals(section) && e.index() == null && e.key().equals("bind-address")
                        && e.value() instanceof String v && !v.isBlank()) {
                    return loopbackIfHostless(v.strip());
                }
            }
        }
        return null;
    }

    private static String loopbackIfHostless(String a) {
        return a.startsWith(":") ? "127.0.0.1" + a : a;
    }

    @Override
    public String toString() {
        return hostPort + " (" + origin + ")";
    }
}
