package io.influxupgrade.commands.report;

import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.check.Check;
import io.influxupgrade.commands.check.CheckContext;
import io.influxupgrade.commands.check.CheckReport;
import io.influxupgrade.commands.check.PreflightCheckCommand;
import io.influxupgrade.commands.config.ConfigDiff;
import io.influxupgrade.commands.config.ConfigDiffCommand;
import io.influxupgrade.commands.fs.AtomicFiles;
import io.influxupgrade.commands.plan.PlanCommand;
import io.influxupgrade.commands.plan.PlanReport;
import io.influxupgrade.commands.session.Journal;
import io.influxupgrade.commands.session.SessionReport;
import io.influxupgrade.commands.session.SessionShowCommand;
import io.influxupgrade.commands.session.UpgradeSession;
import io.influxupgrade.commands.session.Workspace;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds the upgrade report of the open session; optionally writes it (Markdown or JSON) to a file. */
public final class ReportCommand {

    public enum Format { MD, JSON }

    public record Request(Path out, Format format, boolean force) {
    }

    private final List<Check> checks;
    private final CheckContext checkContext;
    private final PlanCommand plan;

    public ReportCommand(List<Check> checks, CheckContext checkContext, PlanCommand plan) {
        this.checks = checks;
        this.checkContext = checkContext;
        this.plan = plan;
    }

    public UpgradeReport run(Workspace ws, Request r) {
        UpgradeSession s = ws.session();
        SessionReport session = new SessionShowCommand().run(ws);
        PlanReport planReport = plan.run(ws);
        CheckReport checkReport = new PreflightCheckCommand(checks).run(checkContext, new PreflightCheckCommand.Request(Set.of(), Set.of()));
        UpgradeReport.ConfigSummary config = null;
        if (s.getConfigFile() != null) {
            try {
                ConfigDiff d = new ConfigDiffCommand().run(new ConfigDiffCommand.Request(Path.of(s.getConfigFile()), s.from(), s.to(), Map.of()));
                config = new UpgradeReport.ConfigSummary(s.getConfigFile(), d.counts(), d.failed(), null);
            } catch (UpgradeException e) {
                config = new UpgradeReport.ConfigSummary(s.getConfigFile(), Map.of(), false, e.getMessage());
            }
        }
        List<Journal.Entry> journal = ws.journal().entries();
        List<Journal.Entry> comparisons = journal.stream().filter(e -> e.command().startsWith("verify ")).toList();
        UpgradeReport report = new UpgradeReport(ws.now(), session, planReport, checkReport, config,
                List.copyOf(s.getBaselines().keySet()), comparisons, journal, whatsNew());
        if (r.out() != null) {
            Path out = r.out().toAbsolutePath().normalize();
            if (Files.exists(out) && !r.force()) {
                throw UpgradeException.usage("report: " + out + " exists (use --force to replace it)");
            }
            String text = r.format() == Format.JSON ? io.influxupgrade.commands.Json.line(report) + "\n" : ReportMarkdown.render(report);
            AtomicFiles.write(out, text.getBytes(StandardCharsets.UTF_8));
        }
        return report;
    }

    /** What is new in 1.4 compared with 1.3, in our own words from the project's facts. */
    static String whatsNew() {
        try (InputStream in = ReportCommand.class.getResourceAsStream("/report/whats-new-1.4.md")) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
