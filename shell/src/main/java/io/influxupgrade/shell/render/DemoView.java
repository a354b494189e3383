package io.influxupgrade.shell.render;

import io.influxupgrade.commands.demo.DemoCreateCommand;
import io.influxupgrade.commands.demo.DemoServer;

import java.util.ArrayList;
import java.util.List;

/** How a demo sandbox reads as text: what was built, where, and the tour. */
public final class DemoView {

    private DemoView() {
    }

    public static void created(Text t, DemoCreateCommand.DemoReport r) {
        t.line(t.style().ok((r.replacedSession() ? "rebuilt" : "built") + " a demo sandbox") + " imitating InfluxDB " + r.fromVersion()
                + " in " + r.sandbox());
        t.line("session '" + r.session() + "' is open: " + r.fromVersion() + " → " + r.toVersion() + ", service user "
                + r.serviceUser() + ":" + r.serviceGroup());
        List<String[]> kv = new ArrayList<>();
        kv.add(new String[] {"config", r.configFile()});
        kv.add(new String[] {"meta dir", r.metaDir()});
        kv.add(new String[] {"data dir", r.dataDir()});
        kv.add(new String[] {"wal dir", r.walDir()});
        t.keyValues(kv);
        t.blank().heading("in the sandbox");
        r.notes().forEach(n -> t.line("  - " + n));
        if (r.server() != null) {
            t.blank().line("demo server: influxd pid " + r.server().pid() + " at " + r.server().url() + " (backup RPC "
                    + r.server().bindAddress() + ", log " + r.server().logFile() + "); stop it with 'demo stop'");
        }
        t.blank().heading("tour");
        List<List<String>> rows = new ArrayList<>();
        int i = 1;
        for (DemoCreateCommand.TourStep s : r.tour()) {
            rows.add(List.of(i++ + ".", t.style().bold(s.command()), s.shows()));
        }
        t.table(List.of("", "COMMAND", "SHOWS"), rows);
    }

    /** {@code demo stop}: green when a server was stopped. */
    public static void stopped(Text t, DemoServer.Stopped s) {
        t.line(s.wasRunning() ? t.style().ok(s.message()) : s.message());
    }
}
