package io.influxupgrade.shell.render;

import io.influxupgrade.commands.v2.V2PreflightCommand;
import io.influxupgrade.commands.v2.V2ReportWriter;

/** How {@code check --to 2.x} and {@code report --to 2.x} look to a person. */
public final class V2View {

    private V2View() {
    }

    /** The findings, then each continuous query's task text. */
    public static void check(Text t, V2PreflightCommand.V2Preflight p) {
        t.heading("What 2.x's influxd upgrade would drop or break (target " + p.v2Dir() + ")");
        PlanView.findings(t, p.findings(), p.findings().size() + " finding(s); 'report --to 2.x --out FILE' writes them with the task texts");
        for (V2PreflightCommand.TaskText task : p.tasks()) {
            t.line("");
            t.line("task for " + task.database() + "." + task.name() + (task.complete() ? ":" : " (finish by hand):"));
            task.flux().lines().forEach(l -> t.line("  " + l));
        }
    }

    /** The report in markdown, or where it was written. */
    public static void report(Text t, V2PreflightCommand.V2Preflight p, java.nio.file.Path written) {
        if (written != null) {
            t.line(t.style().ok("wrote " + written));
        } else {
            V2ReportWriter.markdown(p).lines().forEach(t::line);
        }
    }
}
