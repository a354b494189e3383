package io.influxupgrade.shell.render;

import io.influxupgrade.commands.config.ConfigDiff;
import io.influxupgrade.commands.config.ConfigFinding;
import io.influxupgrade.commands.config.ConfigMigration;
import io.influxupgrade.commands.config.ConfigValidation;
import io.influxupgrade.commands.config.EnvOverride;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** How the config diff, migration and validation read as text. */
public final class ConfigView {

    private ConfigView() {
    }

    public static void diff(Text t, ConfigDiff d) {
        t.line("config " + d.oldFile() + ": InfluxDB " + d.fromVersion() + (d.fromInferred() ? " (inferred)" : "")
                + " → " + d.toVersion());
        for (ConfigFinding.Group g : ConfigFinding.Group.values()) {
            List<ConfigFinding> fs = d.group(g);
            if (fs.isEmpty()) {
                continue;
            }
            t.blank().heading(g.id() + " (" + fs.size() + ")");
            List<List<String>> rows = new ArrayList<>();
            for (ConfigFinding f : fs) {
                rows.add(List.of(t.style().severity(f.severity().name()), f.key(), f.line() == null ? "" : f.line().toString(),
                        str(f.oldValue()), f.targetKey() == null ? "(ignored)" : f.targetKey() + (f.targetValue() == null ? "" : " = " + f.targetValue()),
                        str(f.advice())));
            }
            t.table(List.of("SEVERITY", "KEY", "LINE", "OLD VALUE", "TARGET", "ADVICE"), rows);
        }
        if (!d.envOverrides().isEmpty()) {
            t.blank().heading("environment overrides (" + d.envOverrides().size() + ")");
            List<List<String>> rows = new ArrayList<>();
            for (EnvOverride e : d.envOverrides()) {
                rows.add(List.of(t.style().severity(e.severity() == null ? "" : e.severity().name()), e.name(), str(e.value()),
                        e.status(), str(e.targetKey()), str(e.advice())));
            }
            t.table(List.of("SEVERITY", "VARIABLE", "VALUE", "STATUS", "TARGET KEY", "ADVICE"), rows);
        }
        Map<String, Integer> counts = d.counts();
        t.blank().line("summary: " + counts);
    }

    static void findings(Text t, List<ConfigFinding> findings) {
        if (findings.isEmpty()) {
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        for (ConfigFinding f : findings) {
            rows.add(List.of(t.style().severity(f.severity().name()), f.key(), f.line() == null ? "" : f.line().toString(), str(f.advice())));
        }
        t.table(List.of("SEVERITY", "KEY", "LINE", "PROBLEM"), rows);
    }

    public static void migrated(Text t, ConfigMigration m) {
        t.line(t.style().ok("wrote " + m.outFile()) + " (" + m.fromVersion() + " → " + m.toVersion() + ")");
        List<List<String>> carried = new ArrayList<>();
        m.carried().forEach(c -> carried.add(List.of(c.key(), String.valueOf(c.line()), c.targetKey(), c.value())));
        if (!carried.isEmpty()) {
            t.blank().heading("carried over").table(List.of("OLD KEY", "LINE", "TARGET KEY", "VALUE"), carried);
        }
        List<List<String>> dropped = new ArrayList<>();
        m.dropped().forEach(d -> dropped.add(List.of(d.key(), d.line() == null ? "" : d.line().toString(), str(d.value()), d.reason())));
        if (!dropped.isEmpty()) {
            t.blank().heading("dropped").table(List.of("OLD KEY", "LINE", "VALUE", "REASON"), dropped);
        }
        m.warnings().forEach(w -> t.line(t.style().warn("warning: ") + w));
    }

    public static void validated(Text t, ConfigValidation v) {
        t.line("config " + v.file() + " for InfluxDB " + v.version() + (v.versionInferred() ? " (inferred)" : ""));
        findings(t, v.findings());
        if (v.influxd() != null) {
            t.line("influxd (" + v.influxd().version() + "): " + (v.influxd().accepted() ? t.style().ok("accepts the file")
                    : t.style().error("refuses the file: " + v.influxd().message())));
        } else {
            t.line(t.style().dim("influxd not on PATH: only the built-in checks ran"));
        }
        if (!v.failed()) {
            t.line(t.style().ok("valid"));
        }
    }

    private static String str(String s) {
        return s == null ? "" : s;
    }
}
