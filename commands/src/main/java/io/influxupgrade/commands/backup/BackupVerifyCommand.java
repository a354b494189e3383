package io.influxupgrade.commands.backup;

import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.backup.model.BackupRecord;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code backup verify ID|PATH}: re-reads every file of a backup folder and checks it against the manifest; the
 * report fails (exit 4) on a missing manifest, a tampered, missing or extra file, or a partial folder. A folder a
 * real InfluxDB tool wrote (legacy {@code influxd backup}, portable, a meta dir copy) has no manifest: it is decoded,
 * then imported into the backup root with our own manifest and that copy is verified; with no backup root it is
 * only decoded.
 */
public final class BackupVerifyCommand {

    /** {@code importRoot}: where a foreign backup is imported (the session's backup root), or null. */
    public record Request(Path backupRoot, String idOrPath, Path importRoot, java.util.Map<String, String> ledger) {
        public Request(Path backupRoot, String idOrPath) {
            this(backupRoot, idOrPath, null, null);
        }
    }

    /** The verification, and the backup made by importing a foreign one (null when none was made). */
    public record Verified(BackupVerifier.Report report, BackupRecord imported) {
    }

    /**
     * The session's {@code backup verify ID|PATH}: against the digest the session's ledger recorded, importing a backup
     * InfluxDB made into the ledger, and setting the ledger's verified flag to the outcome (saved at once when the check
     * failed: the runner saves only after a success). Without a session a path is checked alone (nothing imported).
     */
    public Verified verify(io.influxupgrade.commands.session.Workspace ws, String idOrPath) {
        boolean session = ws.hasSession();
        BackupLedger ledger = session ? BackupLedger.of(ws.session()) : null;
        Verified v = verify(new Request(lookupRoot(ws, idOrPath), idOrPath, session ? ws.backupRoot() : null,
                session ? ledger.digests() : null));
        if (session) {
            ledger.add(v.imported());
            BackupVerifier.Report rep = v.report();
            if (ledger.verified(rep.id(), rep.path(), rep.verified()) && rep.failed()) {
                ws.save();
            }
        }
        return v;
    }

    /** The backup root to look an id up in; a path needs no session (then the root is never used). */
    static Path lookupRoot(io.influxupgrade.commands.session.Workspace ws, String idOrPath) {
        if (idOrPath != null && idOrPath.contains("/") && !ws.hasSession()) {
            return Path.of(idOrPath).toAbsolutePath().getParent();
        }
        return ws.backupRoot();
    }

    public BackupVerifier.Report run(Request request) {
        return verify(request).report();
    }

    public Verified verify(Request request) {
        Path folder = new BackupStore(request.backupRoot()).resolve(request.idOrPath()).orElseThrow(() ->
                UpgradeException.usage("backup verify: no backup '" + request.idOrPath() + "' in " + request.backupRoot()
                        + " (run 'backup list')"));
        if (!Manifest.exists(folder) && !java.nio.file.Files.isDirectory(folder.resolve(Manifest.FILES_DIR))) {
            BackupSource foreign = java.nio.file.Files.isDirectory(folder)
                    ? BackupSource.foreign(folder, MetastoreCodecs.defaultCodec()) : null;
            if (foreign != null) {
                if (request.importRoot() == null) {
                    return new Verified(new BackupVerifier.Report(null, folder.toString(), true, 0, 0, null,
                            List.of()), null);
                }
                BackupRecord imported = BackupImport.run(foreign, request.importRoot(), BackupEnv.SYSTEM);
                return new Verified(BackupVerifier.verify(Path.of(imported.path())), imported);
            }
        }
        return new Verified(BackupVerifier.verify(folder, BackupVerifier.ledgerDigest(request.ledger(), folder)), null);
    }
}
