package io.influxupgrade.commands.session;

import io.influxupgrade.commands.InfluxVersion;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Works out which InfluxDB is installed and which one wrote the files: {@code influxd version} of the
 * binary on PATH, and the disk layout (raft.db/peers.json → 0.10/0.11, meta.db → 0.12+, _series → 1.5+).
 */
public final class VersionDetector {

    private static final Pattern VERSION_LINE = Pattern.compile("InfluxDB v?(\\S+)");

    /** What the disk says, with the evidence. {@code minimum}/{@code maximum} may be null. */
    public record LayoutHint(String layout, String evidence, InfluxVersion minimum, InfluxVersion maximum) {
        public boolean contradicts(InfluxVersion v) {
            return v != null && ((minimum != null && v.compareTo(minimum) < 0) || (maximum != null && v.compareTo(maximum) > 0));
        }
    }

    /** The installed binary. */
    public record BinaryVersion(String path, String version, String raw) {
    }

    private VersionDetector() {
    }

    /** An executable on PATH, or empty. {@code INFLUX_UPGRADE_INFLUXD} overrides the lookup. */
    public static Optional<Path> findOnPath(String name) {
        String override = "influxd".equals(name) ? System.getenv("INFLUX_UPGRADE_INFLUXD") : null;
        if (override != null && !override.isBlank()) {
            Path p = Path.of(override);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Runs {@code influxd version}; empty when there is no binary or it does not answer within 5 s. */
    public static Optional<BinaryVersion> binary() {
        return findOnPath("influxd").flatMap(VersionDetector::binary);
    }

    public static Optional<BinaryVersion> binary(Path influxd) {
        try {
            Process p = new ProcessBuilder(influxd.toString(), "version").redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            Matcher m = VERSION_LINE.matcher(out);
            return Optional.of(new BinaryVersion(influxd.toString(), m.find() ? m.group(1) : null, out));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Reads the layout of the meta and data dirs; never throws for missing or unreadable dirs. */
    public static LayoutHint layout(Path metaDir, Path dataDir) {
        List<String> evidence = new ArrayList<>();
        InfluxVersion min = null;
        InfluxVersion max = null;
        String layout = "unknown";
        if (metaDir != null && Files.isDirectory(metaDir)) {
            boolean raft = Files.exists(metaDir.resolve("raft.db"));
            boolean peers = Files.exists(metaDir.resolve("peers.json"));
            boolean metaDb = Files.exists(metaDir.resolve("meta.db"));
            if (raft || peers) {
                layout = "0.10/0.11 (raft metastore)";
                evidence.add(raft ? "raft.db in meta dir" : "peers.json in meta dir");
                min = InfluxVersion.V0_10;
                max = new InfluxVersion(0, 11, 99);
                if (metaDb) {
                    evidence.add("meta.db also present (a restore was run but raft.db was not removed)");
                }
            } else if (metaDb) {
                layout = "0.12+ (meta.db)";
                evidence.add("meta.db in meta dir");
                min = InfluxVersion.V0_12;
            }
        }
        if (dataDir != null && Files.isDirectory(dataDir) && hasSeriesFile(dataDir)) {
            evidence.add("data/<db>/_series present");
            if (min == null || min.compareTo(new InfluxVersion(1, 5, 0)) < 0) {
                min = new InfluxVersion(1, 5, 0);
            }
            layout = "1.5+ (series file)";
        }
        return new LayoutHint(layout, evidence.isEmpty() ? "no InfluxDB files found" : String.join("; ", evidence), min, max);
    }

    private static boolean hasSeriesFile(Path dataDir) {
        try (Stream<Path> dbs = Files.list(dataDir)) {
            return dbs.anyMatch(db -> Files.isDirectory(db.resolve("_series"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        } catch (IOException e) {
            return false;
        }
    }
}
