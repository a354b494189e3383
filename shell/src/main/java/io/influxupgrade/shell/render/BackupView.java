package io.influxupgrade.shell.render;

import io.influxupgrade.commands.backup.BackupListCommand;
import io.influxupgrade.commands.backup.BackupVerifier;
import io.influxupgrade.commands.backup.BackupVerifyCommand;
import io.influxupgrade.commands.backup.PendingOperations;
import io.influxupgrade.commands.backup.PortableRestoreCommand;
import io.influxupgrade.commands.backup.RestoreMetaDirCommand;
import io.influxupgrade.commands.backup.RestoreMetastoreCommand;
import io.influxupgrade.commands.backup.model.BackupRecord;

import java.util.ArrayList;
import java.util.List;

/** How the backup and restore results read as text (JSON is the result itself). */
public final class BackupView {

    private BackupView() {
    }

    /** {@code backup meta-dir} / {@code backup metastore}: the backup made. */
    public static void made(Text t, BackupRecord r) {
        t.line(t.style().ok("backup " + r.id() + " made and verified") + " (" + r.kind().label() + ", " + r.files() + " files, "
                + Text.bytes(r.bytes()) + ")");
        t.kv("path", r.path()).kv("via", r.via()).kv("source", r.source()).kv("manifest sha256", r.manifestSha256());
        t.line(t.style().dim(r.detail()));
    }

    public static void list(Text t, BackupListCommand.BackupList l) {
        if (l.backups().isEmpty()) {
            t.line(t.style().dim("no backups in " + l.root() + " (run 'backup meta-dir')"));
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        for (List<String> row : l.rows()) {
            List<String> r = new ArrayList<>(row);
            r.set(3, Text.bytes(Long.parseLong(row.get(3))));
            r.set(4, row.get(4).equals("verified") ? t.style().ok(row.get(4)) : t.style().error(row.get(4)));
            rows.add(r);
        }
        t.table(List.of("ID", "KIND", "CREATED", "SIZE", "STATE", "PATH"), rows);
    }

    public static void show(Text t, BackupRecord r) {
        t.keyValues(r.rows().stream().map(row -> new String[] {row.get(0), row.get(1)}).toList());
    }

    /** {@code backup verify ID}: {@code id} as the operator named it. */
    public static void verified(Text t, BackupVerifyCommand.Verified v, String id) {
        BackupVerifier.Report rep = v.report();
        t.kv("backup", rep.path()).kv("files", rep.files()).kv("bytes", Text.bytes(rep.bytes()))
                .kv("manifest sha256", rep.manifestSha256());
        rep.problems().forEach(p -> t.line(t.style().error("MISMATCH ") + p));
        if (v.imported() != null) {
            t.line("imported " + id + " (made by InfluxDB, no manifest of ours) as backup " + v.imported().id() + ": "
                    + v.imported().detail());
        } else if (rep.manifestSha256() == null && rep.verified()) {
            t.line(t.style().warn("decoded only: " + id + " was made by InfluxDB and has no manifest; open a session to import it"));
            return;
        }
        if (rep.verified()) {
            t.line(t.style().ok("verified: every file matches the manifest"));
        }
    }

    public static void cleanedUp(Text t, PendingOperations.CleanUp c) {
        c.removed().forEach(p -> t.line("removed " + p));
        t.line(c.removed().isEmpty() ? t.style().dim("nothing to clean up in " + c.dir()) : t.style().ok("cleaned up " + c.dir()));
    }

    public static void restored(Text t, RestoreMetastoreCommand.RestoreReport rep) {
        t.line((rep.dryRun() ? "dry run: would restore " : "restored ") + rep.from() + " into " + rep.metaDir() + " (via "
                + rep.via().label() + ", backup index " + rep.backupIndex() + " -> meta.db index " + rep.restoredIndex() + ")");
        changes(t, rep.dryRun(), rep.writes(), rep.removes());
        rep.untouched().forEach(w -> t.line(t.style().dim("  untouched    " + w)));
        if (rep.imported() != null) {
            t.kv("imported", "backup " + rep.imported().id() + " (" + rep.imported().path() + ", manifest sha256 "
                    + rep.imported().manifestSha256() + ")");
        }
        t.kv("backup check", rep.verification());
        t.line(t.style().dim(rep.detail()));
        rep.differences().forEach(d -> t.line(t.style().error("DIFFERS ") + d));
        if (!rep.dryRun() && rep.differences().isEmpty()) {
            t.line(t.style().ok("the restored meta.db matches the backup"));
        }
    }

    public static void rolledBack(Text t, RestoreMetaDirCommand.RollbackReport rep) {
        t.line((rep.dryRun() ? "dry run: would roll back " : "rolled back ") + rep.metaDir() + " to " + rep.from());
        if (rep.safetyBackup() != null) {
            t.kv("state before", "backup " + rep.safetyBackup().id() + " (" + rep.safetyBackup().path() + ")");
        }
        changes(t, rep.dryRun(), rep.writes(), rep.removes());
        t.line(t.style().dim("  " + rep.unchanged() + " entries already equal"));
        rep.differences().forEach(d -> t.line(t.style().error("DIFFERS ") + d));
    }

    private static void changes(Text t, boolean dryRun, List<String> writes, List<String> removes) {
        writes.forEach(w -> t.line((dryRun ? "  would write  " : "  wrote   ") + w));
        removes.forEach(w -> t.line((dryRun ? "  would remove " : "  removed ") + w));
    }

    /** {@code backup portable}: what influxd wrote and our manifest verified. */
    public static void madePortable(Text t, BackupRecord r) {
        t.line(t.style().ok("backup " + r.id() + " made and verified") + " (portable, " + r.files() + " files, "
                + r.bytes() + " bytes) in " + r.path() + "\n  " + r.detail());
    }

    /** {@code restore portable}: the influxd restore command run (or, dry, that would run) and what it said. */
    public static void restoredPortable(Text t, PortableRestoreCommand.PortableRestore r) {
        t.line((r.dryRun() ? "would run: " : "ran: ") + String.join(" ", r.command()));
        t.line(r.dryRun() ? t.style().dim(r.output()) : t.style().ok("restored") + ": " + r.output());
    }
}
