package io.influxupgrade.commands.report;

import io.influxupgrade.commands.check.CheckReport;
import io.influxupgrade.commands.plan.PlanReport;
import io.influxupgrade.commands.session.Journal;
import io.influxupgrade.commands.session.SessionReport;

import java.time.Instant;
import java.util.List;

/**
 * The record of an upgrade: what was planned and done, backups with their checksums, the checks, config
 * changes, baselines and comparisons, the journal, and what is new in the target.
 */
public record UpgradeReport(Instant generatedAt, SessionReport session, PlanReport plan, CheckReport checks,
                            ConfigSummary config, List<String> baselines, List<Journal.Entry> comparisons,
                            List<Journal.Entry> journal, String whatsNew,
                            io.influxupgrade.commands.tsi.TsiStatusCommand.TsiReport tsi) {

    /** The config diff in counts, and where it failed to run. */
    public record ConfigSummary(String file, java.util.Map<String, Integer> counts, boolean blocksStart, String error) {
    }
}
