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
                List.copyOf(s.getBaselines().keySet()), comparisons, journal, whatsNew(s.from(), s.to()), tsi(s));
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

    /**
     * What is new in the target: for 1.4 compared with 1.3 (as before); beyond 1.4 every release after the source up to the
     * target, each under its own heading, in our own words from the project's facts.
     */
    static String whatsNew(io.influxupgrade.commands.InfluxVersion from, io.influxupgrade.commands.InfluxVersion to) {
        if (to == null || !to.atLeast(1, 5)) {
            return whatsNew("1.4");
        }
        StringBuilder sb = new StringBuilder();
        for (int minor = 4; minor <= to.minor(); minor++) {
            if (minor == 4 && from != null && from.atLeast(1, 4)) {
                continue;
            }
            if (from != null && from.major() == 1 && minor <= from.minor()) {
                continue;
            }
            sb.append("### ").append("1.").append(minor).append("\n\n").append(whatsNew("1." + minor).strip()).append("\n\n");
        }
        return sb.toString().strip() + "\n";
    }

    /** The per-shard index summary for a 1.5+ target, or null (1.4 targets, no data dir). */
    static io.influxupgrade.commands.tsi.TsiStatusCommand.TsiReport tsi(UpgradeSession s) {
        if (!s.to().atLeast(1, 5) || s.getDataDir() == null || !Files.isDirectory(Path.of(s.getDataDir()))) {
            return null;
        }
        try {
            return new io.influxupgrade.commands.tsi.TsiStatusCommand().run(new io.influxupgrade.commands.tsi.TsiStatusCommand.Request(
                    Path.of(s.getDataDir()), s.getWalDir() == null ? null : Path.of(s.getWalDir()), null, s.to(), s.index()));
        } catch (UpgradeException e) {
            return null;
        }
    }

    static String whatsNew(String line) {
        try (InputStream in = ReportCommand.class.getResourceAsStream("/report/whats-new-" + line + ".md")) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
