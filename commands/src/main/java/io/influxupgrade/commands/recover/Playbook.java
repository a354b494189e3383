package io.influxupgrade.commands.recover;

import java.util.List;

/**
 * A recovery playbook: a short sequence of steps, each either a shell command the tool runs, or an
 * operator action whose result the tool checks before it goes on.
 */
public record Playbook(String id, String title, String why, List<Step> steps) {

    /**
     * One step: {@code command} is a shell command line (kind SHELL) or what the operator runs (OPERATOR);
     * {@code probe} says how the tool checks an operator step (NONE: it cannot, the operator confirms).
     */
    public record Step(String title, Kind kind, String command, String check, Probe probe) {
        public Step(String title, Kind kind, String command, String check) {
            this(title, kind, command, check, Probe.NONE);
        }
    }

    public enum Kind { SHELL, OPERATOR }

    /** What the machine can tell about an operator step. */
    public enum Probe { NONE, STOPPED, RUNNING, OLD_BINARY }
}
