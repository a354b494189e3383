package io.influxupgrade.commands.backup;

import io.influxupgrade.commands.config.ConfigFile;
import io.influxupgrade.commands.session.UpgradeSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Is the session's service running? Its backup and HTTP ports (from the session's config), the package's pid file
 * (for the package's config), and influxd processes, except those started with a {@code -config} other than the
 * session's (another instance on the same machine, e.g. a test server). Every command asks this one probe.
 */
public final class ServiceProbes {

    private static final Path PACKAGE_PID_FILE = Path.of("/var/run/influxdb/influxd.pid");

    private ServiceProbes() {
    }

    public static ServiceProbe forSession(UpgradeSession s) {
        ConfigFile config = config(s);
        String backup = BackupAddress.of(config, s.from(), null).hostPort(); // [meta] bind-address on 0.10/0.11
        String http = address(config, "http", "127.0.0.1:" + s.httpPort());
        String configPath = s.getConfigFile();
        Path pidFile = configPath == null || configPath.startsWith("/etc/influxdb/") ? PACKAGE_PID_FILE : null;
        ServiceProbe system = ServiceProbe.system(pidFile, List.of(backup, http));
        return () -> system.evidence().stream().filter(line -> !otherInstance(line, s)).toList();
    }

    /** A {@code bind-address} of the config (top level for {@code section} ""), made loopback when it names no host. */
    private static String address(ConfigFile f, String section, String fallback) {
        if (f != null) {
            for (ConfigFile.Entry e : f.entries()) {
                if (e.section().equals(section) && e.index() == null && e.key().equals("bind-address")
                        && e.value() instanceof String v && !v.isBlank()) {
                    return v.startsWith(":") ? "127.0.0.1" + v : v;
                }
            }
        }
        return fallback;
    }

    private static ConfigFile config(UpgradeSession s) {
        try {
            return s.getConfigFile() == null || !Files.isRegularFile(Path.of(s.getConfigFile())) ? null
                    : ConfigFile.parse(Path.of(s.getConfigFile()));
        } catch (RuntimeException e) {
            return null; // a broken config is reported by 'config diff'; the probe falls back to the defaults
        }
    }

    /**
     * True when an influxd process is not the session's: it was started with a {@code -config} that is neither the
     * session's config nor the one 'config migrate' wrote for it, and whose {@code [meta] dir} is not the session's meta
     * dir (a second instance on the host, another test server). A process whose config cannot be read, or that names
     * no config, counts as the session's: better a refusal too many than a write into a meta dir a server owns.
     */
    static boolean otherInstance(String evidence, UpgradeSession s) {
        if (!evidence.startsWith("influxd process ")) {
            return false;
        }
        long pid;
        try {
            pid = Long.parseLong(evidence.split(" ")[2]);
        } catch (RuntimeException e) {
            return false;
        }
        Optional<String[]> args = ProcessHandle.of(pid).flatMap(p -> p.info().arguments());
        String cfg = args.map(ServiceProbes::configArgument).orElse(null);
        if (cfg == null) {
            return false;
        }
        Path config = Path.of(cfg).toAbsolutePath().normalize();
        for (String ours : new String[] {s.getConfigFile(), s.getMigratedConfig()}) {
            if (ours != null && Path.of(ours).toAbsolutePath().normalize().equals(config)) {
                return false;
            }
        }
        if (s.getMetaDir() == null) {
            return s.getConfigFile() != null; // as before: a config that is not the session's is another instance
        }
        try {
            for (ConfigFile.Entry e : ConfigFile.parse(config).entries()) {
                if (e.section().equals("meta") && e.index() == null && e.key().equals("dir") && e.value() instanceof String dir) {
                    return !Path.of(dir).toAbsolutePath().normalize().equals(Path.of(s.getMetaDir()).toAbsolutePath().normalize());
                }
            }
        } catch (RuntimeException e) {
            return false;
        }
        return false;
    }

    private static String configArgument(String[] a) {
        for (int i = 0; i < a.length; i++) {
            if ((a[i].equals("-config") || a[i].equals("--config")) && i + 1 < a.length) {
                return a[i + 1];
            }
            if (a[i].startsWith("-config=") || a[i].startsWith("--config=")) {
                return a[i].substring(a[i].indexOf('=') + 1);
            }
        }
        return null;
    }
}
