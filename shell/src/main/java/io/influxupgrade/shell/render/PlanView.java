package io.influxupgrade.shell.render;

import io.influxupgrade.commands.Finding;
import io.influxupgrade.commands.check.CheckReport;
import io.influxupgrade.commands.check.PreflightCheckCommand;
import io.influxupgrade.commands.plan.DoneStepCommand;
import io.influxupgrade.commands.plan.PlanReport;
import io.influxupgrade.commands.report.ReportMarkdown;
import io.influxupgrade.commands.report.UpgradeReport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** How the plan, the checklist, {@code next} and the preflight's findings read as text. */
public final class PlanView {

    private PlanView() {
    }

    public static void plan(Text t, PlanReport p) {
        t.heading("Upgrade " + p.upgradePath() + " (" + p.initSystem() + ")");
        if (p.route() != null) {
            p.route().hops().forEach(h -> t.line("  hop " + h.from() + " → " + h.to() + ": " + h.does() + " (" + h.why() + ")"));
        }
        for (PlanReport.Item i : p.steps()) {
            t.line(String.format("%2d. %s %s%s", i.number(), t.style().bold(i.title()), t.style().dim("[" + i.id() + "]"),
                    i.optional() ? " (optional)" : ""));
            t.line("      why: " + i.why());
            t.line("      " + (i.kind().equals("operator") ? "you run: " : "command: ") + i.command());
        }
    }

    public static void status(Text t, PlanReport p) {
        t.heading("Upgrade " + p.upgradePath() + " — session " + p.session() + (p.progress() == null ? "" : " [" + p.progress() + "]"));
        int width = p.steps().stream().mapToInt(i -> i.title().length()).max().orElse(40);
        for (PlanReport.Item i : p.steps()) {
            String mark = switch (i.state()) {
                case "done" -> t.style().ok("✓");
                case "next" -> t.style().warn("→");
                default -> t.style().error("✗");
            };
            t.line(String.format(" %s %2d. %-" + width + "s  %s", mark, i.number(), i.title(),
                    i.state().equals("done") ? t.style().dim(String.valueOf(i.doneAt())) : t.style().dim(i.id())));
        }
        if (p.next() == null) {
            t.line(t.style().ok("every step is done") + " — run 'report'");
        } else {
            PlanReport.Item n = p.steps().stream().filter(i -> i.id().equals(p.next())).findFirst().orElseThrow();
            t.line("next: " + n.title() + " — " + (n.kind().equals("operator") ? "run '" + n.command() + "', then 'done " + n.id() + "'"
                    : "run '" + n.command() + "' (or 'next')"));
        }
    }

    /** {@code next} for a step the operator does (or completes with a value of theirs). */
    public static void next(Text t, PlanReport.Item item) {
        t.line("next step " + item.number() + ": " + t.style().bold(item.title()) + " [" + item.id() + "]");
        t.line("  why: " + item.why());
        if (item.kind().equals("operator")) {
            t.line("  you run: " + item.command());
            t.line("  then confirm with: done " + item.id());
        } else {
            t.line("  run: " + item.command());
        }
    }

    public static void nothingLeft(Text t) {
        t.line(t.style().ok("every step is done") + " — run 'report' for the record");
    }

    public static void findings(Text t, CheckReport report) {
        findings(t, report.findings(), report.summary().checks() + " checks: " + report.summary().errors() + " error(s), "
                + report.summary().warnings() + " warning(s), " + report.summary().notices() + " notice(s)");
    }

    public static void findings(Text t, List<Finding> findings, String summary) {
        List<List<String>> rows = new ArrayList<>();
        for (Finding f : findings) {
            rows.add(List.of(t.style().severity(f.severity().name()), f.id(), f.message(), f.fix() == null ? "" : f.fix()));
        }
        if (!rows.isEmpty()) {
            t.table(List.of("SEVERITY", "ID", "FINDING", "FIX"), rows);
        }
        t.line(summary);
    }

    /** {@code done STEP}: what was confirmed and checked, and what comes next. */
    public static void confirmed(Text t, DoneStepCommand.Confirmed c) {
        t.line(t.style().ok("✓ " + c.step()) + " — " + c.checked());
        t.line(c.next() == null ? "every step is done" : "next: " + c.next() + " (run 'next')");
    }

    /** {@code check --list}. */
    public static void checks(Text t, PreflightCheckCommand.CheckList l) {
        List<List<String>> rows = new ArrayList<>();
        l.checks().forEach(c -> rows.add(List.of(c.id(), c.description())));
        t.table(List.of("ID", "CHECKS"), rows);
    }

    /** {@code report}: the file written, or (no {@code outFile}) the report itself as Markdown. */
    public static void report(Text t, UpgradeReport r, Path outFile) {
        t.line(outFile != null ? t.style().ok("wrote " + outFile) : ReportMarkdown.render(r));
    }
}
