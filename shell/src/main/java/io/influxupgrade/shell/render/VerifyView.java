package io.influxupgrade.shell.render;

import io.influxupgrade.commands.verify.BaselineComparison;
import io.influxupgrade.commands.verify.Connection;
import io.influxupgrade.commands.verify.PingCommand;
import io.influxupgrade.commands.verify.QueryCommand;
import io.influxupgrade.commands.verify.VerifyBaselineCommand;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** How the server commands read as text: connect, ping, query, and the baseline and its comparisons. */
public final class VerifyView {

    private VerifyView() {
    }

    /** {@code remembered}: a session keeps the connection's settings. */
    public static void connected(Text t, Connection c, boolean remembered) {
        t.line(t.style().ok("connected to " + c.url()) + (c.user() == null ? "" : " as " + c.user())
                + ": InfluxDB " + c.serverVersion() + " (" + c.latencyMs() + " ms)");
        if (!remembered) {
            t.line(t.style().dim("no session is open: this connection is not remembered after the shell exits"));
        }
    }

    public static void pong(Text t, PingCommand.Ping p) {
        t.line("pong from " + p.url() + ": InfluxDB " + p.version() + " in " + p.latencyMs() + " ms");
    }

    public static void answer(Text t, QueryCommand.QueryAnswer a) {
        if (a.series().isEmpty()) {
            t.line(t.style().dim("no results"));
            return;
        }
        for (int i = 0; i < a.series().size(); i++) {
            QueryCommand.Table s = a.series().get(i);
            if (i > 0) {
                t.blank();
            }
            String title = (s.name() == null ? "" : s.name()) + (s.tags() == null ? "" : " " + s.tags());
            if (!title.isBlank()) {
                t.heading(title.strip());
            }
            List<List<String>> rows = a.rows(i);
            t.table(rows.get(0), rows.subList(1, rows.size()));
        }
    }

    public static void baseline(Text t, VerifyBaselineCommand.BaselineSummary b) {
        List<String[]> kv = new ArrayList<>();
        b.rows().forEach(row -> kv.add(new String[] {row.get(0), row.get(1)}));
        t.keyValues(kv);
        b.notes().forEach(n -> t.line(t.style().dim("note: " + n)));
        t.line(t.style().ok("baseline '" + b.name() + "' recorded") + " (compare later with 'verify compare --baseline " + b.name() + "')");
    }

    /** {@code verify compare}: a baseline against the server now. */
    public static void compared(Text t, BaselineComparison c) {
        comparison(t, c, "baseline '" + c.baseline() + "' (InfluxDB " + c.baselineServerVersion() + ") compared with now (InfluxDB "
                + c.serverVersion() + ")", "matches baseline '" + c.baseline() + "'");
    }

    /** {@code verify meta}: the metastore at {@code path} against the server. */
    public static void metaCompared(Text t, BaselineComparison c, Path path) {
        comparison(t, c, "metastore " + path + " (" + c.baselineServerVersion() + ") compared with the server (InfluxDB "
                + c.serverVersion() + ")", "the server matches the metastore");
    }

    private static void comparison(Text t, BaselineComparison c, String title, String matches) {
        t.line(title);
        if (!c.differences().isEmpty()) {
            List<List<String>> rows = c.rows();
            t.table(rows.get(0).stream().map(h -> h.toUpperCase(java.util.Locale.ROOT)).toList(), rows.subList(1, rows.size()));
        }
        c.notes().forEach(n -> t.line(t.style().dim("note: " + n)));
        if (!c.failed()) {
            t.line(t.style().ok(matches));
        }
    }
}
