package io.influxupgrade.commands.check;

import io.influxupgrade.commands.session.UpgradeSession;
import io.influxupgrade.commands.session.VersionDetector;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What checks may look at: the session and probes of the machine, each computed once per run and
 * replaceable in tests.
 */
public final class CheckContext {

    private final UpgradeSession session;
    private final Supplier<Optional<VersionDetector.BinaryVersion>> binary;
    private final ServiceProbe service;
    private final Path backupRoot;
    private Optional<VersionDetector.BinaryVersion> binaryCache;
    private final java.util.Map<String, Object> memo = new java.util.HashMap<>();

    public CheckContext(UpgradeSession session, Path backupRoot, Supplier<Optional<VersionDetector.BinaryVersion>> binary,
                        ServiceProbe service) {
        this.session = session;
        this.backupRoot = backupRoot;
        this.binary = binary;
        this.service = service;
    }

    public UpgradeSession session() {
        return session;
    }

    public Path backupRoot() {
        return backupRoot;
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
    public Optional<VersionDetector.BinaryVersion> binary() {
        if (binaryCache == null) {
            binaryCache = binary.get();
        }
        return binaryCache;
    }

    /** Work shared by several checks in one run (a data-dir scan, a metastore read), computed once. */
    @SuppressWarnings("unchecked")
    public <T> T memo(String key, Supplier<T> compute) {
        return (T) memo.computeIfAbsent(key, k -> compute.get());
    }

    public ServiceProbe service() {
        return service;
    }

    private static Path path(String p) {
        return p == null ? null : Path.of(p);
    }
}
