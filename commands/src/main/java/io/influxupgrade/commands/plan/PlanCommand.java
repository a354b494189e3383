package io.influxupgrade.commands.plan;

import io.influxupgrade.commands.session.UpgradeSession;
import io.influxupgrade.commands.session.Workspace;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds the checklist of the session's upgrade path: {@code plan} and {@code status} print it. */
public final class PlanCommand {

    private final Path root;

    public PlanCommand() {
        this(Path.of("/"));
    }

    /** {@code root} is where the init system is looked up (tests use a temp dir). */
    public PlanCommand(Path root) {
        this.root = root;
    }

    public PlanReport run(Workspace ws) {
        UpgradeSession s = ws.session();
        InitSystem.InfluxInstall install = InitSystem.detect(root, s.to().toString());
        List<PlanStep> steps = UpgradePlan.steps(s, install.init());
        String next = UpgradePlan.next(s, steps).map(PlanStep::id).orElse(null);
        List<PlanReport.Item> items = new ArrayList<>();
        int n = 0;
        for (PlanStep p : steps) {
            n++;
            UpgradeSession.StepRecord done = s.getSteps().get(p.id());
            String state = done != null ? "done" : p.id().equals(next) ? "next" : "pending";
            items.add(new PlanReport.Item(n, p.id(), p.title(), p.why(), p.kind().name().toLowerCase(), p.command(), state,
                    done == null ? null : done.doneAt(), done == null ? null : done.by(), p.optional()));
        }
        // a 1.4 target keeps the document's two paths as they were; beyond 1.4 the route names its hops
        Route route = s.to().atLeast(1, 5) && s.upgradePath() != io.influxupgrade.commands.session.UpgradePath.NONE ? UpgradePlan.route(s) : null;
        String label = route != null ? route.label() : s.upgradePath().label(s.to());
        return new PlanReport(s.getName(), label, install.init().name(), items, next, UpgradePlan.progress(s, steps), route);
    }

    /** The steps of the open session's plan (for completion and the prompt). */
    public List<PlanStep> steps(UpgradeSession s) {
        return UpgradePlan.steps(s, InitSystem.detect(root, s.to().toString()).init());
    }
}
