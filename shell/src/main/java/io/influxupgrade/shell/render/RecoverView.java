package io.influxupgrade.shell.render;

import io.influxupgrade.commands.recover.RecoverCommand;

/** How {@code recover} reads as text. */
public final class RecoverView {

    private RecoverView() {
    }

    /** {@code named}: the operator named the playbook (then the other matches are not listed). */
    public static void recovery(Text t, RecoverCommand.RecoveryResult r, boolean named) {
        if (r.playbook() == null) {
            t.line(t.style().ok(r.evidence()));
            return;
        }
        if (!named && r.matches().size() > 1) {
            t.line("matching playbooks, most data at risk first:");
            for (RecoverCommand.Match m : r.matches()) {
                t.line(String.format("  %d. %s (%s): run '%s'", m.rank(), m.playbook(), m.risk(), m.command()));
                m.evidence().forEach(e -> t.line("       evidence: " + e));
            }
        }
        t.heading("recover " + r.playbook() + ": " + r.title());
        t.line("  why: " + r.why());
        t.line("  detected: " + r.evidence());
        for (RecoverCommand.StepOutcome o : r.steps()) {
            t.line(String.format("  %d. [%s] %s", o.number(), o.kind(), o.title()));
            t.line("       " + (o.kind().equals("operator") ? "you run: " : "command: ") + o.command());
            t.line("       " + o.outcome());
        }
        if (r.next() != null) {
            t.line("next: " + r.next());
        }
    }
}
