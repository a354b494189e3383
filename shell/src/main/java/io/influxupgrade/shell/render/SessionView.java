package io.influxupgrade.shell.render;

import io.influxupgrade.commands.backup.model.BackupRecord;
import io.influxupgrade.commands.session.SessionReport;

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
}
