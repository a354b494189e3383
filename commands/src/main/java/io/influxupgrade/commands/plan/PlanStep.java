package io.influxupgrade.commands.plan;

/**
 * One step of the official procedure: an id ({@code backup-metastore}), what it does, and how it is done:
 * by a shell command (marked done when that command succeeds) or by the operator (confirmed with
 * {@code done STEP}, which checks the result where it can).
 */
public record PlanStep(String id, String title, String why, Kind kind, String command, boolean optional) {

    public enum Kind { SHELL, OPERATOR }
}
