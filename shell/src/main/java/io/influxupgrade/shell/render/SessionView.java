package io.influxupgrade.shell.render;

import io.influxupgrade.commands.backup.model.BackupRecord;
import io.influxupgrade.commands.session.Journal;
import io.influxupgrade.commands.session.SessionExportCommand;
import io.influxupgrade.commands.session.SessionListCommand;
import io.influxupgrade.commands.session.SessionReport;
import io.influxupgrade.commands.session.SessionSetCommand;

import java.util.ArrayList;
import java.util.List;

/** How a session reads as text: its paths, versions, backups, steps and warnings. */
public final class SessionView {

    private SessionView() {
    }

    public static void report(Text t, SessionReport r) {
        List<String[]> kv = new ArrayList<>();
        kv.add(new String[] {"session", r.name()});
        kv.add(new String[] {"upgrade", r.from() + " → " + r.to() + "  (" + r.upgradePath() + ")"});
        kv.add(new String[] {"target index", r.targetIndex() + (r.to().startsWith("1.4") ? "  (1.4: TSI is experimental)"
                : "  ('session set index tsi1|inmem' changes it)")});
        kv.add(new String[] {"config", r.configFile()});
        kv.add(new String[] {"meta dir", r.metaDir()});
        kv.add(new String[] {"data dir", r.dataDir()});
        kv.add(new String[] {"wal dir", r.walDir()});
        kv.add(new String[] {"service user", r.serviceUser() + ":" + r.serviceGroup()});
        kv.add(new String[] {"backup root", r.backupRoot()});
        kv.add(new String[] {"installed influxd", r.detected().binaryVersion() == null ? "not found on PATH"
                : r.detected().binaryVersion() + " (" + r.detected().binaryPath() + ")"});
        kv.add(new String[] {"disk layout", r.detected().layout() + " (" + r.detected().layoutEvidence() + ")"});
        kv.add(new String[] {"server", r.connection() == null ? "not connected (run 'connect')"
                : r.connection().url() + (r.connection().username() == null ? "" : " as " + r.connection().username())});
        kv.add(new String[] {"backups", String.valueOf(r.backups().size())});
        kv.add(new String[] {"steps done", r.steps().isEmpty() ? "none" : String.join(", ", r.steps().keySet())});
        kv.add(new String[] {"baselines", r.baselines().isEmpty() ? "none" : String.join(", ", r.baselines())});
        t.keyValues(kv);
        if (!r.backups().isEmpty()) {
            List<List<String>> rows = new ArrayList<>();
            for (BackupRecord b : r.backups()) {
                rows.add(List.of(b.id(), b.kind().label(), b.verified() ? t.style().ok("verified") : t.style().error("NOT verified"),
                        Text.bytes(b.bytes()), String.valueOf(b.createdAt()), b.path()));
            }
            t.blank().table(List.of("BACKUP", "KIND", "STATE", "SIZE", "CREATED", "PATH"), rows);
        }
        for (String w : r.warnings()) {
            t.line(t.style().warn("warning: ") + w);
        }
    }

    /** {@code session new}: the line naming the session, then the session. */
    public static void created(Text t, SessionReport r) {
        t.line(t.style().ok("created session '" + r.name() + "'") + " (" + r.upgradePath() + ")");
        report(t, r);
    }

    /** {@code session open}. */
    public static void opened(Text t, SessionReport r) {
        t.line("opened session '" + r.name() + "'");
        report(t, r);
    }

    public static void list(Text t, SessionListCommand.SessionList l) {
        List<List<String>> rows = new ArrayList<>();
        for (SessionListCommand.Entry e : l.sessions()) {
            rows.add(List.of(e.current() ? "*" : "", e.name(), str(e.from()), str(e.to()),
                    e.error() != null ? t.style().error(e.error()) : str(e.upgradePath()),
                    String.valueOf(e.backups()), String.valueOf(e.steps())));
        }
        if (rows.isEmpty()) {
            t.line("no sessions yet (run 'session new NAME --from VERSION')");
        } else {
            t.table(List.of("", "NAME", "FROM", "TO", "PATH", "BACKUPS", "STEPS"), rows);
        }
    }

    /** {@code session set}: the key, its old value and its new one. */
    public static void changed(Text t, SessionSetCommand.Change c) {
        t.line(c.key() + ": " + str(c.oldValue()) + " → " + c.newValue());
    }

    public static void journal(Text t, List<Journal.Entry> entries) {
        List<List<String>> rows = new ArrayList<>();
        entries.forEach(e -> rows.add(List.of(e.time().toString(), e.command(), String.valueOf(e.exitCode()), str(e.outcome()))));
        t.table(List.of("TIME", "COMMAND", "EXIT", "OUTCOME"), rows);
    }

    public static void closed(Text t, String name) {
        t.line("closed session '" + name + "'");
    }

    public static void exported(Text t, SessionExportCommand.Exported e) {
        t.line("wrote " + e.commands() + " commands to " + e.file());
    }

    private static String str(String s) {
        return s == null ? "-" : s;
    }
}
