package io.influxupgrade.commands.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.influxupgrade.commands.Json;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.fs.AtomicFiles;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Takes a baseline of the connected server ({@link BaselineCollector}) and writes it atomically, mode 0600,
 * to {@code <baselineDir>/<name>.json}. The file holds names, settings and counts, never a password.
 */
public final class VerifyBaselineCommand {

    public static final String DEFAULT_NAME = "baseline";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** {@code name} defaults to {@value #DEFAULT_NAME}; {@code counts} = last N shard groups to count points in (0 = none). */
    public record Request(String name, int counts, Path baselineDir) {
    }

    /** What was recorded. */
    public record BaselineSummary(String name, String file, String url, String serverVersion, int databases,
                                  int retentionPolicies, int continuousQueries, int subscriptions, int shards, int users,
                                  int pointCounts, List<String> notes) {
        /** Rows for a two-column text table. */
        public List<List<String>> rows() {
            return List.of(List.of("baseline", name), List.of("file", file), List.of("server", url + " (" + serverVersion + ")"),
                    List.of("databases", String.valueOf(databases)), List.of("retention policies", String.valueOf(retentionPolicies)),
                    List.of("continuous queries", String.valueOf(continuousQueries)),
                    List.of("subscriptions", String.valueOf(subscriptions)), List.of("shards", String.valueOf(shards)),
                    List.of("users", String.valueOf(users)), List.of("point counts", String.valueOf(pointCounts)));
        }
    }

    private final Clock clock;

    public VerifyBaselineCommand(Clock clock) {
        this.clock = clock;
    }

    public BaselineSummary run(InfluxQuery client, Request request) {
        String name = checkName(request.name());
        if (request.counts() < 0) {
            throw UpgradeException.usage("--counts " + request.counts() + ": must be 0 or more shard groups");
        }
        if (request.baselineDir() == null) {
            throw UpgradeException.usage("verify baseline: no baseline directory (the session has none)");
        }
        Baseline b = new BaselineCollector(client).collect(name, clock.instant(), request.counts(), List.of());
        Path file = request.baselineDir().resolve(name + ".json");
        write(file, b);
        return new BaselineSummary(name, file.toString(), client.url(), b.serverVersion(), b.databases().size(), b.retentionPolicyCount(),
                b.continuousQueryCount(), b.subscriptionCount(), b.shardCount(), b.users().size(), b.counts().size(), b.notes());
    }

    /** Writes a baseline file atomically with mode 0600 (it names users and databases). */
    public static void write(Path file, Baseline b) {
        AtomicFiles.createPrivateDirectory(file.toAbsolutePath().getParent());
        try {
            byte[] bytes = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(b);
            AtomicFiles.write(file, bytes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise baseline " + b.name(), e);
        }
    }

    /** Reads a baseline file: NOT_READY when absent, FAILED when it is not a baseline. */
    public static Baseline read(Path file) {
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw UpgradeException.notReady("baseline " + file + " does not exist (run 'verify baseline' first)");
        }
        Baseline b;
        try {
            b = Json.mapper().readValue(file.toFile(), Baseline.class);
        } catch (java.io.IOException e) {
            if (e instanceof JsonProcessingException j) {
                throw UpgradeException.failed("baseline " + file + " is not a valid baseline (" + InfluxJavaClient.oneLine(j.getOriginalMessage())
                        + "): take a new one with 'verify baseline'", e);
            }
            throw AtomicFiles.ioFailure("read baseline " + file, e);
        }
        if (b == null || b.format() != Baseline.FORMAT) {
            throw UpgradeException.failed("baseline " + file + " has format " + (b == null ? "none" : b.format())
                    + ", this tool reads format " + Baseline.FORMAT + ": take a new one with 'verify baseline'");
        }
        return b;
    }

    static String checkName(String name) {
        String n = name == null || name.isBlank() ? DEFAULT_NAME : name.trim();
        if (!NAME.matcher(n).matches()) {
            throw UpgradeException.usage("--name '" + n + "': use letters, digits, '.', '_' and '-' (up to 64, e.g. before-upgrade)");
        }
        return n;
    }
}
