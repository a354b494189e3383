package io.influxupgrade.commands.verify;

import io.influxupgrade.commands.UpgradeException;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;

/**
 * Takes the same snapshot as the stored baseline (same point-count ranges) and reports the differences
 * object by object ({@link BaselineDiff}); the result fails, exit 4, on any real difference.
 */
public final class VerifyCompareCommand {

    public record Request(Path baselineFile, UpgradePathHint hint) {
    }

    private final Clock clock;

    public VerifyCompareCommand(Clock clock) {
        this.clock = clock;
    }

    /**
     * The session's {@code verify compare [--baseline NAME]} (default: its latest baseline), normalised for the session's
     * upgrade path; completes the plan's verify-compare step when nothing was lost.
     */
    public io.influxupgrade.commands.StepResult<BaselineComparison> run(io.influxupgrade.commands.session.Workspace ws,
            InfluxQuery client, String baseline) {
        io.influxupgrade.commands.session.UpgradeSession s = ws.session();
        Map<String, String> known = s.getBaselines();
        if (known.isEmpty()) {
            throw UpgradeException.notReady("verify compare: session '" + s.getName() + "' has no baseline (run 'verify baseline' first)");
        }
        String name = baseline == null || baseline.isBlank() ? latest(known) : baseline;
        String file = known.get(name);
        if (file == null) {
            throw UpgradeException.usage("--baseline " + name + ": no such baseline in session '" + s.getName()
                    + "' (known: " + String.join(", ", known.keySet()) + ")");
        }
        BaselineComparison c = run(client, new Request(Path.of(file), new UpgradePathHint(s.from(), s.to())));
        return new io.influxupgrade.commands.StepResult<>(c, io.influxupgrade.commands.StepIds.VERIFY_COMPARE);
    }

    /** Why {@code verify compare} cannot run now (no session, or no baseline yet), or null when it can. */
    public static String unavailable(io.influxupgrade.commands.session.Workspace ws) {
        if (!ws.hasSession()) {
            return "no session is open (run 'session new NAME --from VERSION' or 'session open NAME')";
        }
        if (ws.session().getBaselines().isEmpty()) {
            return "session '" + ws.session().getName() + "' has no baseline yet (run 'verify baseline' first)";
        }
        return null;
    }

    /** The latest of a session's baselines (the last recorded), or null. */
    public static String latest(Map<String, String> baselines) {
        String last = null;
        for (String k : baselines.keySet()) {
            last = k;
        }
        return last;
    }

    public BaselineComparison run(InfluxQuery client, Request request) {
        if (request.baselineFile() == null) {
            throw UpgradeException.usage("verify compare: no baseline given (pass --baseline NAME)");
        }
        Baseline before = VerifyBaselineCommand.read(request.baselineFile());
        Set<BaselineCollector.CountRange> ranges = new LinkedHashSet<>();
        for (Baseline.PointCount c : before.counts()) {
            ranges.add(new BaselineCollector.CountRange(c.database(), c.retentionPolicy(), c.from(), c.to()));
        }
        // Ranges of an RP that was renamed default -> autogen are counted under the new name too.
        UpgradePathHint hint = request.hint() == null ? UpgradePathHint.NONE : request.hint();
        if (hint.renamesDefaultRetentionPolicy()) {
            for (BaselineCollector.CountRange r : Set.copyOf(ranges)) {
                if (r.retentionPolicy().equals("default") || r.retentionPolicy().equals("autogen")) {
                    String other = r.retentionPolicy().equals("default") ? "autogen" : "default";
                    ranges.add(new BaselineCollector.CountRange(r.database(), other, r.from(), r.to()));
                }
            }
        }
        BaselineCollector collector = new BaselineCollector(client);
        Baseline now = collector.collect(before.name(), clock.instant(),
                new BaselineCollector.Plan(before.data() != null, 0, null, false, ranges, true));
        Baseline compared = before;
        if (!collector.timedOut().isEmpty()) {
            // a range that could not be counted now is not a loss: leave it out of the comparison (the note says why)
            Set<BaselineCollector.CountRange> skipped = Set.copyOf(collector.timedOut());
            compared = new Baseline(before.format(), before.name(), before.takenAt(), before.source(), before.serverVersion(),
                    before.databases(), before.users(), before.counts().stream().filter(p -> !skipped.contains(
                    new BaselineCollector.CountRange(p.database(), p.retentionPolicy(), p.from(), p.to()))).toList(),
                    before.notes(), before.data());
        }
        BaselineComparison c = BaselineDiff.compare(compared, now, hint);
        List<String> notes = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        if (before.data() == null) {
            warnings.add("baseline '" + before.name() + "' recorded no data (series, measurements" + (before.counts().isEmpty() ? ", point counts" : "")
                    + "): taken by an older version of this tool, so the data was not compared; take a new baseline with 'verify baseline' before the next upgrade");
        } else if (before.counts().isEmpty()) {
            notes.add("baseline '" + before.name() + "' counted no points (taken with --no-points or no shards): point counts not compared");
        }
        if (!before.counts().isEmpty()) {
            notes.add("point counts are compared in windows that end at the baseline's time (" + before.takenAt()
                    + "): fewer points there is a loss; more (late writes) and points written after it are growth, not a loss");
        }
        Map<String, Long> grown = new TreeMap<>();
        for (Baseline.PointCount p : collector.countsSince()) {
            long n = p.fields().values().stream().mapToLong(Long::longValue).max().orElse(0);
            if (n > 0) {
                grown.merge(InfluxQl.display(p.database()) + "." + InfluxQl.display(p.retentionPolicy()) + "." + InfluxQl.display(p.measurement())
                        + " since " + p.from(), n, Long::sum);
            }
        }
        grown.forEach((what, n) -> notes.add("grew: " + what + ": " + n + (n == 1 ? " point" : " points")
                + " written after the baseline's window (not compared)"));
        return c.with(notes, warnings);
    }
}
