package io.influxupgrade.commands.plan;

import java.time.Instant;
import java.util.List;

/** The checklist: every step of the path with its state, what comes next, and the route through its hops. */
public record PlanReport(String session, String upgradePath, String initSystem, List<Item> steps, String next,
                         String progress, Route route) {

    /** A step and its state: done, next or pending. */
    public record Item(int number, String id, String title, String why, String kind, String command, String state,
                       Instant doneAt, String doneBy, boolean optional) {
    }
}
