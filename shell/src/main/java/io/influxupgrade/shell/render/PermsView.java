package io.influxupgrade.shell.render;

import io.influxupgrade.commands.perms.PermsCheckCommand;
import io.influxupgrade.commands.perms.PermsFixCommand;

import java.util.List;

/** How the owners-and-modes results read as text. */
public final class PermsView {

    private PermsView() {
    }

    public static void report(Text t, PermsCheckCommand.PermsReport r) {
        t.line("checked " + r.checked() + " objects under " + String.join(", ", r.roots()) + " for " + r.account());
        if (r.findings().isEmpty()) {
            t.line(t.style().ok("all owners and modes are right"));
            return;
        }
        t.table(List.of("PATH", "PROBLEM"), r.rows());
        if (r.findings().size() > r.rows().size()) {
            t.line(t.style().dim("... and " + (r.findings().size() - r.rows().size()) + " more"));
        }
    }

    /** {@code perms fix}: the plan (a dry run, or nothing to do) or what was done; {@code verbose}: every path. */
    public static void fix(Text t, PermsFixCommand.PermsFix fix, boolean verbose) {
        List<String> lines = verbose ? fix.actions() : fix.summary();
        if (fix.dryRun()) {
            lines.forEach(a -> t.line("would: " + a));
            t.line(fix.actions().isEmpty() ? t.style().ok("nothing to fix: everything is usable by " + fix.account())
                    : t.style().dim("dry run: nothing changed (run 'perms fix' to apply)"));
            return;
        }
        lines.forEach(a -> t.line("done: " + a));
        if (fix.after().failed()) {
            report(t, fix.after());
        } else {
            t.line(t.style().ok("everything is now usable by " + fix.account()));
        }
    }
}
