package io.influxupgrade.commands.session;

import io.influxupgrade.commands.InfluxVersion;
import io.influxupgrade.commands.UpgradeException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Changes one setting of the open session, validating it as {@code session new} would. */
public final class SessionSetCommand {

    /** The keys {@code session set} accepts (also offered by completion). */
    public static final List<String> KEYS = List.of("from", "to", "config", "meta-dir", "data-dir", "wal-dir",
            "service-user", "service-group", "backup-root", "index");

    public record Request(String key, String value) {
    }

    public record Change(String key, String oldValue, String newValue) {
    }

    public Change run(Workspace ws, Request r) {
        UpgradeSession s = ws.session();
        String v = r.value();
        String old;
        switch (r.key()) {
            case "from" -> {
                old = s.getFromVersion();
                InfluxVersion nv = InfluxVersion.parse(v);
                if (nv.compareTo(s.to()) >= 0) {
                    throw UpgradeException.usage("session set from: " + nv + " is not older than the target " + s.to());
                }
                s.setFromVersion(nv.toString());
            }
            case "to" -> {
                old = s.getToVersion();
                InfluxVersion nv = InfluxVersion.parse(v);
                if (s.from() != null && s.from().compareTo(nv) >= 0) {
                    throw UpgradeException.usage("session set to: " + nv + " is not newer than the old version " + s.from());
                }
                s.setToVersion(nv.toString());
            }
            case "config" -> {
                old = s.getConfigFile();
                Path p = Path.of(SessionPaths.expandHome(v)).toAbsolutePath().normalize();
                if (!Files.isRegularFile(p)) {
                    throw UpgradeException.usage("session set config: " + p + " is not a file");
                }
                s.setConfigFile(p.toString());
            }
            case "meta-dir" -> {
                old = s.getMetaDir();
                s.setMetaDir(dir(r.key(), v));
            }
            case "data-dir" -> {
                old = s.getDataDir();
                s.setDataDir(dir(r.key(), v));
            }
            case "wal-dir" -> {
                old = s.getWalDir();
                s.setWalDir(dir(r.key(), v));
            }
            case "service-user" -> {
                old = s.getServiceUser();
                s.setServiceUser(v);
            }
            case "service-group" -> {
                old = s.getServiceGroup();
                s.setServiceGroup(v);
            }
            case "backup-root" -> {
                old = s.getBackupRoot();
                s.setBackupRoot(Path.of(SessionPaths.expandHome(v)).toAbsolutePath().normalize().toString());
            }
            case "index" -> {
                old = s.index();
                if (!v.equals("tsi1") && !v.equals("inmem")) {
                    throw UpgradeException.usage("session set index: '" + v + "' is not an index type (tsi1 or inmem)");
                }
                if (v.equals("tsi1") && !s.to().atLeast(1, 5)) {
                    throw UpgradeException.usage("session set index: tsi1 needs a 1.5+ target (the 1.4 index is experimental and "
                            + "1.5 cannot read it); set 'to' first");
                }
                s.setTargetIndex(v);
            }
            default -> throw UpgradeException.usage("session set: unknown key '" + r.key() + "' (one of " + String.join(", ", KEYS) + ")");
        }
        ws.save();
        return new Change(r.key(), old, v);
    }

    private static String dir(String key, String v) {
        Path p = Path.of(SessionPaths.expandHome(v)).toAbsolutePath().normalize();
        if (!Files.isDirectory(p)) {
            throw UpgradeException.usage("session set " + key + ": " + p + " is not a directory");
        }
        return p.toString();
    }
}
