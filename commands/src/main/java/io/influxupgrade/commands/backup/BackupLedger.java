package io.influxupgrade.commands.backup;

import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.backup.model.BackupKind;
import io.influxupgrade.commands.backup.model.BackupRecord;
import io.influxupgrade.commands.session.UpgradeSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The session's backup ledger: which backups this session made or imported, whether each was verified, and the
 * SHA-256 of its manifest as recorded when it was made (kept outside the backup, so a backup whose files and manifest
 * were rewritten together is caught). Every command that makes, imports or re-verifies a backup records it here.
 */
public final class BackupLedger {

    private final UpgradeSession session;

    private BackupLedger(UpgradeSession session) {
        this.session = session;
    }

    public static BackupLedger of(UpgradeSession session) {
        return new BackupLedger(session);
    }

    /** Records a backup made or imported now (replacing an entry with its id). */
    public BackupRecord add(BackupRecord r) {
        if (r != null) {
            session.addBackup(r);
        }
        return r;
    }

    /**
     * After {@code backup verify}: sets the recorded verified flag of the backup with this id or folder to the
     * outcome. Returns whether the flag changed.
     */
    public boolean verified(String id, String path, boolean verified) {
        BackupRecord known = session.getBackups().stream()
                .filter(b -> b.id().equals(id) || samePath(b.path(), path)).findFirst().orElse(null);
        if (known == null || known.verified() == verified) {
            return false;
        }
        session.addBackup(known.withVerified(verified));
        return true;
    }

    /** {@code latest} stands for the newest verified backup of {@code kind}; anything else is returned as it is. */
    public String resolve(String idOrLatest, BackupKind kind) {
        if (!"latest".equals(idOrLatest)) {
            return idOrLatest;
        }
        String id = session.latestVerifiedBackup(kind);
        if (id == null) {
            throw UpgradeException.notReady("no verified " + kind.label() + " backup is recorded in this session (run 'backup "
                    + kind.label() + "' first)");
        }
        return id;
    }

    /** The verified backups whose folders are still there, re-described from their manifests with the digest recorded here. */
    public List<BackupRecord> verifiedOnDisk() {
        List<BackupRecord> out = new ArrayList<>();
        for (BackupRecord b : session.getBackups()) {
            if (!b.verified() || b.path() == null || !Files.isDirectory(Path.of(b.path()))) {
                continue;
            }
            BackupRecord onDisk = BackupStore.describe(Path.of(b.path()));
            // the digest the session recorded when the backup was made, not the one on disk now: a rewritten manifest shows
            out.add(new BackupRecord(onDisk.id(), onDisk.kind(), onDisk.path(), onDisk.createdAt(), onDisk.bytes(), onDisk.files(),
                    onDisk.verified(), b.manifestSha256() != null ? b.manifestSha256() : onDisk.manifestSha256(), onDisk.via(),
                    onDisk.source(), onDisk.detail()));
        }
        return out;
    }

    /** The manifest digests recorded here, by absolute normalised backup folder path. */
    public Map<String, String> digests() {
        Map<String, String> out = new HashMap<>();
        for (BackupRecord b : session.getBackups()) {
            if (b.path() != null && b.manifestSha256() != null) {
                out.put(Path.of(b.path()).toAbsolutePath().normalize().toString(), b.manifestSha256());
            }
        }
        return out;
    }

    /** Whether a verified backup of {@code kind} is recorded and its folder is still there. */
    public boolean hasVerified(BackupKind kind) {
        return session.getBackups().stream().anyMatch(b -> b.verified() && b.kind() == kind && b.path() != null
                && Files.isDirectory(Path.of(b.path())));
    }

    /**
     * Why a command that needs a verified backup of {@code kind} cannot run now ({@code why}: what it is for), or null
     * when it can. Reads the session only (completion and availability never touch the disk beyond backup folders).
     */
    public static String missingVerified(io.influxupgrade.commands.session.Workspace ws, BackupKind kind, String why) {
        if (!ws.hasSession()) {
            return "no session is open (run 'session new NAME --from VERSION' or 'session open NAME')";
        }
        UpgradeSession s = ws.session();
        if (!of(s).hasVerified(kind)) {
            return "session '" + s.getName() + "' has no verified " + kind.label() + " backup recorded; " + why + " (run 'backup "
                    + kind.label() + "' first)";
        }
        return null;
    }

    private static boolean samePath(String a, String b) {
        return a != null && b != null && Path.of(a).toAbsolutePath().normalize().equals(Path.of(b).toAbsolutePath().normalize());
    }
}
