package io.influxupgrade.commands.backup;

import io.influxupgrade.commands.Verdict;

import java.util.List;

/**
 * The report of a restore: it failed when what was restored still differs from the backup, and its summary names the
 * first difference.
 */
public interface RestoreVerdict extends Verdict {

    /** What still differs from the backup after the restore; empty when it matches. */
    List<String> differences();

    /** The one-line failure summary for {@code first}, the first of the {@link #differences()}. */
    String failureSummary(String first);

    @Override
    default boolean failed() {
        return !differences().isEmpty();
    }

    @Override
    default String failureSummary() {
        return failed() ? failureSummary(differences().get(0)) : "";
    }
}
