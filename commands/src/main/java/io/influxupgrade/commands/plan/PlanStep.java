package io.influxupgrade.commands.plan;

import java.util.Set;

/**
 * One step of the official procedure: an id ({@code backup-metastore}), what it does, and how it is done:
 * by a shell command (marked done when that command succeeds) or by the operator (confirmed with
 * {@code done STEP}, which checks the result where it can). {@code fixes} names the preflight finding ids the
 * step puts right, so that a preflight inside the plan does not block on what a later step of it fixes.
 */
public record PlanStep(String id, String title, String why, Kind kind, String command, boolean optional, Set<String> fixes) {

    public enum Kind { SHELL, OPERATOR }

    public PlanStep {
        fixes = Set.copyOf(fixes);
    }

    /** A step that fixes no preflight finding. */
    public PlanStep(String id, String title, String why, Kind kind, String command, boolean optional) {
        this(id, title, why, kind, command, optional, Set.of());
    }
}
