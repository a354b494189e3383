package io.influxupgrade.commands.v2;

import io.influxupgrade.commands.Json;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.Finding;
import io.influxupgrade.commands.fs.AtomicFiles;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code report --to 2.x}: the 2.x preflight as Markdown (findings, buckets, task texts) or JSON, written atomically. */
public final class V2ReportWriter {

    private V2ReportWriter() {
    }

    public static String markdown(V2PreflightCommand.V2Preflight p) {
        StringBuilder md = new StringBuilder();
        md.append("# InfluxDB ").append(p.from() == null ? "1.x" : p.from()).append(" → 2.x: what influxd upgrade would drop or break\n\n");
        md.append("Metastore: `").append(p.metaSource()).append("`; 2.x target: `").append(p.v2Dir()).append("`; the copy: ")
                .append(p.copyBytes()).append(" bytes").append(p.freeBytes() == null ? "" : " (" + p.freeBytes() + " free)").append(".\n\n");
        long errors = p.findings().stream().filter(f -> f.severity() == Finding.Severity.ERROR).count();
        long warnings = p.findings().stream().filter(f -> f.severity() == Finding.Severity.WARNING).count();
        md.append("## Findings\n\n").append(errors).append(" error(s), ").append(warnings).append(" warning(s).\n\n");
        md.append("| severity | id | finding | fix |\n|---|---|---|---|\n");
        for (Finding f : p.findings()) {
            md.append("| ").append(f.severity()).append(" | ").append(f.id()).append(" | ").append(esc(f.message())).append(" | ")
                    .append(esc(f.fix())).append(" |\n");
        }
        md.append("\n## Buckets\n\n| database | retention policy | bucket | retention | default |\n|---|---|---|---|---|\n");
        for (V2PreflightCommand.Bucket b : p.buckets()) {
            md.append("| ").append(esc(b.database())).append(" | ").append(esc(b.retentionPolicy())).append(" | ").append(esc(b.bucket()))
                    .append(" | ").append(b.retention()).append(" | ").append(b.defaultRp() ? "yes" : "").append(" |\n");
        }
        md.append("\n## Continuous queries as tasks\n\n");
        if (p.tasks().isEmpty()) {
            md.append("None.\n");
        }
        for (V2PreflightCommand.TaskText t : p.tasks()) {
            md.append("### ").append(esc(t.database())).append('.').append(esc(t.name())).append(t.complete() ? "" : " (finish by hand)").append("\n\n");
            md.append("```sql\n").append(t.influxql().strip()).append("\n```\n\n```flux\n").append(t.flux().strip()).append("\n```\n\n");
            if (t.note() != null) {
                md.append(t.note()).append("\n\n");
            }
        }
        return md.toString();
    }

    /** Writes the preflight to {@code out} (md or json); refuses an existing file unless forced. */
    public static void write(V2PreflightCommand.V2Preflight p, Path out, boolean json, boolean force) {
        Path file = out.toAbsolutePath().normalize();
        if (Files.exists(file) && !force) {
            throw UpgradeException.usage("report: " + file + " exists (use --force to replace it)");
        }
        String text = json ? Json.line(p) + "\n" : markdown(p);
        AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }
}
