package io.influxupgrade.commands.verify;

import io.influxupgrade.commands.Verdict;

import java.util.ArrayList;
import java.util.List;

/**
 * The result of comparing a baseline with now: every difference object by object, and notes on what was
 * normalised or not compared, and warnings on what could not be compared at all (e.g. a baseline without data).
 * Fails (exit 4) when any difference is a failing one.
 */
public record BaselineComparison(String baseline, String baselineServerVersion, String serverVersion,
                                 List<Difference> differences, List<String> notes, List<String> warnings) implements Verdict {

    public BaselineComparison {
        differences = List.copyOf(differences);
        notes = List.copyOf(notes);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    public BaselineComparison(String baseline, String baselineServerVersion, String serverVersion,
                              List<Difference> differences, List<String> notes) {
        this(baseline, baselineServerVersion, serverVersion, differences, notes, List.of());
    }

    /** The same comparison with more notes and warnings. */
    public BaselineComparison with(List<String> moreNotes, List<String> moreWarnings) {
        List<String> n = new ArrayList<>(notes);
        n.addAll(moreNotes);
        List<String> w = new ArrayList<>(warnings);
        w.addAll(moreWarnings);
        return new BaselineComparison(baseline, baselineServerVersion, serverVersion, differences, n, w);
    }

    @Override
    public boolean failed() {
        return differences.stream().anyMatch(Difference::failing);
    }

    @Override
    public String failureSummary() {
        List<Difference> failing = differences.stream().filter(Difference::failing).toList();
        if (failing.isEmpty()) {
            return "matches baseline " + baseline;
        }
        StringBuilder b = new StringBuilder().append(failing.size()).append(failing.size() == 1 ? " difference" : " differences")
                .append(" from baseline ").append(baseline).append(": ");
        for (int i = 0; i < Math.min(3, failing.size()); i++) {
            b.append(i == 0 ? "" : "; ").append(failing.get(i).message());
        }
        if (failing.size() > 3) {
            b.append("; … (").append(failing.size() - 3).append(" more)");
        }
        return b.append(" (if intended, take a new baseline with 'verify baseline')").toString();
    }

    /** Rows for a text table: object, change, attribute, baseline, now. */
    public List<List<String>> rows() {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("object", "change", "attribute", "baseline", "now"));
        for (Difference d : differences) {
            rows.add(List.of(d.object(), d.change() + (d.failing() ? "" : " (ok)"), d.attribute() == null ? "" : d.attribute(),
                    d.baseline(), d.now()));
        }
        return rows;
    }
}
