package io.influxupgrade.commands.backup;

import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.backup.model.BackupKind;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code restore portable}: puts a portable backup of ours back into a running 1.5+ server with
 * {@code influxd restore -portable -host ADDR [-db DB] [-newdb NEW]}, after its files are checked against our manifest
 * and the manifest against the digest the session recorded when the backup was made. The server merges the metastore
 * and refuses a database that already exists: restore it under another name with {@code --newdb}, or drop it first.
 */
public final class PortableRestoreCommand {

    public record Request(Path folder, String ledgerSha256, Path influxd, String host, String db, String newDb, boolean dryRun) {
    }

    public record PortableRestore(String backup, List<String> command, boolean dryRun, String output) {
    }

    /**
     * The session's {@code restore portable}: {@code from} is a backup id, {@code latest} or a folder; the digest the
     * session recorded for it is checked too; the influxd on PATH runs the restore against the session's backup
     * address unless {@code host} names one.
     */
    public PortableRestore run(io.influxupgrade.commands.session.Workspace ws, String from, String host, String db, String newDb,
                               boolean dryRun) {
        var s = ws.session();
        Path folder = io.influxupgrade.commands.session.BackupRefs.resolve(s, ws.backupRoot(), from, List.of("portable"))
                .orElseThrow(() -> UpgradeException.usage("restore portable: no backup '" + from + "' (see 'backup list')"));
        String ledger = BackupVerifier.ledgerDigest(BackupLedger.of(s).digests(), folder);
        Path influxd = io.influxupgrade.commands.session.VersionDetector.findOnPath("influxd").orElse(null);
        return run(new Request(folder, ledger, influxd, BackupAddress.forSession(s, host).hostPort(), db, newDb, dryRun));
    }

    public PortableRestore run(Request r) {
        if (r.newDb() != null && r.db() == null) {
            throw UpgradeException.usage("restore portable: --newdb needs --db (the database of the backup to restore under the new name)");
        }
        BackupVerifier.Report check = BackupVerifier.verify(r.folder(), r.ledgerSha256());
        if (check.failed()) {
            throw UpgradeException.notReady("restore portable: " + check.failureSummary());
        }
        Manifest m = Manifest.read(r.folder());
        if (m.kind() != BackupKind.PORTABLE) {
            throw UpgradeException.usage("restore portable: " + r.folder() + " is a " + m.kind() + " backup, not a portable one "
                    + "('restore metastore' or 'restore meta-dir' restore those)");
        }
        Path files = r.folder().resolve(Manifest.FILES_DIR);
        PortableBackupCommand.check(files);
        String host = r.host() == null ? "127.0.0.1:8088" : r.host();
        List<String> args = new ArrayList<>(List.of("restore", "-portable", "-host", host));
        args.addAll(Influxd.flag("-db", r.db()));
        args.addAll(Influxd.flag("-newdb", r.newDb()));
        args.add(files.toString());
        if (r.influxd() == null || !Files.isExecutable(r.influxd())) {
            throw UpgradeException.unavailable("restore portable: no influxd binary (install InfluxDB 1.5+ or put it on PATH)");
        }
        Influxd influxd = new Influxd(r.influxd());
        List<String> command = new ArrayList<>();
        command.add(r.influxd().toString());
        command.addAll(args);
        if (r.dryRun()) {
            return new PortableRestore(r.folder().toString(), command, true, "dry run: the backup checks out; nothing was sent");
        }
        if (!Influxd.answers(host)) {
            throw UpgradeException.notReady("restore portable: nothing answers at " + host + "; a portable restore goes into a running "
                    + "1.5+ server (start it, or name its backup address with --host)");
        }
        Influxd.Run run = influxd.run(Duration.ofHours(6), args.toArray(String[]::new));
        String out = run.output() == null ? "" : run.output().strip();
        if (run.exitCode() != 0 || out.contains("already exists")) { // 1.6.7: "DB metadata not changed. database may already exist"
            if (out.contains("already exist")) {
                throw UpgradeException.notReady("restore portable: the server already has that database (" + run.lastLine()
                        + "): restore it under another name with --db DB --newdb NEW, or drop it first");
            }
            throw UpgradeException.unavailable(run.failure());
        }
        return new PortableRestore(r.folder().toString(), run.command(), false, run.lastLine());
    }
}
