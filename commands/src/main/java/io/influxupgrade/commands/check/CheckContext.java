package io.influxupgrade.commands.check;

import io.influxupgrade.commands.backup.ServiceProbe;
import io.influxupgrade.commands.session.UpgradeSession;
import io.influxupgrade.commands.session.VersionDetector;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What checks may look at: the session and probes of the machine, each computed once per run and
 * replaceable in tests. {@code influxd} asks for the influxd on PATH and its version; {@code memos} holds the work
 * checks share within one run.
 */
public record CheckContext(UpgradeSession session, Path backupRoot, Supplier<Optional<VersionDetector.BinaryVersion>> influxd,
                           ServiceProbe service, Map<String, Object> memos) {

    private static final String BINARY = "influxd on PATH";

    /** A context of its own for one run; influxd is asked for at most once, when a check first wants it ({@link #binary()}). */
    public CheckContext(UpgradeSession session, Path backupRoot, Supplier<Optional<VersionDetector.BinaryVersion>> influxd,
                        ServiceProbe service) {
        this(session, backupRoot, influxd, service, new HashMap<>());
    }

    public Path metaDir() {
        return path(session.getMetaDir());
    }

    public Path dataDir() {
        return path(session.getDataDir());
    }

    public Path walDir() {
        return path(session.getWalDir());
    }

    public Path configFile() {
        return path(session.getConfigFile());
    }

    /** The influxd on PATH and its version (asked once). */
    @SuppressWarnings("unchecked")
    public Optional<VersionDetector.BinaryVersion> binary() {
        Object found = memos.get(BINARY);
        if (found == null) {
            found = influxd.get();
            memos.put(BINARY, found);
        }
        return (Optional<VersionDetector.BinaryVersion>) found;
    }

    /** Work shared by several checks in one run (a data-dir scan, a metastore read), computed once. */
    @SuppressWarnings("unchecked")
    public <T> T memo(String key, Supplier<T> compute) {
        return (T) memos.computeIfAbsent(key, k -> compute.get());
    }

    private static Path path(String p) {
        return p == null ? null : Path.of(p);
    }
}
