package io.influxupgrade.commands.check;

import io.influxupgrade.commands.Finding;
import io.influxupgrade.commands.Verdict;

import java.util.List;

/** The findings of a preflight run and their counts; failed when any finding is an ERROR. */
public record CheckReport(List<Finding> findings, Summary summary) implements Verdict {

    public record Summary(int checks, int errors, int warnings, int notices) {
    }

    public static CheckReport of(int checks, List<Finding> findings) {
        int e = 0;
        int w = 0;
        int n = 0;
        for (Finding f : findings) {
            switch (f.severity()) {
                case ERROR -> e++;
                case WARNING -> w++;
                case NOTICE -> n++;
            }
        }
        return new CheckReport(List.copyOf(findings), new Summary(checks, e, w, n));
    }

    @Override
    public boolean failed() {
        return summary.errors() > 0;
    }

    @Override
    public String failureSummary() {
        return "check: " + summary.errors() + " error(s) block the upgrade: "
                + Finding.errorIds(findings) + " (fix them, then run 'check' again)";
    }
}
