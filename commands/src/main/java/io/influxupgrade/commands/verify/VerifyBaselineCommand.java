package io.influxupgrade.commands.verify;

import io.influxupgrade.commands.codec.GoDuration;
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

    /** The point-count window when none is given: the last day before the baseline (see {@link Request}). */
    public static final String DEFAULT_WINDOW = "24h";

    /**
     * {@code name} defaults to {@value #DEFAULT_NAME}. Points are counted per measurement and field in a window that
     * ends at the baseline's time: {@code window} ({@code 24h}, {@code 7d}, {@code 2w}, any Go duration, or {@code all};
     * null = {@value #DEFAULT_WINDOW}), or the last {@code counts} shard groups when {@code counts > 0};
     * {@code points = false} counts none. Series and measurements per database are always recorded.
     */
    public record Request(String name, int counts, Path baselineDir, String window, boolean points) {
        /** The request of earlier versions: {@code counts} shard groups (0 = no point counts). */
        public Request(String name, int counts, Path baselineDir) {
            this(name, counts, baselineDir, null, counts > 0);
        }
    }

    /** How far back points are counted ({@code --window}): a positive Go duration, whole days or weeks (24h, 7d, 2w), or all. */
    public record PointWindow(String text) {

        /** Parses an option word; a word that is none of these is a usage error with examples. */
        public static PointWindow parse(String word) {
            String w = word.strip();
            if (!w.equalsIgnoreCase("all")) {
                window(w);
            }
            return new PointWindow(w);
        }
    }

    /** What was recorded. */
    public record BaselineSummary(String name, String file, String url, String serverVersion, int databases,
                                  int retentionPolicies, int continuousQueries, int subscriptions, int shards, int users,
                                  int pointCounts, List<String> notes, Long series, int measurements, String pointsWindow) {
        /** Rows for a two-column text table. */
        public List<List<String>> rows() {
            return List.of(List.of("baseline", name), List.of("file", file), List.of("server", url + " (" + serverVersion + ")"),
                    List.of("databases", String.valueOf(databases)), List.of("retention policies", String.valueOf(retentionPolicies)),
                    List.of("continuous queries", String.valueOf(continuousQueries)),
                    List.of("subscriptions", String.valueOf(subscriptions)), List.of("shards", String.valueOf(shards)),
                    List.of("users", String.valueOf(users)),
                    List.of("series", series == null ? "not counted (see notes)" : String.valueOf(series)),
                    List.of("measurements", String.valueOf(measurements)),
                    List.of("point counts", pointsWindow == null ? "none" : pointCounts + " measurements (window: " + pointsWindow + ")"));
        }
    }

    private final Clock clock;

    public VerifyBaselineCommand(Clock clock) {
        this.clock = clock;
    }

    /**
     * The session's {@code verify baseline}: written under the session's folder and recorded in the session as its
     * latest baseline; completes the plan's verify-baseline step. {@code window} null: the default.
     */
    public io.influxupgrade.commands.StepResult<BaselineSummary> run(io.influxupgrade.commands.session.Workspace ws,
            InfluxQuery client, String name, Integer counts, PointWindow window, boolean points) {
        java.util.Map<String, String> baselines = ws.session().getBaselines();
        BaselineSummary b = run(client, new Request(name, counts == null ? 0 : counts, ws.sessionDir().resolve("baselines"),
                window == null ? null : window.text(), points));
        baselines.remove(b.name()); // re-insert: the last entry is the latest baseline
        baselines.put(b.name(), b.file());
        return new io.influxupgrade.commands.StepResult<>(b, io.influxupgrade.commands.StepIds.VERIFY_BASELINE);
    }

    public BaselineSummary run(InfluxQuery client, Request request) {
        String name = checkName(request.name());
        if (request.counts() < 0) {
            throw UpgradeException.usage("--counts " + request.counts() + ": must be 0 or more shard groups");
        }
        if (request.baselineDir() == null) {
            throw UpgradeException.usage("verify baseline: no baseline directory (the session has none)");
        }
        if (request.counts() > 0 && request.window() != null) {
            throw UpgradeException.usage("--counts " + request.counts() + " and --window " + request.window()
                    + ": give one (a window before the baseline, or the last N shard groups)");
        }
        if (!request.points() && (request.counts() > 0 || request.window() != null)) {
            throw UpgradeException.usage("--no-points with " + (request.counts() > 0 ? "--counts" : "--window") + ": drop one");
        }
        BaselineCollector.Plan plan;
        if (!request.points()) {
            plan = new BaselineCollector.Plan(true, 0, null, false, List.of(), false);
        } else if (request.counts() > 0) {
            plan = new BaselineCollector.Plan(true, request.counts(), null, false, List.of(), false);
        } else {
            String w = request.window() == null ? DEFAULT_WINDOW : request.window().trim();
            plan = w.equalsIgnoreCase("all") ? new BaselineCollector.Plan(true, 0, null, true, List.of(), false)
                    : new BaselineCollector.Plan(true, 0, window(w), false, List.of(), false);
        }
        Baseline b = new BaselineCollector(client).collect(name, clock.instant(), plan);
        Path file = request.baselineDir().resolve(name + ".json");
        write(file, b);
        return new BaselineSummary(name, file.toString(), client.url(), b.serverVersion(), b.databases().size(), b.retentionPolicyCount(),
                b.continuousQueryCount(), b.subscriptionCount(), b.shardCount(), b.users().size(),
                (int) b.counts().stream().map(c -> c.database() + '\u0000' + c.retentionPolicy() + '\u0000' + c.measurement()).distinct().count(),
                b.notes(), seriesTotal(b), b.data() == null ? 0 : b.data().databases().stream()
                        .mapToInt(d -> d.measurements() == null ? 0 : d.measurements().size()).sum(),
                b.data() == null ? null : b.data().pointsWindow());
    }

    /** The sum of the recorded series counts; null when a database's count is unknown. */
    private static Long seriesTotal(Baseline b) {
        if (b.data() == null) {
            return null;
        }
        long total = 0;
        for (Baseline.DatabaseData d : b.data().databases()) {
            if (d.series() == null) {
                return null;
            }
            total += d.series();
        }
        return total;
    }

    /** A window: a Go duration ({@code 36h}, {@code 90m}) or whole days/weeks ({@code 7d}, {@code 2w}); positive. */
    static long window(String text) {
        java.util.regex.Matcher m = Pattern.compile("(\\d{1,5})([dw])").matcher(text);
        long nanos;
        if (m.matches()) {
            nanos = Long.parseLong(m.group(1)) * (m.group(2).equals("w") ? 7 : 1) * 86_400_000_000_000L;
        } else {
            try {
                nanos = GoDuration.parseInflux(text);
            } catch (IllegalArgumentException e) {
                throw UpgradeException.usage("--window " + text + ": not a duration (e.g. 24h, 7d, 2w, or all)");
            }
        }
        if (nanos <= 0) {
            throw UpgradeException.usage("--window " + text + ": must be positive (e.g. 24h), or 'all'");
        }
        return nanos;
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
