package io.influxupgrade.commands.backup;

import io.influxupgrade.commands.backup.model.BackupKind;
import io.influxupgrade.commands.backup.model.BackupRecord;
import io.influxupgrade.commands.fs.FileTrees;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.fs.AtomicFiles;
import io.influxupgrade.commands.fs.CrashPoints;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A backup root: one folder per backup, {@code <id>} when finished and verified, {@code <id>.partial} while being
 * written. A folder is renamed from {@code .partial} only after its manifest was written and every file re-read
 * and matched, so a crash can leave a partial folder but never a finished one that is wrong.
 */
public final class BackupStore {

    public static final String PARTIAL_SUFFIX = ".partial";
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path root;

    public BackupStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** Fills a new backup's {@code files/} directory; returns what to put in the manifest. */
    @FunctionalInterface
    interface Filler {
        Filled fill(Path filesDir);
    }

    /** What a filler produced: entries, and the via/detail/source lines for the manifest and record. */
    record Filled(List<ManifestEntry> entries, String via, String source, String detail, List<Path> unsyncedFiles,
                  List<Path> unsyncedDirs) {
        Filled(List<ManifestEntry> entries, String via, String source, String detail) {
            this(entries, via, source, detail, List.of(), List.of());
        }
    }

    /** Creates, fills, manifests, verifies and publishes one backup folder, journaled in {@code pending.json}. */
    BackupRecord create(BackupKind kind, String source, long needed, BackupEnv env, Filler filler) {
        return create(kind, source, needed, env, filler, true);
    }

    /** As above; {@code journal} false when the caller's own journaled operation covers this backup. */
    BackupRecord create(BackupKind kind, String source, long needed, BackupEnv env, Filler filler, boolean journal) {
        ensureRoot();
        env.space().require("backup " + kind, root, needed + 64 * 1024);
        Instant now = env.clock().instant();
        String id = newId(kind, now);
        Path partial = root.resolve(id + PARTIAL_SUFFIX);
        Path finished = root.resolve(id);
        if (journal) {
            PendingOperations.begin(root, new PendingOperations.Operation("backup " + kind, id, now, ProcessHandle.current().pid(),
                    root.toString(), partial.toString(), source, null, List.of("copy into " + partial, "write manifest", "verify", "rename to " + finished),
                    "run 'backup " + kind + "' again (a partial backup is never used)"));
        }
        try {
            return fillAndPublish(kind, filler, now, id, partial, finished, journal);
        } catch (RuntimeException e) {
            // An orderly failure (not a crash) leaves nothing behind: no partial folder, no pending journal.
            try {
                FileTrees.delete(partial);
                if (journal) {
                    PendingOperations.finish(root);
                }
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private BackupRecord fillAndPublish(BackupKind kind, Filler filler, Instant now, String id, Path partial, Path finished, boolean journal) {
        try {
            Files.createDirectory(partial, PosixFilePermissions.asFileAttribute(AtomicFiles.OWNER_RWX));
            AtomicFiles.fsyncDirectory(root);
            CrashPoints.tick("create " + partial.getFileName());
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("create backup folder " + partial, e);
        }
        Filled filled = filler.fill(partial.resolve(Manifest.FILES_DIR));
        long bytes = filled.entries().stream().filter(ManifestEntry::isFile).mapToLong(ManifestEntry::size).sum();
        int files = (int) filled.entries().stream().filter(ManifestEntry::isFile).count();
        Manifest manifest = new Manifest(Manifest.FORMAT, id, kind, now, filled.source(), filled.via(), filled.detail(),
                bytes, files, filled.entries());
        AtomicFiles.write(partial.resolve(Manifest.FILE_NAME), manifest.toBytes());
        // Flush the copy to disk while it is re-read and checked; the folder is published only after both.
        java.util.concurrent.CompletableFuture<Void> flush = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                Durability.flush(partial, filled.unsyncedFiles(), filled.unsyncedDirs());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        BackupVerifier.Report report = BackupVerifier.verify(partial, true, true);
        try {
            flush.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof java.io.UncheckedIOException u ? AtomicFiles.ioFailure("flush " + partial, u.getCause())
                    : new IllegalStateException("flush " + partial, e.getCause());
        }
        if (report.failed()) {
            throw UpgradeException.failed("backup " + kind + ": the copy in " + partial + " does not match what was read: "
                    + report.problems().get(0) + " (the source changed during the copy or the disk is failing; nothing was kept)");
        }
        try {
            Files.move(partial, finished, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            AtomicFiles.fsyncDirectory(root);
            CrashPoints.tick("rename " + finished.getFileName());
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("rename " + partial + " to " + finished, e);
        }
        if (journal) {
            PendingOperations.finish(root);
        }
        return new BackupRecord(id, kind, finished.toString(), now, bytes, files, true, Manifest.fileSha256(finished),
                filled.via(), filled.source(), filled.detail());
    }

    private void ensureRoot() {
        if (Files.exists(root, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(root)) {
            throw UpgradeException.notReady("backup root " + root + " is not a directory (choose another place with --to)");
        }
        if (!Files.isDirectory(root)) {
            AtomicFiles.createPrivateDirectory(root);
        }
    }

    String newId(BackupKind kind, Instant now) {
        String base = kind.label() + "-" + ID_TIME.format(now);
        String id = base;
        for (int n = 2; Files.exists(root.resolve(id), LinkOption.NOFOLLOW_LINKS)
                || Files.exists(root.resolve(id + PARTIAL_SUFFIX), LinkOption.NOFOLLOW_LINKS); n++) {
            id = base + "-" + n;
        }
        return id;
    }

    /**
     * Every backup folder under the root, newest first. {@code verified} here is the quick check (a finished
     * folder whose manifest reads and whose files exist with the recorded sizes); {@code backup verify} re-hashes.
     */
    public List<BackupRecord> list() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<BackupRecord> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : s.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList()) {
                out.add(describe(p));
            }
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("list backups in " + root, e);
        }
        out.sort(Comparator.comparing((BackupRecord r) -> r.createdAt() == null ? Instant.EPOCH : r.createdAt()).reversed()
                .thenComparing(BackupRecord::id));
        return out;
    }

    /** Describes one folder (finished or partial) without hashing. */
    public static BackupRecord describe(Path folder) {
        String name = folder.getFileName().toString();
        boolean partial = name.endsWith(PARTIAL_SUFFIX);
        String id = partial ? name.substring(0, name.length() - PARTIAL_SUFFIX.length()) : name;
        Manifest m;
        try {
            m = Manifest.read(folder);
        } catch (UpgradeException e) {
            BackupKind kind = id.startsWith(BackupKind.METASTORE.label()) ? BackupKind.METASTORE : BackupKind.META_DIR;
            Instant created;
            try {
                created = Files.getLastModifiedTime(folder, LinkOption.NOFOLLOW_LINKS).toInstant();
            } catch (IOException io) {
                created = Instant.EPOCH;
            }
            return new BackupRecord(id, kind, folder.toString(), created, 0, 0, false, null, null, null,
                    partial ? "partial (interrupted) backup" : e.getMessage());
        }
        boolean ok = !partial && quickCheck(folder, m);
        return new BackupRecord(id, m.kind(), folder.toString(), m.createdAt(), m.bytes(), m.files(), ok,
                Manifest.fileSha256(folder), m.via(), m.source(),
                partial ? "partial (interrupted) backup" : ok ? m.detail() : "files do not match the manifest (run 'backup verify')");
    }

    private static boolean quickCheck(Path folder, Manifest m) {
        Path files = folder.resolve(Manifest.FILES_DIR);
        try {
            for (ManifestEntry e : m.entries()) {
                Path p = files.resolve(e.path());
                if (e.isFile() && (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || Files.size(p) != e.size())) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Finds a backup by id (a finished folder) or by path (a folder); empty when neither exists. */
    public Optional<Path> resolve(String idOrPath) {
        Path byId = root.resolve(idOrPath);
        if (!idOrPath.contains("/") && Files.isDirectory(byId, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of(byId);
        }
        Path p = Path.of(idOrPath);
        return Files.exists(p) ? Optional.of(p.toAbsolutePath().normalize()) : Optional.empty();
    }
}
