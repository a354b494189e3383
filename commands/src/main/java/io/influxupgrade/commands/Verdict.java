package io.influxupgrade.commands;

/**
 * A result that can be a failure without being an error: a diff that found differences, a check with
 * ERROR findings. The shell prints the whole result first, then exits 4 with {@link #failureSummary()}.
 */
public interface Verdict {

    /** True when the command should end with exit code 4 (check or verification failed); JSON shows it as "failed". */
    @com.fasterxml.jackson.annotation.JsonProperty("failed")
    boolean failed();

    /** One line naming what failed and, where there is one, the fix. */
    String failureSummary();
}
