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
        String section = raftEra ? "meta" : "";
        String key = raftEra ? "[meta] bind-address" : "top-level bind-address";
        if (config != null) {
            for (ConfigFile.Entry e : config.entries()) {
                if (e.section().equals(section) && e.index() == null && e.key().equals("bind-address")
                        && e.value() instanceof String v && !v.isBlank()) {
                    return new BackupAddress(loopbackIfHostless(v.strip()), key + " of the config"
                            + (raftEra ? " (0.10/0.11 serve backups there)" : ""));
                }
            }
        }
        return new BackupAddress(DEFAULT, "influxd's default (the config sets no " + key + ")");
    }

    private static String loopbackIfHostless(String a) {
        return a.startsWith(":") ? "127.0.0.1" + a : a;
    }

    @Override
    public String toString() {
        return hostPort + " (" + origin + ")";
    }
}
