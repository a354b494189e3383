package io.influxupgrade.commands.verify;

import io.influxupgrade.commands.UpgradeException;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashSet;
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
        Baseline now = new BaselineCollector(client).collect(before.name(), clock.instant(), 0, ranges);
        return BaselineDiff.compare(before, now, hint);
    }
}
