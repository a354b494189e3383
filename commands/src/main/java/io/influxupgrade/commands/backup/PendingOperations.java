package io.influxupgrade.commands.backup;

import io.influxupgrade.commands.fs.FileTrees;
import io.influxupgrade.commands.Json;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.fs.AtomicFiles;
import io.influxupgrade.commands.fs.CrashPoints;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The interrupted-operation journal: before a multi-step write, {@code pending.json} describing it is written to
 * the backup root (or session dir); it is removed when the operation ends. On the next start {@link #find} reports
 * an operation that never ended, with the leftovers {@link #cleanUp} would remove ({@code .partial} backup folders
 * and this tool's temp files) and how to resume.
 */
public final class PendingOperations {

    public static final String FILE_NAME = "pending.json";
    /** Temp files of {@link AtomicFiles} and of this package: {@code .<name>.tmp-<hex>}. */
    static final Pattern TEMP_FILE = Pattern.compile("\\..+\\.tmp-[0-9a-f]+");

    private PendingOperations() {
    }

    /** What was started: the command, the backup id or source, the folders it writes, and what it planned. */
    public record Operation(String op, String id, Instant startedAt, long pid, String backupRoot, String partial,
                            String source, String target, List<String> plan, String resume) {
    }

    /** An operation found unfinished, what is left of it, and the offer to the operator. */
    public record Interrupted(Operation operation, List<String> leftovers, String offer) {
    }

    /** What {@link #cleanUp} removed. */
    public record CleanUp(String dir, List<String> removed) {
    }

    /** Records {@code op} in {@code dir}; refuses (NOT_READY) while a different operation is pending there. */
    public static void begin(Path dir, Operation op) {
        Optional<Operation> existing = read(dir);
        if (existing.isPresent() && !sameWork(existing.get(), op)) {
            Operation e = existing.get();
            throw UpgradeException.notReady(e.op() + " started " + e.startedAt() + " was interrupted (" + dir.resolve(FILE_NAME)
                    + "): resume it (" + e.resume() + ") or clean it up ('backup cleanup') first");
        }
        AtomicFiles.write(dir.resolve(FILE_NAME), Json.line(op).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Marks the operation in {@code dir} as finished. */
    public static void finish(Path dir) {
        try {
            Files.deleteIfExists(dir.resolve(FILE_NAME));
            AtomicFiles.fsyncDirectory(dir);
            CrashPoints.tick("remove " + FILE_NAME);
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("remove " + dir.resolve(FILE_NAME), e);
        }
    }

    /** The pending operation in {@code dir}, if one was interrupted, with its leftovers. */
    public static Optional<Interrupted> find(Path dir) {
        Optional<Operation> op = read(dir);
        List<String> leftovers = leftovers(dir, op.orElse(null));
        if (op.isEmpty() && leftovers.isEmpty()) {
            return Optional.empty();
        }
        Operation o = op.orElse(new Operation("unknown operation", null, null, -1, dir.toString(), null, null, null,
                List.of(), "nothing to resume"));
        String offer = "interrupted: " + o.op() + (o.id() == null ? "" : " " + o.id())
                + (o.startedAt() == null ? "" : " started " + o.startedAt())
                + "; resume: " + o.resume() + (isRestore(o)
                ? "; clean up: 'backup cleanup' refuses until it is finished (the restore depends on " + dependsOn(dir, o) + ")"
                : "; or clean up: 'backup cleanup' removes " + leftovers.size() + " leftover(s)");
        return Optional.of(new Interrupted(o, leftovers, offer));
    }

    /** Removes {@code .partial} folders and temp files left by an interrupted operation, then the journal entry. */
    public static CleanUp cleanUp(Path dir) {
        Optional<Operation> op = read(dir);
        if (op.isPresent() && isRestore(op.get())) {
            Operation o = op.get();
            // Removing the journal (or the temp files it writes from) would make the half-restored meta dir look finished.
            throw UpgradeException.notReady("backup cleanup: " + o.op() + (o.source() == null ? "" : " from " + o.source())
                    + (o.target() == null ? "" : " into " + o.target()) + (o.startedAt() == null ? "" : " started " + o.startedAt())
                    + " is unfinished and depends on " + dependsOn(dir, o) + ": finish it first: " + o.resume());
        }
        List<String> removed = new ArrayList<>();
        for (String p : leftovers(dir, op.orElse(null))) {
            FileTrees.delete(Path.of(p));
            removed.add(p);
        }
        if (Files.exists(dir.resolve(FILE_NAME), LinkOption.NOFOLLOW_LINKS)) {
            finish(dir);
            removed.add(dir.resolve(FILE_NAME).toString());
        }
        return new CleanUp(dir.toString(), List.copyOf(removed));
    }

    /** A restore or rollback: its journal and backups must outlive it (a backup may be abandoned and cleaned up). */
    static boolean isRestore(Operation o) {
        return o.op().startsWith("restore");
    }

    /** The journal and the backups an unfinished restore needs: its source and the safety backup named in its plan. */
    static String dependsOn(Path dir, Operation o) {
        List<String> d = new ArrayList<>();
        d.add(dir.resolve(FILE_NAME).toString());
        if (o.source() != null) {
            d.add("backup " + o.source());
        }
        if (o.plan() != null) {
            o.plan().stream().filter(l -> l.startsWith("safety backup:")).findFirst().ifPresent(d::add);
        }
        return String.join(", ", d);
    }

    static Optional<Operation> read(Path dir) {
        Path f = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.mapper().readValue(Files.readAllBytes(f), Operation.class));
        } catch (IOException e) {
            // A torn journal cannot exist (it is written atomically); an unreadable one is still an interruption.
            return Optional.of(new Operation("unreadable " + FILE_NAME + " (" + e.getMessage().lines().findFirst().orElse("") + ")",
                    null, null, -1, dir.toString(), null, null, null, List.of(), "nothing to resume"));
        }
    }

    /**
     * Whether {@code b} may take over the journal of the unfinished {@code a}: a restore resumes itself (same
     * source and target), and a new backup may start after an interrupted one (its partial folder is never used
     * and stays a leftover for 'backup cleanup').
     */
    private static boolean sameWork(Operation a, Operation b) {
        if (a.op().startsWith("backup") && b.op().startsWith("backup")) {
            return true;
        }
        return a.op().equals(b.op()) && java.util.Objects.equals(a.source(), b.source())
                && java.util.Objects.equals(a.target(), b.target()) && a.op().startsWith("restore");
    }

    private static List<String> leftovers(Path dir, Operation op) {
        List<String> out = new ArrayList<>();
        addLeftovers(dir, out);
        if (op != null && op.target() != null) {
            Path t = Path.of(op.target());
            if (!t.equals(dir) && Files.isDirectory(t, LinkOption.NOFOLLOW_LINKS)) {
                addLeftovers(t, out);
            }
        }
        return out;
    }

    private static void addLeftovers(Path dir, List<String> out) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> s = Files.list(dir)) {
            s.sorted().forEach(p -> {
                String name = p.getFileName().toString();
                if ((name.endsWith(BackupStore.PARTIAL_SUFFIX) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                        || TEMP_FILE.matcher(name).matches()) {
                    out.add(p.toString());
                }
            });
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("list " + dir, e);
        }
    }
}
