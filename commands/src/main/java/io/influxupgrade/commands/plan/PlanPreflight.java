package io.influxupgrade.commands.plan;

import io.influxupgrade.commands.check.CheckReport;
import io.influxupgrade.commands.Finding;
import io.influxupgrade.commands.session.UpgradeSession;

import java.util.ArrayList;
import java.util.List;

/**
 * The preflight read inside the session's plan: an ERROR or WARNING that a later step of the plan, not done yet,
 * puts right (raft.db replaced by the restore, a root-owned meta.db by the perms step, a config table by the
 * migration) becomes a NOTICE "fixed by step N (title)" and does not block; everything nothing fixes keeps its
 * severity. Once the fixing step is done, the finding blocks again: it was not fixed after all.
 */
public final class PlanPreflight {

    private PlanPreflight() {
    }

    /** What the checks (and the report's checks) see of the session: its paths, backups, the installed influxd, the service. */
    public static io.influxupgrade.commands.check.CheckContext context(io.influxupgrade.commands.session.Workspace ws) {
        return new io.influxupgrade.commands.check.CheckContext(ws.session(), ws.backupRoot(),
                io.influxupgrade.commands.session.VersionDetector::binary,
                io.influxupgrade.commands.backup.ServiceProbes.forSession(ws.session()));
    }

    /**
     * The session's {@code check}: {@code checks} (those included and not excluded) run on the session's installation,
     * the findings read inside its plan ({@code noPlan}: as they are).
     */
    public static io.influxupgrade.commands.StepResult<CheckReport> run(io.influxupgrade.commands.session.Workspace ws,
            List<io.influxupgrade.commands.check.Check> checks, java.util.Set<String> include, java.util.Set<String> exclude, boolean noPlan) {
        CheckReport raw = new io.influxupgrade.commands.check.PreflightCheckCommand(checks).run(context(ws),
                new io.influxupgrade.commands.check.PreflightCheckCommand.Request(include, exclude));
        return check(raw, ws.session(), new PlanCommand().steps(ws.session()), noPlan);
    }

    /** {@code check}: the preflight read inside the plan ({@code noPlan}: as it is); completes the preflight step when it passes. */
    public static io.influxupgrade.commands.StepResult<CheckReport> check(CheckReport raw, UpgradeSession s,
                                                                                 List<PlanStep> steps, boolean noPlan) {
        return new io.influxupgrade.commands.StepResult<>(noPlan ? raw : inPlan(raw, s, steps),
                io.influxupgrade.commands.StepIds.PREFLIGHT);
    }

    public static CheckReport inPlan(CheckReport raw, UpgradeSession s, List<PlanStep> steps) {
        int preflight = -1;
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).id().equals("preflight")) {
                preflight = i;
            }
        }
        List<Finding> out = new ArrayList<>();
        for (Finding f : raw.findings()) {
            Finding kept = f;
            if (f.severity() != Finding.Severity.NOTICE) {
                for (int i = preflight + 1; i < steps.size(); i++) {
                    PlanStep step = steps.get(i);
                    if (step.fixes().contains(f.id()) && !s.stepDone(step.id())) {
                        kept = Finding.notice(f.id(), "fixed by step " + (i + 1) + " (" + step.title() + "): " + f.message(),
                                "nothing to do now: '" + step.command() + "' does it" + (f.fix() == null ? "" : "; " + f.fix()));
                        break;
                    }
                }
            }
            out.add(kept);
        }
        return CheckReport.of(raw.summary().checks(), out);
    }
}
