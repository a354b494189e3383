package io.influxupgrade.commands.backup;

import io.influxupgrade.commands.backup.model.BackupKind;
import io.influxupgrade.commands.backup.model.BackupRecord;
import io.influxupgrade.commands.fs.FileTrees;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.fs.AtomicFiles;
import io.influxupgrade.commands.fs.CrashPoints;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code restore meta-dir}: the rollback. It first backs up what is in the meta dir now, then puts a meta-dir
 * backup back exactly (bytes, modes, owners, mtimes, links), each file atomically, and only after the new state is
 * in place removes what the backup does not hold. Refuses while the service runs or when the backup does not verify.
 */
public final class RestoreMetaDirCommand {

    /** {@code ledger}: the manifest digests the session recorded, by backup folder path (null: none known). */
    public record Request(String from, Path metaDir, Path backupRoot, boolean dryRun, ServiceProbe probe,
                          java.util.Map<String, String> ledger) {
        public Request(String from, Path metaDir, Path backupRoot, boolean dryRun, ServiceProbe probe) {
            this(from, metaDir, backupRoot, dryRun, probe, null);
        }
    }

    /** What was (or would be) written and removed, the safety backup taken first, and what still differs afterwards. */
    public record RollbackReport(String from, String metaDir, boolean dryRun, BackupRecord safetyBackup, List<String> writes,
                                 List<String> removes, int unchanged, List<String> differences) implements RestoreVerdict {
        @Override
        public String failureSummary(String first) {
            return "restore meta-dir: " + metaDir + " does not match the backup after the rollback: "
                    + first + (safetyBackup == null ? "" : " (the state before is in backup " + safetyBackup.id() + ")");
        }
    }

    private final BackupEnv env;

    public RestoreMetaDirCommand() {
        this(BackupEnv.SYSTEM);
    }

    public RestoreMetaDirCommand(BackupEnv env) {
        this.env = env;
    }

    /**
     * The session's {@code restore meta-dir}: rolls its meta dir back to {@code from} (an id, {@code latest}: the newest
     * verified meta-dir backup, or a path), against the session's ledger and service probe; the safety backup taken
     * first is recorded in the ledger. No plan step: a rollback.
     */
    public RollbackReport run(io.influxupgrade.commands.session.Workspace ws, String from, boolean dryRun) {
        io.influxupgrade.commands.session.UpgradeSession s = ws.session();
        Path metaDir = io.influxupgrade.commands.session.SessionPaths.of(s).requireMetaDir("restore meta-dir");
        BackupLedger ledger = BackupLedger.of(s);
        RollbackReport rep = run(new Request(ledger.resolve(from, BackupKind.META_DIR), metaDir, ws.backupRoot(), dryRun,
                ServiceProbes.forSession(s), ledger.digests()));
        ledger.add(rep.safetyBackup());
        return rep;
    }

    /** Why {@code restore meta-dir} cannot run now (no verified meta-dir backup: nothing to roll back to), or null. */
    public static String unavailable(io.influxupgrade.commands.session.Workspace ws) {
        return BackupLedger.missingVerified(ws, BackupKind.META_DIR, "there is nothing to roll back to");
    }

    public RollbackReport run(Request r) {
        if (r.metaDir() == null || r.backupRoot() == null || r.from() == null) {
            throw UpgradeException.usage("restore meta-dir: --from, the meta dir and the backup root are required");
        }
        Path metaDir = r.metaDir().toAbsolutePath().normalize();
        List<String> running = (r.probe() == null ? ServiceProbe.system(null, List.of("127.0.0.1:8088")) : r.probe()).evidence();
        if (!running.isEmpty()) {
            throw UpgradeException.notReady("restore meta-dir: the InfluxDB service still runs (" + String.join("; ", running)
                    + "): stop it first");
        }
        BackupStore store = new BackupStore(r.backupRoot());
        Path folder = store.resolve(r.from()).orElseThrow(() -> UpgradeException.usage("restore meta-dir: no backup '" + r.from()
                + "' in " + store.root() + " (run 'backup list')"));
        BackupVerifier.Report rep = BackupVerifier.verify(folder, BackupVerifier.ledgerDigest(r.ledger(), folder));
        if (rep.failed()) {
            throw UpgradeException.notReady("restore meta-dir: " + rep.failureSummary());
        }
        Manifest m = Manifest.read(folder);
        if (m.kind() != BackupKind.META_DIR) {
            throw UpgradeException.usage("restore meta-dir: " + folder + " is a " + m.kind() + " backup (use 'restore metastore')");
        }
        Path files = folder.resolve(Manifest.FILES_DIR);
        Plan plan = plan(m, files, metaDir);
        if (r.dryRun()) {
            return new RollbackReport(folder.toString(), metaDir.toString(), true, null, plan.writeLines(), plan.removeLines(),
                    plan.unchanged, List.of());
        }
        env.space().require("restore meta-dir", metaDir, plan.bytes);
        if (plan.isNoop()) {
            PendingOperations.read(store.root()).filter(op -> sameRollback(op, r, metaDir))
                    .ifPresent(op -> PendingOperations.finish(store.root())); // interrupted after its last change
            return new RollbackReport(folder.toString(), metaDir.toString(), false, null, List.of(), List.of(), plan.unchanged,
                    compare(m, metaDir));
        }
        // The journal is written first and names the safety backup once it exists, so a crash at any point is
        // reported, and a resumed rollback never overwrites the state before it without a verified copy of it.
        java.util.Optional<PendingOperations.Operation> resumed = PendingOperations.read(store.root()).filter(op -> sameRollback(op, r, metaDir));
        BackupRecord safety = resumed.flatMap(op -> op.plan().stream().filter(l -> l.startsWith(SAFETY)).findFirst())
                .map(l -> BackupStore.describe(store.root().resolve(l.substring(SAFETY.length()))))
                .filter(BackupRecord::verified).orElse(null);
        List<String> steps = List.of(plan.writes.size() + " writes", plan.removes.size() + " removals");
        List<String> first = new ArrayList<>(steps);
        if (safety != null) {
            first.add(0, SAFETY + safety.id());
        }
        PendingOperations.begin(store.root(), operation(r, m, metaDir, store.root(), first));
        if (safety == null && Files.isDirectory(metaDir)) {
            safety = new BackupMetaDirCommand(env).run(new BackupMetaDirCommand.Request(metaDir, r.backupRoot()),
                    io.influxupgrade.commands.Progress.NONE, false);
            List<String> withSafety = new ArrayList<>(steps);
            withSafety.add(0, SAFETY + safety.id());
            PendingOperations.begin(store.root(), operation(r, m, metaDir, store.root(), withSafety));
        }
        apply(m, files, metaDir, plan, store.root());
        return new RollbackReport(folder.toString(), metaDir.toString(), false, safety, plan.writeLines(), plan.removeLines(),
                plan.unchanged, compare(m, metaDir));
    }

    private static final class Plan {
        final Map<String, ManifestEntry> writes = new LinkedHashMap<>();
        final List<Path> removes = new ArrayList<>();
        int unchanged;
        long bytes;

        boolean isNoop() {
            return writes.isEmpty() && removes.isEmpty();
        }

        List<String> writeLines() {
            return writes.values().stream().map(e -> e.path() + " (" + e.type() + (e.isFile() ? ", " + e.size() + " bytes" : "")
                    + (e.isLink() ? " -> " + e.linkTarget() : "") + ", mode " + e.mode() + ", owner " + e.ownerNames() + ")").toList();
        }

        List<String> removeLines() {
            return removes.stream().map(Path::toString).toList();
        }
    }

    private static Plan plan(Manifest m, Path files, Path metaDir) {
        Plan plan = new Plan();
        Map<String, ManifestEntry> byPath = new HashMap<>();
        try {
            for (ManifestEntry e : m.entries()) {
                byPath.put(e.path(), e);
                Path p = metaDir.resolve(e.path());
                if (matches(e, p)) {
                    plan.unchanged++;
                } else {
                    plan.writes.put(e.path(), e);
                    plan.bytes += e.isFile() ? e.size() : 0;
                }
            }
            if (Files.isDirectory(metaDir)) {
                Files.walkFileTree(metaDir, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        if (!dir.equals(metaDir) && !isDirEntry(byPath.get(VerifiedCopy.relative(metaDir, dir)))) {
                            addSubtree(plan, dir);
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        if (!byPath.containsKey(VerifiedCopy.relative(metaDir, file))) {
                            plan.removes.add(file);
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
            }
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("read " + metaDir, e);
        }
        return plan;
    }

    private static boolean isDirEntry(ManifestEntry e) {
        return e != null && e.isDir();
    }

    private static void addSubtree(Plan plan, Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(plan.removes::add);
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("read " + dir, e);
        }
    }

    private static boolean matches(ManifestEntry e, Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        FileFacts f = FileFacts.of(p);
        if (!f.type().equals(e.type()) || !f.owner().equals(e.owner())) {
            return false;
        }
        return switch (e.type()) {
            case ManifestEntry.FILE -> f.mode() == e.modeBits() && f.size() == e.size() && f.mtime().equals(e.mtime())
                    && VerifiedCopy.hash(p).sha256().equals(e.sha256());
            case ManifestEntry.DIR -> f.mode() == e.modeBits();
            case ManifestEntry.LINK -> Files.readSymbolicLink(p).toString().equals(e.linkTarget());
            default -> false;
        };
    }

    private static final String SAFETY = "safety backup: ";

    private static boolean sameRollback(PendingOperations.Operation op, Request r, Path metaDir) {
        return op.op().equals("restore meta-dir") && metaDir.toString().equals(op.target()) && r.from().equals(op.source());
    }

    private PendingOperations.Operation operation(Request r, Manifest m, Path metaDir, Path journal, List<String> plan) {
        return new PendingOperations.Operation("restore meta-dir", m.id(), env.clock().instant(), ProcessHandle.current().pid(),
                journal.toString(), null, r.from(), metaDir.toString(), List.copyOf(plan),
                "run 'restore meta-dir --from " + r.from() + "' again (it keeps the safety backup of the state before)");
    }

    private void apply(Manifest m, Path files, Path metaDir, Plan plan, Path journal) {
        try {
            if (!Files.isDirectory(metaDir)) {
                Files.createDirectories(metaDir);
            }
            for (ManifestEntry e : m.entries()) { // parents come before children in a manifest
                if (!plan.writes.containsKey(e.path())) {
                    continue;
                }
                Path p = metaDir.resolve(e.path());
                switch (e.type()) {
                    case ManifestEntry.DIR -> {
                        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                            Files.delete(p); // a file or link where the backup has a directory
                        }
                        if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                            Files.createDirectory(p);
                            AtomicFiles.fsyncDirectory(p.getParent());
                            CrashPoints.tick("mkdir " + e.path());
                        }
                    }
                    case ManifestEntry.FILE -> {
                        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                            FileTrees.delete(p);
                        }
                        SafeWrite.replaceFrom(files.resolve(e.path()), p, e.sha256(), e.modeBits(), e.uid(), e.gid(), FileTime.from(e.mtime()));
                    }
                    case ManifestEntry.LINK -> {
                        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                            FileTrees.delete(p);
                        }
                        SafeWrite.replaceLink(p, e.linkTarget(), e.uid(), e.gid());
                    }
                    default -> {
                    }
                }
            }
            for (Path p : plan.removes) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(p);
                    AtomicFiles.fsyncDirectory(p.getParent());
                    CrashPoints.tick("rmdir " + p.getFileName());
                } else {
                    SafeWrite.remove(p);
                }
            }
            // directory modes, owners and mtimes last (their entries changed above), deepest first
            List<ManifestEntry> dirs = new ArrayList<>(m.entries().stream().filter(ManifestEntry::isDir).toList());
            dirs.sort(Comparator.comparingInt((ManifestEntry e) -> e.path().split("/").length).reversed());
            for (ManifestEntry e : dirs) {
                Path p = metaDir.resolve(e.path());
                SafeWrite.applyAttributes(p, e.modeBits(), e.uid(), e.gid(), FileTime.from(e.mtime()));
            }
            for (ManifestEntry e : m.entries()) {
                if (e.isLink()) {
                    setLinkTime(metaDir.resolve(e.path()), e);
                }
            }
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("restore " + metaDir, e);
        }
        PendingOperations.finish(journal);
    }

    private static void setLinkTime(Path p, ManifestEntry e) {
        try {
            Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(FileTime.from(e.mtime()), null, null);
        } catch (IOException | UnsupportedOperationException ignored) {
            // a link's own mtime is cosmetic; InfluxDB never looks at it
        }
    }

    /** Differences between the meta dir and the manifest (content, type, mode, owner, file mtimes, extra entries). */
    static List<String> compare(Manifest m, Path metaDir) {
        List<String> out = new ArrayList<>();
        Map<String, ManifestEntry> byPath = new HashMap<>();
        try {
            for (ManifestEntry e : m.entries()) {
                byPath.put(e.path(), e);
                Path p = metaDir.resolve(e.path());
                if (!matches(e, p)) {
                    out.add(e.path() + " differs from the backup");
                }
            }
            try (var s = Files.walk(metaDir)) {
                s.filter(p -> !p.equals(metaDir)).map(p -> VerifiedCopy.relative(metaDir, p))
                        .filter(rel -> !byPath.containsKey(rel)).sorted().forEach(rel -> out.add(rel + " is not in the backup"));
            }
        } catch (IOException e) {
            out.add("cannot read " + metaDir + ": " + e.getMessage());
        }
        return out.stream().filter(Objects::nonNull).toList();
    }
}
