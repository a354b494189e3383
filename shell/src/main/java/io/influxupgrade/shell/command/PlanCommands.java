package io.influxupgrade.shell.command;

import io.influxupgrade.commands.check.CheckContext;
import io.influxupgrade.commands.check.CheckReport;
import io.influxupgrade.commands.check.Finding;
import io.influxupgrade.commands.check.PreflightCheckCommand;
import io.influxupgrade.commands.check.ServiceProbes;
import io.influxupgrade.commands.plan.PlanPreflight;
import io.influxupgrade.commands.plan.DoneStepCommand;
import io.influxupgrade.commands.plan.PlanCommand;
import io.influxupgrade.commands.plan.PlanReport;
import io.influxupgrade.commands.report.ReportCommand;
import io.influxupgrade.commands.report.ReportMarkdown;
import io.influxupgrade.commands.report.UpgradeReport;
import io.influxupgrade.commands.session.VersionDetector;
import io.influxupgrade.commands.session.Workspace;
import io.influxupgrade.shell.batch.LineTokenizer;
import io.influxupgrade.shell.core.CommandRunner;
import io.influxupgrade.shell.core.StateChanging;
import io.influxupgrade.shell.render.Output;
import io.influxupgrade.shell.render.Text;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.shell.command.annotation.Command;
import org.springframework.shell.command.annotation.Option;
import org.springframework.shell.command.annotation.OptionValues;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Adapters for the guided upgrade: {@code plan}, {@code status}, {@code next}, {@code done}, {@code check}. */
@Command(group = "Guided upgrade")
public class PlanCommands implements StateChanging {

    private final Workspace ws;
    private final Output out;
    private final PreflightChecks checks;
    private final ObjectProvider<CommandRunner> runner;

    public PlanCommands(Workspace ws, Output out, PreflightChecks checks, ObjectProvider<CommandRunner> runner) {
        this.ws = ws;
        this.out = out;
        this.checks = checks;
        this.runner = runner;
    }

    @Override
    public Set<String> stateChangingCommands() {
        return Set.of("done");
    }

    @Command(command = "plan", description = "The ordered steps of the upgrade path that applies, each with why and which command does it. Example: plan")
    public void plan() {
        PlanReport p = new PlanCommand().run(ws);
        out.emit(p, t -> {
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
        });
    }

    @Command(command = "status", description = "The checklist: ✓ done, → next, ✗ pending, and what comes next. Example: status")
    public void status() {
        PlanReport p = new PlanCommand().run(ws);
        out.emit(p, t -> renderStatus(t, p));
    }

    @Command(command = "next", description = "Run the next step when the shell can do it alone, else explain what to do. Example: next")
    public void next() {
        PlanReport p = new PlanCommand().run(ws);
        PlanReport.Item item = p.steps().stream().filter(i -> i.id().equals(p.next())).findFirst().orElse(null);
        if (item == null) {
            out.emit(Map.of("next", "none", "message", "every step is done"), t -> t.line(t.style().ok("every step is done") + " — run 'report' for the record"));
            return;
        }
        if (item.kind().equals("shell") && !item.command().contains("<")) {
            out.info("next step " + item.number() + ": " + item.title() + " → running '" + item.command() + "'");
            CommandRunner.Result r = runner.getObject().run(LineTokenizer.split(item.command()));
            if (!r.ok()) {
                throw new io.influxupgrade.commands.UpgradeException(io.influxupgrade.shell.core.ExitCodes.kindOf(r.exitCode()), r.message());
            }
            return;
        }
        out.emit(item, t -> {
            t.line("next step " + item.number() + ": " + t.style().bold(item.title()) + " [" + item.id() + "]");
            t.line("  why: " + item.why());
            if (item.kind().equals("operator")) {
                t.line("  you run: " + item.command());
                t.line("  then confirm with: done " + item.id());
            } else {
                t.line("  run: " + item.command());
            }
        });
    }

    @Command(command = "done", description = "Confirm an operator step (stop-service, install-binary, start-service, review-changes); "
            + "the shell checks the result where it can. Example: done stop-service")
    public void done(@Option(label = "STEP", arityMax = 1, longNames = "step", required = true, description = "the step id") @OptionValues(provider = "operatorSteps") String step,
                     @Option(label = "TEXT", longNames = "note", description = "a note for the journal and report") String note,
                     @Option(longNames = "force", description = "confirm even though earlier steps are not done") boolean force) {
        DoneStepCommand.Confirmed c = new DoneStepCommand(ServiceProbes.forSession(ws.session()), VersionDetector::binary, new PlanCommand())
                .run(ws, new DoneStepCommand.Request(step, note, force));
        out.emit(c, t -> {
            t.line(t.style().ok("✓ " + c.step()) + " — " + c.checked());
            t.line(c.next() == null ? "every step is done" : "next: " + c.next() + " (run 'next')");
        });
    }

    @Command(command = "check", description = "The read-only preflight: every check with a stable id; findings with severity, message and fix; exit 4 on any ERROR. "
            + "A finding that a later step of the session's plan fixes is a NOTICE 'fixed by step N' (--no-plan: its own severity). "
            + "Example: check --exclude service.running")
    public void check(@Option(longNames = "list", description = "list the checks and their ids") boolean list,
                      @Option(label = "IDS", longNames = "include", description = "comma-separated check ids to run") @OptionValues(provider = "checkIds") String include,
                      @Option(label = "IDS", longNames = "exclude", description = "comma-separated check ids to skip") @OptionValues(provider = "checkIds") String exclude,
                      @Option(longNames = "no-plan", description = "report every finding at its own severity, even one a later plan step fixes") boolean noPlan,
                      @Option(label = "2.x", longNames = "to", description = "2.x: what 2.x's influxd upgrade would drop or break (no 2.x binary needed)") @OptionValues(provider = "checkTargets") String to,
                      @Option(label = "DIR", longNames = "v2-path", description = "with --to 2.x: where the upgrade writes (default ~/.influxdbv2)") @OptionValues(provider = "paths") String v2Path) {
        if (to != null) {
            V2Checks.check(ws, out, to, v2Path);
            return;
        }
        PreflightCheckCommand cmd = new PreflightCheckCommand(checks.all());
        if (list) {
            PreflightCheckCommand.CheckList l = cmd.list();
            out.emit(l, t -> {
                List<List<String>> rows = new ArrayList<>();
                l.checks().forEach(c -> rows.add(List.of(c.id(), c.description())));
                t.table(List.of("ID", "CHECKS"), rows);
            });
            return;
        }
        CheckContext ctx = new CheckContext(ws.session(), ws.backupRoot(), VersionDetector::binary, ServiceProbes.forSession(ws.session()));
        CheckReport raw = cmd.run(ctx, new PreflightCheckCommand.Request(ids(include), ids(exclude)));
        CheckReport report = noPlan ? raw : PlanPreflight.inPlan(raw, ws.session(), new PlanCommand().steps(ws.session()));
        out.emit(report, t -> renderFindings(t, report.findings(), report.summary().checks() + " checks: "
                + report.summary().errors() + " error(s), " + report.summary().warnings() + " warning(s), "
                + report.summary().notices() + " notice(s)"));
    }

    @Command(command = "report", description = "What was done: versions, paths, backups with checksums, checks, config changes, "
            + "baselines and comparisons, the journal, and what is new in 1.4. Example: report --out upgrade-report.md")
    public void report(@Option(label = "FILE", longNames = "out", description = "write the report to this file") @OptionValues(provider = "paths") String outFile,
                       @Option(label = "md|json", longNames = "format", description = "md (default) or json, for --out") @OptionValues(provider = "reportFormats") String format,
                       @Option(longNames = "force", description = "replace an existing --out file") boolean force,
                       @Option(label = "2.x", longNames = "to", description = "2.x: the 1.x → 2.x preflight instead of the upgrade report") @OptionValues(provider = "checkTargets") String to,
                       @Option(label = "DIR", longNames = "v2-path", description = "with --to 2.x: where the upgrade writes (default ~/.influxdbv2)") @OptionValues(provider = "paths") String v2Path) {
        if (to != null) {
            V2Checks.report(ws, out, to, v2Path, outFile, format, force);
            return;
        }
        ReportCommand.Format f = format == null || format.equals("md") ? ReportCommand.Format.MD
                : format.equals("json") ? ReportCommand.Format.JSON : null;
        if (f == null) {
            throw io.influxupgrade.commands.UpgradeException.usage("report: --format takes md or json, not '" + format + "'");
        }
        CheckContext ctx = new CheckContext(ws.session(), ws.backupRoot(), VersionDetector::binary, ServiceProbes.forSession(ws.session()));
        UpgradeReport r = new ReportCommand(checks.all(), ctx, new PlanCommand())
                .run(ws, new ReportCommand.Request(outFile == null ? null : java.nio.file.Path.of(outFile), f, force));
        out.emit(r, t -> {
            if (outFile != null) {
                t.line(t.style().ok("wrote " + outFile));
            } else {
                t.line(ReportMarkdown.render(r));
            }
        });
    }

    static void renderStatus(Text t, PlanReport p) {
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

    static void renderFindings(Text t, List<Finding> findings, String summary) {
        List<List<String>> rows = new ArrayList<>();
        for (Finding f : findings) {
            rows.add(List.of(t.style().severity(f.severity().name()), f.id(), f.message(), f.fix() == null ? "" : f.fix()));
        }
        if (!rows.isEmpty()) {
            t.table(List.of("SEVERITY", "ID", "FINDING", "FIX"), rows);
        }
        t.line(summary);
    }

    private static Set<String> ids(String csv) {
        if (csv == null || csv.isBlank()) {
            return Set.of();
        }
        return new LinkedHashSet<>(Arrays.stream(csv.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList());
    }
}
