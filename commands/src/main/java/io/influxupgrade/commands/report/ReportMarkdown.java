package io.influxupgrade.commands.report;

import io.influxupgrade.commands.Finding;
import io.influxupgrade.commands.backup.model.BackupRecord;
import io.influxupgrade.commands.plan.PlanReport;
import io.influxupgrade.commands.session.Journal;
import io.influxupgrade.commands.session.SessionReport;

/** Renders an {@link UpgradeReport} as Markdown for people and tickets. */
public final class ReportMarkdown {

    private ReportMarkdown() {
    }

    public static String render(UpgradeReport r) {
        SessionReport s = r.session();
        StringBuilder md = new StringBuilder();
        md.append("# InfluxDB upgrade report: ").append(s.name()).append("\n\n");
        md.append("Generated ").append(r.generatedAt()).append(" by influx-upgrade-shell.\n\n");
        md.append("| | |\n|---|---|\n");
        row(md, "upgrade", s.from() + " → " + s.to() + " (" + s.upgradePath() + ")");
        row(md, "config", s.configFile());
        row(md, "meta dir", s.metaDir());
        row(md, "data dir", s.dataDir());
        row(md, "wal dir", s.walDir());
        row(md, "service user", s.serviceUser() + ":" + s.serviceGroup());
        row(md, "installed influxd", s.detected().binaryVersion());
        row(md, "disk layout", s.detected().layout());
        md.append("\n## Steps\n\n| # | step | state | when |\n|---|---|---|---|\n");
        for (PlanReport.Item i : r.plan().steps()) {
            md.append("| ").append(i.number()).append(" | ").append(esc(i.title())).append(" | ").append(i.state())
                    .append(" | ").append(i.doneAt() == null ? "" : i.doneAt()).append(" |\n");
        }
        md.append("\n## Backups\n\n");
        if (s.backups().isEmpty()) {
            md.append("None recorded.\n");
        } else {
            md.append("| id | kind | verified | bytes | manifest SHA-256 | path |\n|---|---|---|---|---|---|\n");
            for (BackupRecord b : s.backups()) {
                md.append("| ").append(b.id()).append(" | ").append(b.kind()).append(" | ").append(b.verified() ? "yes" : "NO")
                        .append(" | ").append(b.bytes()).append(" | `").append(b.manifestSha256() == null ? "" : b.manifestSha256())
                        .append("` | ").append(esc(b.path())).append(" |\n");
            }
        }
        md.append("\n## Checks\n\n").append(r.checks().summary().checks()).append(" checks: ")
                .append(r.checks().summary().errors()).append(" error(s), ").append(r.checks().summary().warnings())
                .append(" warning(s), ").append(r.checks().summary().notices()).append(" notice(s).\n\n");
        if (!r.checks().findings().isEmpty()) {
            md.append("| severity | id | finding | fix |\n|---|---|---|---|\n");
            for (Finding f : r.checks().findings()) {
                md.append("| ").append(f.severity()).append(" | ").append(f.id()).append(" | ").append(esc(f.message()))
                        .append(" | ").append(esc(f.fix())).append(" |\n");
            }
        }
        md.append("\n## Config\n\n");
        if (r.config() == null) {
            md.append("No config file in the session.\n");
        } else if (r.config().error() != null) {
            md.append("`config diff` failed: ").append(esc(r.config().error())).append('\n');
        } else {
            md.append("`").append(r.config().file()).append("`: ").append(r.config().counts())
                    .append(r.config().blocksStart() ? " — **would stop the target from starting**" : "").append('\n');
        }
        md.append("\n## Baselines and comparisons\n\n");
        md.append("Baselines: ").append(r.baselines().isEmpty() ? "none" : String.join(", ", r.baselines())).append("\n\n");
        for (Journal.Entry e : r.comparisons()) {
            md.append("- ").append(e.time()).append(" `").append(e.command()).append("` → exit ").append(e.exitCode())
                    .append(": ").append(esc(e.outcome())).append('\n');
        }
        md.append("\n## Journal\n\n| time | command | exit | outcome |\n|---|---|---|---|\n");
        for (Journal.Entry e : r.journal()) {
            md.append("| ").append(e.time()).append(" | `").append(e.command().replace("`", "'")).append("` | ")
                    .append(e.exitCode()).append(" | ").append(esc(e.outcome())).append(" |\n");
        }
        if (r.plan().route() != null) {
            md.append("\n## Route\n\n| hop | does | why |\n|---|---|---|\n");
            r.plan().route().hops().forEach(h -> md.append("| ").append(h.from()).append(" → ").append(h.to()).append(" | ")
                    .append(esc(h.does())).append(" | ").append(esc(h.why())).append(" |\n"));
        }
        if (r.tsi() != null) {
            md.append("\n## Series indexes (target index ").append(r.tsi().targetIndex()).append(")\n\n");
            md.append("| shard | db | rp | index | series | to build |\n|---|---|---|---|---|---|\n");
            r.tsi().shards().forEach(i -> md.append("| ").append(i.id()).append(" | ").append(esc(i.db())).append(" | ").append(esc(i.rp()))
                    .append(" | ").append(i.index()).append(i.layout() == null ? "" : " " + i.layout()).append(" | ")
                    .append(i.seriesKeys() == null ? "" : i.seriesKeys()).append(" | ").append(i.needsBuild() ? "yes" : "").append(" |\n"));
        }
        String to = s.to() == null ? "1.4" : s.to();
        md.append(to.startsWith("1.4") ? "\n## What is new in 1.4 (compared with 1.3)\n\n" : "\n## What is new on the way to " + to + "\n\n")
                .append(r.whatsNew()).append('\n');
        return md.toString();
    }

    private static void row(StringBuilder md, String k, String v) {
        md.append("| ").append(k).append(" | ").append(esc(v)).append(" |\n");
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }
}
