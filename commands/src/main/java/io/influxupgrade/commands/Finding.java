package io.influxupgrade.commands;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * One finding of a check: a stable id (e.g. {@code meta.raft-db-present}), a severity, what was found and
 * the fix. Findings are data: commands print them all and fail once.
 */
public record Finding(String id, Severity severity, String message, String fix) {

    /** ERROR blocks the upgrade (exit 4); WARNING needs a decision; NOTICE is information. */
    public enum Severity { ERROR, WARNING, NOTICE }

    public static Finding error(String id, String message, String fix) {
        return new Finding(id, Severity.ERROR, message, fix);
    }

    public static Finding warning(String id, String message, String fix) {
        return new Finding(id, Severity.WARNING, message, fix);
    }

    public static Finding notice(String id, String message, String fix) {
        return new Finding(id, Severity.NOTICE, message, fix);
    }

    /** One line for logs and failure summaries. */
    public String line() {
        return severity + " " + id + ": " + message + (fix == null ? "" : " (" + fix + ")");
    }

    /** Whether any of {@code findings} is an ERROR: what makes a result a failure (exit 4). */
    public static boolean anyError(Collection<Finding> findings) {
        return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
    }

    /** The ids of the ERROR findings, each once and in order, joined by ", " (empty when there is none). */
    public static String errorIds(Collection<Finding> findings) {
        return findings.stream().filter(f -> f.severity() == Severity.ERROR).map(Finding::id).distinct()
                .collect(Collectors.joining(", "));
    }
}
