package io.influxupgrade.shell.command;

import io.influxupgrade.commands.InfluxVersion;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.config.ConfigDiff;
import io.influxupgrade.commands.config.ConfigDiffCommand;
import io.influxupgrade.commands.config.ConfigFinding;
import io.influxupgrade.commands.config.ConfigMigrateCommand;
import io.influxupgrade.commands.config.ConfigMigration;
import io.influxupgrade.commands.config.ConfigValidateCommand;
import io.influxupgrade.commands.config.ConfigValidation;
import io.influxupgrade.commands.config.EnvOverride;
import io.influxupgrade.commands.session.UpgradeSession;
import io.influxupgrade.commands.session.VersionDetector;
import io.influxupgrade.commands.session.Workspace;
import io.influxupgrade.shell.core.StateChanging;
import io.influxupgrade.shell.render.Output;
import io.influxupgrade.shell.render.Text;
import org.springframework.shell.command.annotation.Command;
import org.springframework.shell.command.annotation.Option;
import org.springframework.shell.command.annotation.OptionValues;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Adapters for {@code config diff}, {@code config migrate} and {@code config validate}. */
@Command(command = "config", group = "Config")
public class ConfigCommands implements StateChanging {

    private final Workspace ws;
    private final Output out;

    public ConfigCommands(Workspace ws, Output out) {
        this.ws = ws;
        this.out = out;
    }

    @Override
    public Set<String> stateChangingCommands() {
        return Set.of("config migrate");
    }

    @Command(command = "diff", description = "Compare an old influxdb.conf with the target version: what blocks start, "
            + "what is customised, renamed, ignored, or gets a new default; INFLUXDB_* overrides too. Exit 4 when the target "
            + "would refuse to start. Example: config diff --old /etc/influxdb/influxdb.conf --to 1.4")
    public void diff(
            @Option(label = "FILE", longNames = "old", description = "the old config (default: the session's config)") @OptionValues(provider = "paths") String old,
            @Option(label = "VERSION", longNames = "from", description = "its version (default: the session's, else inferred)") @OptionValues(provider = "versions") String from,
            @Option(label = "VERSION", longNames = "to", description = "target version (default: the session's, else 1.4)") @OptionValues(provider = "versions") String to) {
        ConfigDiff d = new ConfigDiffCommand().run(new ConfigDiffCommand.Request(oldFile(old), from(from), to(to), influxEnv()));
        out.emit(d, t -> render(t, d));
    }

    @Command(command = "migrate", description = "Write a config for the target version: the target's commented skeleton, "
            + "every customised value carried over with renames applied, dropped keys listed with reasons at the top. "
            + "Never touches the old file. Example: config migrate --out /tmp/influxdb-1.4.conf")
    public void migrate(
            @Option(label = "FILE", longNames = "out", required = true, description = "the new file to write") @OptionValues(provider = "paths") String outFile,
            @Option(label = "FILE", longNames = "old", description = "the old config (default: the session's config)") @OptionValues(provider = "paths") String old,
            @Option(label = "VERSION", longNames = "from", description = "its version (default: the session's, else inferred)") @OptionValues(provider = "versions") String from,
            @Option(label = "VERSION", longNames = "to", description = "target version (default: the session's, else 1.4)") @OptionValues(provider = "versions") String to,
            @Option(longNames = "force", description = "replace an existing --out file") boolean force) {
        var r = new ConfigMigrateCommand().runStep(new ConfigMigrateCommand.Request(oldFile(old), from(from), to(to),
                Path.of(outFile), force, planIndex(to)));
        ConfigMigration m = r.result();
        out.emit(r, t -> {
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
        });
    }

    @Command(command = "validate", description = "Parse and type-check a config file for a version; when influxd is on PATH "
            + "also run 'influxd config -config FILE' and report its verdict. Example: config validate /tmp/influxdb-1.4.conf")
    public void validate(
            @Option(label = "FILE", arityMax = 1, longNames = "file", required = true, description = "the config file") @OptionValues(provider = "paths") String file,
            @Option(label = "VERSION", longNames = "version", description = "version to check against (default: inferred)") @OptionValues(provider = "versions") String version) {
        Path influxd = VersionDetector.findOnPath("influxd").orElse(null);
        ConfigValidation v = new ConfigValidateCommand().run(new ConfigValidateCommand.Request(Path.of(file),
                version == null ? null : InfluxVersion.parse(version), influxd));
        out.emit(v, t -> {
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
        });
    }

    static void render(Text t, ConfigDiff d) {
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

    private Path oldFile(String old) {
        if (old != null) {
            return Path.of(old);
        }
        UpgradeSession s = ws.hasSession() ? ws.session() : null;
        if (s == null || s.getConfigFile() == null) {
            throw UpgradeException.usage("config: no config file: give --old FILE (or 'session set config FILE')");
        }
        return Path.of(s.getConfigFile());
    }

    private InfluxVersion from(String from) {
        if (from != null) {
            return InfluxVersion.parse(from);
        }
        return ws.hasSession() ? ws.session().from() : null;
    }

    private InfluxVersion to(String to) {
        if (to != null) {
            return InfluxVersion.parse(to);
        }
        return ws.hasSession() ? ws.session().to() : InfluxVersion.V1_4;
    }

    /** The INFLUXDB_* variables of this process: they override the file in the real server too. */
    static Map<String, String> influxEnv() {
        Map<String, String> env = new TreeMap<>();
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("INFLUXDB_")) {
                env.put(k, v);
            }
        });
        return env;
    }

    private static String str(String s) {
        return s == null ? "" : s;
    }

    /** The session's index for a 1.5+ target (issue 18: a tsi1 plan writes index-version = "tsi1"); null otherwise. */
    private String planIndex(String to) {
        if (!ws.hasSession() || (to != null && !to.equals(ws.session().getToVersion()))) {
            return null;
        }
        return ws.session().to().atLeast(1, 5) ? ws.session().index() : null;
    }
}
