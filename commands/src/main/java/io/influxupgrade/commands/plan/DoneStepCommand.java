package io.influxupgrade.commands.plan;

import io.influxupgrade.commands.InfluxVersion;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.backup.ServiceProbe;
import io.influxupgrade.commands.session.UpgradePath;
import io.influxupgrade.commands.session.UpgradeSession;
import io.influxupgrade.commands.session.VersionDetector;
import io.influxupgrade.commands.session.Workspace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Confirms an operator step ({@code done stop-service}) after checking its result where the machine can
 * tell: the process is gone, the binary's version changed, the server answers. Refuses out-of-order steps.
 */
public final class DoneStepCommand {

    public record Request(String step, String note, boolean force) {
    }

    public record Confirmed(String step, String checked, String next) {
    }

    private final ServiceProbe probe;
    private final Supplier<Optional<VersionDetector.BinaryVersion>> binary;
    private final PlanCommand plan;

    public DoneStepCommand(ServiceProbe probe, Supplier<Optional<VersionDetector.BinaryVersion>> binary, PlanCommand plan) {
        this.probe = probe;
        this.binary = binary;
        this.plan = plan;
    }

    public Confirmed run(Workspace ws, Request r) {
        UpgradeSession s = ws.session();
        List<PlanStep> steps = plan.steps(s);
        PlanStep step = steps.stream().filter(p -> p.id().equals(r.step())).findFirst().orElseThrow(() ->
                UpgradeException.usage("done: '" + r.step() + "' is not a step of this plan (one of "
                        + String.join(", ", steps.stream().map(PlanStep::id).toList()) + ")"));
        if (step.kind() == PlanStep.Kind.SHELL) {
            throw UpgradeException.usage("done: step '" + step.id() + "' is done by the shell command '" + step.command()
                    + "', not confirmed by hand");
        }
        if (!r.force()) {
            for (PlanStep p : steps) {
                if (p.id().equals(step.id())) {
                    break;
                }
                if (!p.optional() && !s.stepDone(p.id())) {
                    throw UpgradeException.notReady("done " + step.id() + ": step '" + p.id() + "' (" + p.title()
                            + ") is not done yet; do the steps in order (run 'status'), or use --force if you really did it another way");
                }
            }
        }
        String checked = verify(s, step);
        s.markStep(new UpgradeSession.StepRecord(step.id(), ws.now(), "done " + step.id(), r.note()));
        String next = UpgradePlan.next(s, steps).map(PlanStep::id).orElse(null);
        return new Confirmed(step.id(), checked, next);
    }

    private String verify(UpgradeSession s, PlanStep step) {
        Path meta = s.getMetaDir() == null ? null : Path.of(s.getMetaDir());
        int port = s.httpPort();
        switch (step.id()) {
            case "stop-service" -> {
                List<String> ev = probe.evidence();
                if (!ev.isEmpty()) {
                    throw UpgradeException.notReady("done stop-service: influxd still runs (" + String.join("; ", ev) + "); stop it first ("
                            + step.command() + ")");
                }
                return "no influxd process, port " + port + " closed";
            }
            case "install-binary" -> {
                var bin = binary.get().orElseThrow(() -> UpgradeException.notReady(
                        "done install-binary: no influxd on PATH; install InfluxDB " + s.to() + " first"));
                InfluxVersion v = InfluxVersion.tryParse(bin.version());
                if (v == null || !v.line().equals(s.to().line())) {
                    throw UpgradeException.notReady("done install-binary: " + bin.path() + " is " + bin.version() + ", not " + s.to()
                            + " (install the new package: " + step.command() + ")");
                }
                return bin.path() + " is " + bin.version();
            }
            case "start-service" -> {
                if (s.upgradePath() == UpgradePath.RAFT_ERA && meta != null && Files.exists(meta.resolve("raft.db"))) {
                    throw UpgradeException.notReady("done start-service: " + meta.resolve("raft.db") + " is still there, so InfluxDB "
                            + s.to() + " refuses to start; run 'restore metastore' first (or 'recover raft-db-detected')");
                }
                List<String> ev = probe.evidence();
                if (ev.isEmpty()) {
                    throw UpgradeException.notReady("done start-service: no influxd runs and port " + port + " does not answer; start it ("
                            + step.command() + ") and look at its log");
                }
                return String.join("; ", ev);
            }
            default -> {
                return "confirmed by the operator";
            }
        }
    }
}
