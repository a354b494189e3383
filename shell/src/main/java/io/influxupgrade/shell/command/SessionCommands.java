package io.influxupgrade.shell.command;

import io.influxupgrade.commands.InfluxVersion;

import io.influxupgrade.commands.session.SessionExportCommand;
import io.influxupgrade.commands.session.SessionListCommand;
import io.influxupgrade.commands.session.SessionNewCommand;
import io.influxupgrade.commands.session.SessionReport;
import io.influxupgrade.commands.session.SessionSetCommand;
import io.influxupgrade.commands.session.SessionShowCommand;
import io.influxupgrade.commands.session.Workspace;
import io.influxupgrade.shell.core.Journaled;
import io.influxupgrade.shell.render.Output;
import io.influxupgrade.shell.render.SessionView;
import org.springframework.shell.command.annotation.Command;
import org.springframework.shell.command.annotation.Option;
import org.springframework.shell.command.annotation.OptionValues;

import java.nio.file.Path;
import java.util.Map;

/** Adapters for the {@code session} commands: parse, delegate to the engine, render. */
@Command(command = "session", group = "Session")
public record SessionCommands(Workspace ws, Output out) {

    @Journaled
    @Command(command = "new", description = "Create an upgrade session and open it. "
            + "Example: session new prod --from 0.11.1 --to 1.4 --config /etc/influxdb/influxdb.conf")
    public void sessionNew(
            @Option(label = "NAME", arityMax = 1, longNames = "name", required = true, description = "session name") String name,
            @Option(label = "VERSION", longNames = "from", description = "InfluxDB version installed now, e.g. 0.11.1 or 1.3")
            @OptionValues(provider = "versions") InfluxVersion from,
            @Option(label = "VERSION", longNames = "to", description = "target version (default 1.4)") @OptionValues(provider = "versions") InfluxVersion to,
            @Option(label = "FILE", longNames = "config", description = "the old influxdb.conf") @OptionValues(provider = "paths") Path config,
            @Option(label = "DIR", longNames = "meta-dir", description = "metastore dir (default: [meta] dir of the config)") @OptionValues(provider = "paths") Path metaDir,
            @Option(label = "DIR", longNames = "data-dir", description = "data dir (default: [data] dir)") @OptionValues(provider = "paths") Path dataDir,
            @Option(label = "DIR", longNames = "wal-dir", description = "wal dir (default: [data] wal-dir)") @OptionValues(provider = "paths") Path walDir,
            @Option(label = "USER", longNames = "service-user", description = "user the service runs as (default influxdb)") String serviceUser,
            @Option(label = "DIR", longNames = "backup-root", description = "where backups go (default <home>/sessions/NAME/backups)") @OptionValues(provider = "paths") Path backupRoot) {
        SessionNewCommand.Created created = new SessionNewCommand().create(ws, new SessionNewCommand.Request(name, from, to,
                config, metaDir, dataDir, walDir, serviceUser, null, backupRoot));
        created.warnings().forEach(w -> out.warn("session new: " + w));
        SessionReport report = new SessionShowCommand().run(ws);
        out.emit(report, t -> SessionView.created(t, report));
    }

    @Command(command = "show", description = "Show the open session: paths, versions, upgrade path, backups, steps. Example: session show")
    public void show() {
        SessionReport r = new SessionShowCommand().run(ws);
        out.emit(r, t -> SessionView.report(t, r));
    }

    @Command(command = "list", description = "List the sessions in the home dir. Example: session list --format json")
    public void list() {
        SessionListCommand.SessionList l = new SessionListCommand().run(ws);
        out.emit(l, t -> SessionView.list(t, l));
    }

    @Journaled
    @Command(command = "open", description = "Open a session (it becomes the one reopened next time). Example: session open prod")
    public void open(@Option(label = "NAME", arityMax = 1, longNames = "name", required = true) @OptionValues(provider = "sessionNames") String name) {
        ws.open(name);
        SessionReport r = new SessionShowCommand().run(ws);
        out.emit(r, t -> SessionView.opened(t, r));
    }

    @Journaled
    @Command(command = "set", description = "Change a session setting (from, to, config, meta-dir, data-dir, wal-dir, service-user, service-group, backup-root). Example: session set wal-dir /var/lib/influxdb/wal")
    public void set(@Option(label = "KEY", arityMax = 1, longNames = "key", required = true) @OptionValues(provider = "sessionKeys") String key,
                    @Option(label = "VALUE", arityMax = 1, longNames = "value", required = true) String value) {
        SessionSetCommand.Change c = new SessionSetCommand().run(ws, new SessionSetCommand.Request(key, value));
        out.emit(c, t -> SessionView.changed(t, c));
    }

    @Journaled
    @Command(command = "close", description = "Close the open session (it stays on disk). Example: session close")
    public void close() {
        String name = ws.session().getName();
        ws.closeAndForget();
        out.emit(Map.of("closed", name), t -> SessionView.closed(t, name));
    }

    @Command(command = "journal", description = "Show the journal of state-changing commands of the open session. Example: session journal")
    public void journal() {
        var entries = ws.journal().entries();
        out.emit(Map.of("journal", entries), t -> SessionView.journal(t, entries));
    }

    @Command(command = "export", description = "Write the session's successful state-changing commands as a batch script. Example: session export replay.batch")
    public void export(@Option(label = "FILE", arityMax = 1, longNames = "file", required = true) @OptionValues(provider = "paths") Path file,
                       @Option(longNames = "force", description = "replace an existing file") boolean force) {
        SessionExportCommand.Exported e = new SessionExportCommand().run(ws, new SessionExportCommand.Request(file, force));
        out.emit(e, t -> SessionView.exported(t, e));
    }
}
