package io.influxupgrade.commands.recover;

import io.influxupgrade.commands.InfluxVersion;
import io.influxupgrade.commands.LineRunner;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.backup.ServiceProbes;
import io.influxupgrade.commands.session.UpgradeSession;
import io.influxupgrade.commands.session.VersionDetector;
import io.influxupgrade.commands.session.Workspace;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code recover PLAYBOOK --run}: carries out the playbook's shell steps in order through the shell's own runner, and
 * checks each operator step on the machine before going past it. A shell step done is remembered in the session
 * ({@code recover:<playbook>:<n>}), so a re-run after an operator step does not repeat it; once the shell's part is
 * over the marks are cleared (and after metastore-missing the plan steps it redoes are open again).
 */
final class RecoverRun {

    private RecoverRun() {
    }

    /** What the run did, step by step, and what the operator does next (null: nothing). */
    record Ran(List<RecoverCommand.StepOutcome> outcomes, String next) {
    }

    static Ran run(Workspace ws, Playbook p, LineRunner runner) {
        UpgradeSession s = ws.session();
        List<RecoverCommand.StepOutcome> outcomes = new ArrayList<>();
        List<Playbook.Step> steps = p.steps();
        for (int i = 0; i < steps.size(); i++) {
            Playbook.Step step = steps.get(i);
            int number = i + 1;
            if (step.kind() == Playbook.Kind.OPERATOR) {
                String seen = probe(step.probe(), s);
                if (seen != null) {
                    outcomes.add(new RecoverCommand.StepOutcome(number, step.title(), "operator", step.command(), "checked: " + seen));
                    continue;
                }
                boolean shellStepsLeft = steps.subList(i + 1, steps.size()).stream().anyMatch(x -> x.kind() == Playbook.Kind.SHELL);
                if (shellStepsLeft) {
                    throw UpgradeException.notReady("recover " + p.id() + ": step " + number + " (" + step.title() + ") is not done: run '"
                            + step.command() + "', then 'recover " + p.id() + " --run' again");
                }
                outcomes.add(new RecoverCommand.StepOutcome(number, step.title(), "operator", step.command(), "now yours: " + step.check()));
                for (int j = i + 1; j < steps.size(); j++) {
                    Playbook.Step rest = steps.get(j);
                    outcomes.add(new RecoverCommand.StepOutcome(j + 1, rest.title(), "operator", rest.command(), "then: " + rest.check()));
                }
                finish(ws, p);
                return new Ran(outcomes, "do step " + number + " yourself: " + step.command());
            }
            String doneKey = "recover:" + p.id() + ":" + number;
            if (s.stepDone(doneKey)) {
                outcomes.add(new RecoverCommand.StepOutcome(number, step.title(), "shell", step.command(), "done in an earlier run"));
                continue;
            }
            UpgradeException failed = runner.run(step.command());
            if (failed != null) {
                throw new UpgradeException(failed.kind(), "recover " + p.id() + ": step " + number + " '" + step.command()
                        + "' failed: " + failed.getMessage());
            }
            outcomes.add(new RecoverCommand.StepOutcome(number, step.title(), "shell", step.command(), "done"));
            // a re-run after an operator step must not repeat this one (a second rollback would undo nothing useful)
            s.markStep(new UpgradeSession.StepRecord(doneKey, ws.now(), step.command(), null));
            ws.save();
        }
        finish(ws, p);
        return new Ran(outcomes, null);
    }

    private static void finish(Workspace ws, Playbook p) {
        if (p.id().equals("metastore-missing")) {
            RecoverCommand.RETRY_STEPS.forEach(ws.session().getSteps()::remove);
        }
        // the shell's part is over: the next 'recover' starts afresh
        ws.session().getSteps().keySet().removeIf(k -> k.startsWith("recover:" + p.id() + ":"));
    }

    /** What the machine shows for an operator step, or null when it does not show it done. */
    private static String probe(Playbook.Probe probe, UpgradeSession s) {
        return switch (probe) {
            case STOPPED -> ServiceProbes.forSession(s).evidence().isEmpty() ? "no influxd runs" : null;
            case RUNNING -> {
                List<String> ev = ServiceProbes.forSession(s).evidence();
                yield ev.isEmpty() ? null : String.join("; ", ev);
            }
            case OLD_BINARY -> VersionDetector.binary().map(VersionDetector.BinaryVersion::version).map(InfluxVersion::tryParse)
                    .filter(v -> s.from() != null && v.line().equals(s.from().line())).map(v -> "influxd is " + v).orElse(null);
            case NONE -> null;
        };
    }
}
