package io.influxupgrade.shell.command;

import io.influxupgrade.commands.InfluxVersion;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.check.ServiceProbes;
import io.influxupgrade.commands.recover.Playbook;
import io.influxupgrade.commands.recover.RecoverCommand;
import io.influxupgrade.commands.session.UpgradeSession;
import io.influxupgrade.commands.session.VersionDetector;
import io.influxupgrade.commands.session.Workspace;
import io.influxupgrade.shell.core.LineTokenizer;
import io.influxupgrade.shell.core.CommandRunner;
import io.influxupgrade.shell.core.ExitCodes;
import io.influxupgrade.shell.core.StateChanging;
import io.influxupgrade.shell.render.Output;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.shell.command.annotation.Command;
import org.springframework.shell.command.annotation.Option;
import org.springframework.shell.command.annotation.OptionValues;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code recover [PLAYBOOK] [--run]}: shows the playbook that applies, and with --run carries out its
 * shell steps in order, checking each operator step on the machine before going past it.
 */
@Command(group = "Guided upgrade")
public class RecoverCommands implements StateChanging {

    /** What happened to one step of a run. */
    public record StepOutcome(int number, String title, String kind, String command, String outcome) {
    }

    /** The result of {@code recover}. */
    public record RecoveryResult(String playbook, String title, String why, String evidence, boolean ran,
                                 List<StepOutcome> steps, String next, List<RecoverCommand.Match> matches) {
    }

    private final Workspace ws;
    private final Output out;
    private final ObjectProvider<CommandRunner> runner;
    private final ObjectProvider<RecoverCommand.ShardSignals> shardSignals;

    public RecoverCommands(Workspace ws, Output out, ObjectProvider<CommandRunner> runner,
                           ObjectProvider<RecoverCommand.ShardSignals> shardSignals) {
        this.ws = ws;
        this.out = out;
        this.runner = runner;
        this.shardSignals = shardSignals;
    }

    @Override
    public Set<String> stateChangingCommands() {
        return Set.of("recover");
    }

    @Command(command = "recover", description = "Guided recovery after a failed upgrade: raft-db-detected, metastore-missing, "
            + "permission-denied, shards-missing; without a name it lists every one whose evidence matches, most data at risk first, "
            + "and shows the first; --log FILE adds influxd's own start-up errors as evidence. --run carries out the steps the shell can do. "
            + "Example: recover metastore-missing --run")
    public void recover(@Option(label = "PLAYBOOK", arityMax = 1, longNames = "playbook", description = "which playbook (default: detected)") @OptionValues(provider = "playbooks") String playbook,
                        @Option(longNames = "run", description = "carry out the steps the shell can do") boolean run,
                        @Option(label = "FILE", longNames = "log", description = "an influxd log or pasted start-up error: its known errors count as evidence")
                        @OptionValues(provider = "paths") String log) {
        RecoverCommand.Recovery r = new RecoverCommand(Path.of("/"), shardSignals.getIfAvailable(() -> RecoverCommand.ShardSignals.NONE),
                () -> VersionDetector.binary().map(VersionDetector.BinaryVersion::version).map(InfluxVersion::tryParse))
                .run(ws, playbook, log == null || log.isBlank() ? null : VerifyCommands.userPath(log));
        if (r.playbook() == null) {
            RecoveryResult none = new RecoveryResult(null, null, null, r.evidence(), false, List.of(), null, r.matches());
            out.emit(none, t -> t.line(t.style().ok(r.evidence())));
            return;
        }
        Playbook p = r.playbook();
        List<StepOutcome> outcomes = new ArrayList<>();
        String next = null;
        if (run) {
            next = execute(p, outcomes);
        } else {
            int n = 0;
            for (Playbook.Step s : p.steps()) {
                outcomes.add(new StepOutcome(++n, s.title(), s.kind().name().toLowerCase(), s.command(), "to do (check: " + s.check() + ")"));
            }
            next = "run 'recover " + p.id() + " --run' to carry out the shell steps";
        }
        RecoveryResult result = new RecoveryResult(p.id(), p.title(), p.why(), r.evidence(), run, outcomes, next, r.matches());
        String nextLine = next;
        out.emit(result, t -> {
            if (playbook == null && r.matches().size() > 1) {
                t.line("matching playbooks, most data at risk first:");
                for (RecoverCommand.Match m : r.matches()) {
                    t.line(String.format("  %d. %s (%s): run '%s'", m.rank(), m.playbook(), m.risk(), m.command()));
                    m.evidence().forEach(e -> t.line("       evidence: " + e));
                }
            }
            t.heading("recover " + p.id() + ": " + p.title());
            t.line("  why: " + p.why());
            t.line("  detected: " + r.evidence());
            for (StepOutcome o : outcomes) {
                t.line(String.format("  %d. [%s] %s", o.number(), o.kind(), o.title()));
                t.line("       " + (o.kind().equals("operator") ? "you run: " : "command: ") + o.command());
                t.line("       " + o.outcome());
            }
            if (nextLine != null) {
                t.line("next: " + nextLine);
            }
        });
    }

    private String execute(Playbook p, List<StepOutcome> outcomes) {
        UpgradeSession s = ws.session();
        List<Playbook.Step> steps = p.steps();
        for (int i = 0; i < steps.size(); i++) {
            Playbook.Step step = steps.get(i);
            int number = i + 1;
            if (step.kind() == Playbook.Kind.OPERATOR) {
                String seen = probe(step.probe(), s);
                if (seen != null) {
                    outcomes.add(new StepOutcome(number, step.title(), "operator", step.command(), "checked: " + seen));
                    continue;
                }
                boolean shellStepsLeft = steps.subList(i + 1, steps.size()).stream().anyMatch(x -> x.kind() == Playbook.Kind.SHELL);
                if (shellStepsLeft) {
                    throw UpgradeException.notReady("recover " + p.id() + ": step " + number + " (" + step.title() + ") is not done: run '"
                            + step.command() + "', then 'recover " + p.id() + " --run' again");
                }
                outcomes.add(new StepOutcome(number, step.title(), "operator", step.command(), "now yours: " + step.check()));
                for (int j = i + 1; j < steps.size(); j++) {
                    Playbook.Step rest = steps.get(j);
                    outcomes.add(new StepOutcome(j + 1, rest.title(), "operator", rest.command(), "then: " + rest.check()));
                }
                finish(p);
                return "do step " + number + " yourself: " + step.command();
            }
            String doneKey = "recover:" + p.id() + ":" + number;
            if (s.stepDone(doneKey)) {
                outcomes.add(new StepOutcome(number, step.title(), "shell", step.command(), "done in an earlier run"));
                continue;
            }
            CommandRunner.Result res = out.nested(() -> runner.getObject().run(LineTokenizer.split(step.command())));
            if (!res.ok()) {
                throw new UpgradeException(ExitCodes.kindOf(res.exitCode()), "recover " + p.id() + ": step " + number + " '" + step.command()
                        + "' failed: " + res.message());
            }
            outcomes.add(new StepOutcome(number, step.title(), "shell", step.command(), "done"));
            // a re-run after an operator step must not repeat this one (a second rollback would undo nothing useful)
            s.markStep(new UpgradeSession.StepRecord(doneKey, ws.now(), step.command(), null));
            ws.save();
        }
        finish(p);
        return null;
    }

    private void finish(Playbook p) {
        if (p.id().equals("metastore-missing")) {
            RecoverCommand.RETRY_STEPS.forEach(ws.session().getSteps()::remove);
        }
        // the shell's part is over: the next 'recover' starts afresh
        ws.session().getSteps().keySet().removeIf(k -> k.startsWith("recover:" + p.id() + ":"));
    }

    /** What the machine shows for an operator step, or null when it does not show it done. */
    private static String probe(Playbook.Probe probe, UpgradeSession s) {
        Path meta = s.getMetaDir() == null ? null : Path.of(s.getMetaDir());
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
