package io.influxupgrade.shell.command;

import io.influxupgrade.commands.backup.ServiceProbes;
import io.influxupgrade.commands.check.CheckIds;
import io.influxupgrade.commands.check.CheckReport;
import io.influxupgrade.commands.check.PreflightCheckCommand;
import io.influxupgrade.commands.plan.DoneStepCommand;
import io.influxupgrade.commands.plan.NextStepCommand;
import io.influxupgrade.commands.plan.PlanCommand;
import io.influxupgrade.commands.plan.PlanPreflight;
import io.influxupgrade.commands.plan.PlanReport;
import io.influxupgrade.commands.report.ReportCommand;
import io.influxupgrade.commands.report.UpgradeReport;
import io.influxupgrade.commands.session.VersionDetector;
import io.influxupgrade.commands.session.Workspace;
import io.influxupgrade.commands.v2.V2PreflightCommand;
import io.influxupgrade.shell.core.CommandRunner;
import io.influxupgrade.shell.core.Journaled;
import io.influxupgrade.shell.render.Output;
import io.influxupgrade.shell.render.PlanView;
import io.influxupgrade.shell.render.V2View;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.shell.command.annotation.Command;
import org.springframework.shell.command.annotation.Option;
import org.springframework.shell.command.annotation.OptionValues;

import java.nio.file.Path;

/** Adapters for the guided upgrade: {@code plan}, {@code status}, {@code next}, {@code done}, {@code check}. */
@Command(group = "Guided upgrade")
public record PlanCommands(Workspace ws, Output out, PreflightChecks checks, ObjectProvider<CommandRunner> runner) {

    @Command(command = "plan", description = "The ordered steps of the upgrade path that applies, each with why and which command does it. Example: plan")
    public void plan() {
        PlanReport p = new PlanCommand().run(ws);
        out.emit(p, t -> PlanView.plan(t, p));
    }

    @Command(command = "status", description = "The checklist: ✓ done, → next, ✗ pending, and what comes next. Example: status")
    public void status() {
        PlanReport p = new PlanCommand().run(ws);
        out.emit(p, t -> PlanView.status(t, p));
    }

    @Command(command = "next", description = "Run the next step when the shell can do it alone, else explain what to do. Example: next")
    public void next() {
        NextStepCommand.Next n = new NextStepCommand(new PlanCommand()).run(ws, runner.getObject().lines(), out::info);
        switch (n.action()) {
            case NOTHING_LEFT -> out.emit(NextStepCommand.NothingLeft.INSTANCE, PlanView::nothingLeft);
            case EXPLAIN -> out.emit(n.step(), t -> PlanView.next(t, n.step()));
            case RAN -> { } // the step printed its own result
        }
    }

    @Journaled
    @Command(command = "done", description = "Confirm an operator step (stop-service, install-binary, start-service, review-changes); "
            + "the shell checks the result where it can. Example: done stop-service")
    public void done(@Option(label = "STEP", arityMax = 1, longNames = "step", required = true, description = "the step id") @OptionValues(provider = "operatorSteps") String step,
                     @Option(label = "TEXT", longNames = "note", description = "a note for the journal and report") String note,
                     @Option(longNames = "force", description = "confirm even though earlier steps are not done") boolean force) {
        DoneStepCommand.Confirmed c = new DoneStepCommand(ServiceProbes.forSession(ws.session()), VersionDetector::binary, new PlanCommand())
                .run(ws, new DoneStepCommand.Request(step, note, force));
        out.emit(c, t -> PlanView.confirmed(t, c));
    }

    @Journaled
    @Command(command = "check", description = "The read-only preflight: every check with a stable id; findings with severity, message and fix; exit 4 on any ERROR. "
            + "A finding that a later step of the session's plan fixes is a NOTICE 'fixed by step N' (--no-plan: its own severity). "
            + "Example: check --exclude service.running")
    public void check(@Option(longNames = "list", description = "list the checks and their ids") boolean list,
                      @Option(label = "IDS", longNames = "include", description = "comma-separated check ids to run") @OptionValues(provider = "checkIds") CheckIds include,
                      @Option(label = "IDS", longNames = "exclude", description = "comma-separated check ids to skip") @OptionValues(provider = "checkIds") CheckIds exclude,
                      @Option(longNames = "no-plan", description = "report every finding at its own severity, even one a later plan step fixes") boolean noPlan,
                      @Option(label = "2.x", longNames = "to", description = "2.x: what 2.x's influxd upgrade would drop or break (no 2.x binary needed)") @OptionValues(provider = "checkTargets") V2PreflightCommand.Target to,
                      @Option(label = "DIR", longNames = "v2-path", description = "with --to 2.x: where the upgrade writes (default ~/.influxdbv2)") @OptionValues(provider = "paths") Path v2Path) {
        if (to != null) {
            V2PreflightCommand.V2Preflight p = new V2PreflightCommand().run(ws, v2Path);
            out.emit(p, t -> V2View.check(t, p));
            return;
        }
        PreflightCheckCommand cmd = new PreflightCheckCommand(checks.all());
        if (list) {
            PreflightCheckCommand.CheckList l = cmd.list();
            out.emit(l, t -> PlanView.checks(t, l));
            return;
        }
        var result = PlanPreflight.run(ws, checks.all(), CheckIds.orNone(include).ids(), CheckIds.orNone(exclude).ids(), noPlan);
        CheckReport report = result.result();
        out.emit(result, t -> PlanView.findings(t, report));
    }

    @Command(command = "report", description = "What was done: versions, paths, backups with checksums, checks, config changes, "
            + "baselines and comparisons, the journal, and what is new in 1.4. Example: report --out upgrade-report.md")
    public void report(@Option(label = "FILE", longNames = "out", description = "write the report to this file") @OptionValues(provider = "paths") Path outFile,
                       @Option(label = "md|json", longNames = "format", description = "md (default) or json, for --out") @OptionValues(provider = "reportFormats") ReportCommand.Format format,
                       @Option(longNames = "force", description = "replace an existing --out file") boolean force,
                       @Option(label = "2.x", longNames = "to", description = "2.x: the 1.x → 2.x preflight instead of the upgrade report") @OptionValues(provider = "checkTargets") V2PreflightCommand.Target to,
                       @Option(label = "DIR", longNames = "v2-path", description = "with --to 2.x: where the upgrade writes (default ~/.influxdbv2)") @OptionValues(provider = "paths") Path v2Path) {
        if (to != null) {
            V2PreflightCommand.V2Preflight p = new V2PreflightCommand().report(ws, v2Path, outFile, format == ReportCommand.Format.JSON, force);
            out.emit(p, t -> V2View.report(t, p, outFile));
            return;
        }
        UpgradeReport r = new ReportCommand(checks.all(), PlanPreflight.context(ws), new PlanCommand())
                .run(ws, new ReportCommand.Request(outFile, format == null ? ReportCommand.Format.MD : format, force));
        out.emit(r, t -> PlanView.report(t, r, outFile));
    }
}
