package io.influxupgrade.commands.plan;

import io.influxupgrade.commands.LineRunner;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.session.Workspace;

import java.util.function.Consumer;

/**
 * {@code next}: the next step of the session's plan. A shell step whose command is complete (no {@code <placeholder>}
 * to fill in) is run through the shell's own runner, announced first, and prints its own result; an operator step,
 * or a shell step that needs a value from the operator, is returned to be explained.
 */
public final class NextStepCommand {

    /** What {@code next} did: nothing left ({@code step} null), ran {@code step}, or explains {@code step}. */
    public record Next(Action action, PlanReport.Item step) {
    }

    public enum Action { NOTHING_LEFT, RAN, EXPLAIN }

    /** JSON of {@code next} when every step is done. */
    public record NothingLeft(String next, String message) {
        public static final NothingLeft INSTANCE = new NothingLeft("none", "every step is done");
    }

    private final PlanCommand plan;

    public NextStepCommand(PlanCommand plan) {
        this.plan = plan;
    }

    /** {@code announce} gets one line before a step is run; a step that fails ends {@code next} with its failure. */
    public Next run(Workspace ws, LineRunner runner, Consumer<String> announce) {
        PlanReport p = plan.run(ws);
        PlanReport.Item item = p.steps().stream().filter(i -> i.id().equals(p.next())).findFirst().orElse(null);
        if (item == null) {
            return new Next(Action.NOTHING_LEFT, null);
        }
        if (item.kind().equals("shell") && !item.command().contains("<")) {
            announce.accept("next step " + item.number() + ": " + item.title() + " → running '" + item.command() + "'");
            UpgradeException failed = runner.run(item.command());
            if (failed != null) {
                throw failed;
            }
            return new Next(Action.RAN, item);
        }
        return new Next(Action.EXPLAIN, item);
    }
}
