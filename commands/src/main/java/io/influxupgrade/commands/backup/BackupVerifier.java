package io.influxupgrade.commands.backup;

import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.Verdict;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Re-checks a backup folder against its manifest: every listed file present with the recorded size and SHA-256,
 * every listed directory present, nothing unlisted in {@code files/} or beside it. Links are listed, not copied,
 * so nothing may exist at a link's path.
 */
public final class BackupVerifier {

    private BackupVerifier() {
    }

    /** The outcome of one verification; {@link #failed()} with the first problem as its one-line summary. */
    public record Report(String id, String path, boolean verified, int files, long bytes, String manifestSha256,
                         List<String> problems) implements Verdict {
        @Override
        public boolean failed() {
            return !verified;
        }

        @Override
        public String failureSummary() {
            if (verified) {
                return "";
            }
            String first = problems.isEmpty() ? "verification failed" : problems.get(0);
            return "backup " + path + ": " + first + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "")
                    + " (do not restore from it; make a new backup)";
        }
    }

    /** Verifies {@code folder}; a missing or unreadable manifest is a failed report, never an exception. */
    public static Report verify(Path folder) {
        return verify(folder, false, false);
    }

    /**
     * As {@link #verify(Path)}, and the manifest itself must be the one the session recorded when the backup was made
     * ({@code ledgerSha256}, kept outside the backup; null when the session has none): a backup whose files and
     * manifest were both rewritten afterwards passes the manifest check but fails this one.
     */
    public static Report verify(Path folder, String ledgerSha256) {
        Report r = verify(folder);
        if (ledgerSha256 == null || r.manifestSha256() == null || ledgerSha256.equals(r.manifestSha256())) {
            return r;
        }
        List<String> problems = new java.util.ArrayList<>();
        problems.add("manifest.json has sha256 " + r.manifestSha256() + ", not " + ledgerSha256 + " as recorded in the session when"
                + " the backup was made: the backup and its manifest were rewritten since (tampered or replaced; do not use it)");
        problems.addAll(r.problems());
        return new Report(r.id(), r.path(), false, r.files(), r.bytes(), r.manifestSha256(), List.copyOf(problems));
    }

    /** The digest the ledger holds for {@code folder} (records keyed by their normalised path), or null. */
    public static String ledgerDigest(java.util.Map<String, String> ledger, Path folder) {
        return ledger == null ? null : ledger.get(folder.toAbsolutePath().normalize().toString());
    }

    /**
     * {@code allowPartial}: the post-copy check of a folder still named {@code .partial}; {@code crcOnly}: check
     * the bytes against the manifest's CRC-32C instead of its SHA-256 (the fast re-read right after a copy, which
     * looks for I/O errors; every other verification uses SHA-256).
     */
    static Report verify(Path folder, boolean allowPartial, boolean crcOnly) {
        Manifest m;
        try {
            m = Manifest.read(folder);
        } catch (UpgradeException e) {
            String msg = e.getMessage();
            String prefix = "backup " + folder + ": ";
            return new Report(null, folder.toString(), false, 0, 0, null,
                    List.of(msg.startsWith(prefix) ? msg.substring(prefix.length()) : msg));
        }
        List<String> problems = new ArrayList<>();
        if (!allowPartial && folder.getFileName().toString().endsWith(BackupStore.PARTIAL_SUFFIX)) {
            problems.add("the folder is a partial backup (an interrupted copy): it is never a verified backup");
        }
        Path files = folder.resolve(Manifest.FILES_DIR);
        Map<String, ManifestEntry> byPath = new HashMap<>();
        for (ManifestEntry e : m.entries()) {
            byPath.put(e.path(), e);
        }
        int threads = Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "backup-verify");
            t.setDaemon(true);
            return t;
        });
        ThreadLocal<VerifiedCopy.Hashers> hashers = ThreadLocal.withInitial(VerifiedCopy.Hashers::new);
        List<Future<Checked>> checks = new ArrayList<>();
        try {
            for (ManifestEntry e : m.entries()) {
                checks.add(pool.submit(() -> checkEntry(files, e, hashers.get(), crcOnly)));
            }
            long bytes = 0;
            int count = 0;
            for (Future<Checked> f : checks) {
                Checked c = f.get();
                if (c.problem() != null) {
                    problems.add(c.problem());
                }
                bytes += c.bytes();
                count += c.file() ? 1 : 0;
            }
            if (bytes != m.bytes() && problems.isEmpty()) {
                problems.add("the files hold " + bytes + " bytes, the manifest says " + m.bytes());
            }
            problems.addAll(extras(folder, files, byPath));
            return new Report(m.id(), folder.toString(), problems.isEmpty(), count, bytes, Manifest.fileSha256(folder),
                    List.copyOf(problems));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw UpgradeException.unavailable("verify " + folder + ": interrupted");
        } catch (ExecutionException e) {
            throw new IllegalStateException("verify " + folder + " failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private record Checked(String problem, long bytes, boolean file) {
    }

    private static Checked checkEntry(Path files, ManifestEntry e, VerifiedCopy.Hashers h, boolean crcOnly) {
        Path p = files.resolve(e.path());
        try {
            switch (e.type()) {
                case ManifestEntry.FILE -> {
                    if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                        return new Checked("file " + e.path() + " is missing", 0, false);
                    }
                    boolean useCrc = crcOnly && e.crc32c() != null;
                    VerifiedCopy.Copied c = VerifiedCopy.read(p, h, !useCrc);
                    if (c.size() != e.size()) {
                        return new Checked("file " + e.path() + " has " + c.size() + " bytes, the manifest says " + e.size(), c.size(), true);
                    }
                    if (useCrc ? !c.crc32c().equals(e.crc32c()) : !c.sha256().equals(e.sha256())) {
                        return new Checked("file " + e.path() + " does not match its " + (useCrc ? "CRC-32C" : "SHA-256")
                                + " in the manifest (tampered or corrupt)", c.size(), true);
                    }
                    return new Checked(null, c.size(), true);
                }
                case ManifestEntry.DIR -> {
                    return new Checked(Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? null : "directory " + e.path() + " is missing", 0, false);
                }
                case ManifestEntry.LINK -> {
                    return new Checked(Files.exists(p, LinkOption.NOFOLLOW_LINKS)
                            ? "link " + e.path() + " is recorded as a link but something exists at its path" : null, 0, false);
                }
                default -> {
                    return new Checked("entry " + e.path() + " has unknown type '" + e.type() + "'", 0, false);
                }
            }
        } catch (IOException ex) {
            return new Checked("file " + e.path() + " is unreadable: " + ex.getMessage(), 0, false);
        }
    }

    /** Verifies and throws FAILED (one line naming the file) on any mismatch. */
    public static Report check(Path folder) {
        Report r = verify(folder);
        if (r.failed()) {
            throw UpgradeException.failed(r.failureSummary());
        }
        return r;
    }

    private static List<String> extras(Path folder, Path files, Map<String, ManifestEntry> byPath) {
        List<String> extra = new ArrayList<>();
        try (Stream<Path> top = Files.list(folder)) {
            top.forEach(p -> {
                String name = p.getFileName().toString();
                if (!name.equals(Manifest.FILE_NAME) && !name.equals(Manifest.FILES_DIR)) {
                    extra.add("extra file " + name + " beside the manifest");
                }
            });
        } catch (IOException e) {
            extra.add("folder is unreadable: " + e.getMessage());
        }
        if (!Files.isDirectory(files, LinkOption.NOFOLLOW_LINKS)) {
            if (!byPath.isEmpty()) {
                extra.add("directory files/ is missing");
            }
            return extra;
        }
        try {
            Files.walkFileTree(files, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (!dir.equals(files) && !byPath.containsKey(VerifiedCopy.relative(files, dir))) {
                        extra.add("extra directory " + VerifiedCopy.relative(files, dir) + " is not in the manifest");
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String rel = VerifiedCopy.relative(files, file);
                    ManifestEntry e = byPath.get(rel);
                    if (e == null) {
                        extra.add("extra file " + rel + " is not in the manifest");
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    extra.add("file " + VerifiedCopy.relative(files, file) + " is unreadable: " + exc.getMessage());
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            extra.add("files/ is unreadable: " + e.getMessage());
        }
        return extra;
    }
}
