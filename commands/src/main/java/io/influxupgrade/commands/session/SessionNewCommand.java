package io.influxupgrade.commands.session;

import io.influxupgrade.commands.InfluxVersion;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.config.ConfigFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates an upgrade session: validates the versions, fills paths that were not given from the config
 * file's {@code [meta] dir}, {@code [data] dir} and {@code [data] wal-dir}, saves it and opens it.
 */
public final class SessionNewCommand {

    public record Request(String name, InfluxVersion from, InfluxVersion to, Path config, Path metaDir, Path dataDir, Path walDir,
                          String serviceUser, String serviceGroup, Path backupRoot) {
    }

    /** The new session and what looked wrong but did not stop it (each line starts with a finding id). */
    public record Created(UpgradeSession session, List<String> warnings) {
    }

    public UpgradeSession run(Workspace ws, Request r) {
        return create(ws, r).session();
    }

    /**
     * Creates the session. A meta, data or wal dir that does not exist (yet) is a warning, not a refusal: a freshly
     * started 1.x creates its wal dir with the first write, and an operator may set up the session before the paths.
     */
    public Created create(Workspace ws, Request r) {
        List<String> warnings = new ArrayList<>();
        SessionStore.checkName(r.name());
        if (ws.store().exists(r.name())) {
            throw UpgradeException.usage("session '" + r.name() + "' already exists (run 'session open " + r.name() + "' or choose another name)");
        }
        if (r.from() == null) {
            throw UpgradeException.usage("session new: --from VERSION is required (the InfluxDB version installed now, e.g. 0.11.1 or 1.3)");
        }
        InfluxVersion from = r.from();
        InfluxVersion to = r.to() == null ? InfluxVersion.V1_4 : r.to();
        if (from.compareTo(to) >= 0) {
            throw UpgradeException.usage("session new: --from " + from + " is not older than --to " + to + " (this tool guides upgrades)");
        }
        Path config = r.config() == null ? null : r.config().toAbsolutePath().normalize();
        if (config != null && !Files.isRegularFile(config)) {
            throw UpgradeException.usage("session new: config file " + config + " does not exist (check --config)");
        }
        ConfigFile.ConfigPaths fromConfig = config == null ? new ConfigFile.ConfigPaths(null, null, null) : ConfigFile.paths(config);
        Path meta = pick(r.metaDir(), fromConfig.metaDir(), "meta dir", "--meta-dir", "[meta] dir", config, warnings);
        Path data = pick(r.dataDir(), fromConfig.dataDir(), "data dir", "--data-dir", "[data] dir", config, warnings);
        Path wal = pick(r.walDir(), fromConfig.walDir(), "wal dir", "--wal-dir", "[data] wal-dir", config, warnings);

        UpgradeSession s = new UpgradeSession(r.name(), ws.now());
        s.setFromVersion(from.toString());
        s.setToVersion(to.toString());
        s.setConfigFile(config == null ? null : config.toString());
        s.setMetaDir(meta.toString());
        s.setDataDir(data.toString());
        s.setWalDir(wal.toString());
        if (r.serviceUser() != null) {
            s.setServiceUser(r.serviceUser());
        }
        if (r.serviceGroup() != null) {
            s.setServiceGroup(r.serviceGroup());
        } else if (r.serviceUser() != null) {
            s.setServiceGroup(r.serviceUser());
        }
        if (r.backupRoot() != null) {
            s.setBackupRoot(r.backupRoot().toAbsolutePath().normalize().toString());
        }
        ws.store().save(s);
        ws.adopt(s);
        return new Created(s, List.copyOf(warnings));
    }

    private static Path pick(Path given, String fromConfigText, String what, String option, String key, Path config,
                             List<String> warnings) {
        Path fromConfig = fromConfigText == null || fromConfigText.isBlank() ? null : Path.of(fromConfigText);
        Path p = given != null ? given : fromConfig;
        if (p == null) {
            throw UpgradeException.usage("session new: the " + what + " is unknown: set " + option
                    + (config == null ? " or give --config FILE" : " (" + config + " has no " + key + ")"));
        }
        p = p.toAbsolutePath().normalize();
        if (!Files.isDirectory(p)) {
            String id = "paths." + what.replace(' ', '-') + "-missing";
            warnings.add(id + ": " + what + " " + p + (Files.exists(p) ? " is not a directory" : " does not exist (yet)")
                    + (given == null ? " (from " + key + " in " + config + ")" : "")
                    + "; the session records it anyway (influxd creates it when it first starts or writes;"
                    + " 'session set " + what.replace(' ', '-') + " DIR' changes it)");
        } else if (isEmpty(p)) {
            warnings.add("paths." + what.replace(' ', '-') + "-empty: " + what + " " + p + " is empty");
        }
        return p;
    }

    private static boolean isEmpty(Path dir) {
        try (var s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
