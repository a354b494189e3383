package io.influxupgrade.shell.command;

import io.influxupgrade.commands.session.Workspace;
import io.influxupgrade.commands.verify.BaselineComparison;
import io.influxupgrade.commands.verify.ConnectCommand;
import io.influxupgrade.commands.verify.Connection;
import io.influxupgrade.commands.verify.InfluxQuery;
import io.influxupgrade.commands.verify.LiveConnection;
import io.influxupgrade.commands.verify.PingCommand;
import io.influxupgrade.commands.verify.QueryCommand;
import io.influxupgrade.commands.verify.SessionConnection;
import io.influxupgrade.commands.verify.VerifyBaselineCommand;
import io.influxupgrade.commands.verify.VerifyCompareCommand;
import io.influxupgrade.commands.verify.VerifyMetaCommand;
import io.influxupgrade.shell.core.Journaled;
import io.influxupgrade.shell.render.Output;
import io.influxupgrade.shell.render.VerifyView;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.shell.AvailabilityProvider;
import org.springframework.shell.command.annotation.Command;
import org.springframework.shell.command.annotation.CommandAvailability;
import org.springframework.shell.command.annotation.Option;
import org.springframework.shell.command.annotation.OptionValues;

import java.nio.file.Path;

/**
 * Adapters for {@code connect}, {@code ping}, {@code query}, {@code verify baseline}, {@code verify compare} and
 * {@code verify meta}.
 * The session keeps the connection without its secret; every process (or a changed connection) reconnects
 * with the password read again from the file, {@code INFLUX_PASSWORD} or the prompt.
 */
@Command(group = "Verify")
public record VerifyCommands(Workspace ws, Output out, Passwords passwords, LiveConnection live) {

    @Journaled
    @Command(command = "connect", description = "Connect to the InfluxDB server and remember it in the session (never the password: "
            + "it comes from --password-file, INFLUX_PASSWORD or a masked prompt). The URL defaults to the session config's "
            + "[http] bind-address. Example: connect --user admin --password-file ~/.influx-pass")
    public void connect(
            @Option(label = "URL", longNames = "url", description = "server URL (default: from the session's config, else http://127.0.0.1:8086)") String url,
            @Option(label = "USER", longNames = "user", description = "user name (an admin, to read users and grants)") String user,
            @Option(label = "FILE", longNames = "password-file", description = "file whose first line is the password (mode 0600)")
            @OptionValues(provider = "paths") Path passwordFile,
            @Option(label = "DURATION", longNames = "timeout", description = "connect and answer timeout, e.g. 5s (default 5s)") java.time.Duration timeout,
            @Option(longNames = "insecure-skip-verify", description = "https: do not check the server's certificate") boolean insecure) {
        SessionConnection.Connected connected = connection().connect(ConnectCommand.settings(ws, url, user, insecure, timeout),
                passwordFile, out::warn);
        Connection c = connected.connection();
        boolean remembered = connected.remembered();
        out.emit(c, t -> VerifyView.connected(t, c, remembered));
    }

    @Command(command = "ping", description = "Ping the connected server: its version and the round-trip time. Example: ping")
    public void ping() {
        PingCommand.Ping p = new PingCommand().run(client());
        out.emit(p, t -> VerifyView.pong(t, p));
    }

    @Command(command = "query", description = "Run one read-only InfluxQL statement (SHOW, SELECT or EXPLAIN; anything else "
            + "is refused) and print its series as tables. Example: query \"SHOW RETENTION POLICIES\" --db telegraf")
    public void query(
            @Option(label = "INFLUXQL", arityMax = 1, longNames = "influxql", required = true, description = "the statement, quoted") String influxql,
            @Option(label = "DB", longNames = "db", description = "database the statement runs against") @OptionValues(provider = "databaseNames") String db) {
        QueryCommand.QueryAnswer a = new QueryCommand().run(connection(), new QueryCommand.Request(influxql, db));
        out.emit(a, t -> VerifyView.answer(t, a));
    }

    @Journaled
    @Command(command = {"verify", "baseline"}, description = "Record the server's databases, retention policies, continuous "
            + "queries, subscriptions, shards, users and grants, and per database its series and measurements and the points per "
            + "measurement in the last 24h before now (--window 7d, --window all, or --counts N for the last N shard groups; "
            + "--no-points to skip) in the session, to compare after the upgrade. Example: verify baseline --name before-upgrade --window 7d")
    public void baseline(
            @Option(label = "NAME", longNames = "name", description = "baseline name (default 'baseline'; the same name replaces it)") String name,
            @Option(label = "N", longNames = "counts", description = "count points in the last N shard groups instead of a window") Integer counts,
            @Option(label = "DURATION", longNames = "window", description = "count points in this window before now: 24h (default), 7d, 2w, any Go duration, or all")
            @OptionValues(provider = "pointWindows") VerifyBaselineCommand.PointWindow window,
            @Option(longNames = "no-points", description = "record series and measurements but count no points") boolean noPoints) {
        var r = new VerifyBaselineCommand(ws.clock()).run(ws, client(), name, counts, window, !noPoints);
        VerifyBaselineCommand.BaselineSummary b = r.result();
        out.emit(r, t -> VerifyView.baseline(t, b));
    }

    @Journaled
    @Command(command = {"verify", "compare"}, description = "Query the server again and compare with a baseline object by object; "
            + "exit 4 on any real difference (default -> autogen is normalised only when the session's upgrade path renames it): "
            + "fewer series, a measurement gone or fewer points in the baseline's window is a loss; more is growth, reported only. "
            + "Example: verify compare --baseline before-upgrade")
    @CommandAvailability(provider = "verifyCompareAvailability")
    public void compare(
            @Option(label = "NAME", longNames = "baseline", description = "baseline name (default: the latest of the session)")
            @OptionValues(provider = "baselineNames") String baseline) {
        var r = new VerifyCompareCommand(ws.clock()).run(ws, client(), baseline);
        BaselineComparison c = r.result();
        c.warnings().forEach(out::warn);
        out.emit(r, t -> VerifyView.compared(t, c));
    }

    @Journaled // it changes nothing, but its journal line is what 'report' lists among the comparisons
    @Command(command = {"verify", "meta"}, description = "Compare the live server with an offline metastore (meta.db, meta.NN, "
            + "a portable backup or a 0.10/0.11 meta dir) object by object; exit 4 on any difference. SOURCE defaults to the "
            + "session's meta dir. Example: verify meta /var/lib/influxdb/meta")
    public void meta(@Option(label = "SOURCE", arityMax = 1, longNames = "source", description = "metastore file or dir (default: the session's meta dir)")
                     @OptionValues(provider = "paths") Path source) {
        VerifyMetaCommand.Request request = new VerifyMetaCommand(ws.clock()).request(ws, source);
        Path path = request.source();
        BaselineComparison c = new VerifyMetaCommand(ws.clock()).run(client(), request);
        out.emit(c, t -> VerifyView.metaCompared(t, c, path));
    }

    private SessionConnection connection() {
        return new SessionConnection(ws, live, (user, file) -> passwords.read(user, file, true));
    }

    private InfluxQuery client() {
        return connection().client();
    }

    /** Availability of the verify commands: reads the session only, never the server. */
    @Configuration(proxyBeanMethods = false)
    public static class Availabilities {
        /** The one live server connection of this shell process (no reconnect or password prompt per query); closed at exit. */
        @Bean(destroyMethod = "close")
        LiveConnection liveConnection() {
            return new LiveConnection();
        }

        @Bean
        AvailabilityProvider verifyCompareAvailability(Workspace ws) {
            return () -> Adapters.availability(VerifyCompareCommand.unavailable(ws));
        }
    }
}
