package io.influxupgrade.shell.command;

import io.influxupgrade.commands.InfluxVersion;
import io.influxupgrade.commands.config.ConfigDiff;
import io.influxupgrade.commands.config.ConfigDiffCommand;
import io.influxupgrade.commands.config.ConfigMigrateCommand;
import io.influxupgrade.commands.config.ConfigMigration;
import io.influxupgrade.commands.config.ConfigValidateCommand;
import io.influxupgrade.commands.config.ConfigValidation;
import io.influxupgrade.commands.session.SessionDefaults;
import io.influxupgrade.commands.session.VersionDetector;
import io.influxupgrade.commands.session.Workspace;
import io.influxupgrade.shell.core.Journaled;
import io.influxupgrade.shell.render.ConfigView;
import io.influxupgrade.shell.render.Output;
import org.springframework.shell.command.annotation.Command;
import org.springframework.shell.command.annotation.Option;
import org.springframework.shell.command.annotation.OptionValues;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** Adapters for {@code config diff}, {@code config migrate} and {@code config validate}. */
@Command(command = "config", group = "Config")
public record ConfigCommands(Workspace ws, Output out) {

    @Command(command = "diff", description = "Compare an old influxdb.conf with the target version: what blocks start, "
            + "what is customised, renamed, ignored, or gets a new default; INFLUXDB_* overrides too. Exit 4 when the target "
            + "would refuse to start. Example: config diff --old /etc/influxdb/influxdb.conf --to 1.4")
    public void diff(
            @Option(label = "FILE", longNames = "old", description = "the old config (default: the session's config)") @OptionValues(provider = "paths") Path old,
            @Option(label = "VERSION", longNames = "from", description = "its version (default: the session's, else inferred)") @OptionValues(provider = "versions") InfluxVersion from,
            @Option(label = "VERSION", longNames = "to", description = "target version (default: the session's, else 1.4)") @OptionValues(provider = "versions") InfluxVersion to) {
        ConfigDiff d = new ConfigDiffCommand().run(new ConfigDiffCommand.Request(SessionDefaults.oldConfig(ws, old), SessionDefaults.from(ws, from), SessionDefaults.to(ws, to), influxEnv()));
        out.emit(d, t -> ConfigView.diff(t, d));
    }

    @Journaled
    @Command(command = "migrate", description = "Write a config for the target version: the target's commented skeleton, "
            + "every customised value carried over with renames applied, dropped keys listed with reasons at the top. "
            + "Never touches the old file. Example: config migrate --out /tmp/influxdb-1.4.conf")
    public void migrate(
            @Option(label = "FILE", longNames = "out", required = true, description = "the new file to write") @OptionValues(provider = "paths") Path outFile,
            @Option(label = "FILE", longNames = "old", description = "the old config (default: the session's config)") @OptionValues(provider = "paths") Path old,
            @Option(label = "VERSION", longNames = "from", description = "its version (default: the session's, else inferred)") @OptionValues(provider = "versions") InfluxVersion from,
            @Option(label = "VERSION", longNames = "to", description = "target version (default: the session's, else 1.4)") @OptionValues(provider = "versions") InfluxVersion to,
            @Option(longNames = "force", description = "replace an existing --out file") boolean force) {
        var r = new ConfigMigrateCommand().runStep(new ConfigMigrateCommand.Request(SessionDefaults.oldConfig(ws, old), SessionDefaults.from(ws, from), SessionDefaults.to(ws, to),
                outFile, force, SessionDefaults.planIndex(ws, to)));
        ConfigMigration m = r.result();
        out.emit(r, t -> ConfigView.migrated(t, m));
    }

    @Command(command = "validate", description = "Parse and type-check a config file for a version; when influxd is on PATH "
            + "also run 'influxd config -config FILE' and report its verdict. Example: config validate /tmp/influxdb-1.4.conf")
    public void validate(
            @Option(label = "FILE", arityMax = 1, longNames = "file", required = true, description = "the config file") @OptionValues(provider = "paths") Path file,
            @Option(label = "VERSION", longNames = "version", description = "version to check against (default: inferred)") @OptionValues(provider = "versions") InfluxVersion version) {
        Path influxd = VersionDetector.findOnPath("influxd").orElse(null);
        ConfigValidation v = new ConfigValidateCommand().run(new ConfigValidateCommand.Request(file,
                version, influxd));
        out.emit(v, t -> ConfigView.validated(t, v));
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

}
