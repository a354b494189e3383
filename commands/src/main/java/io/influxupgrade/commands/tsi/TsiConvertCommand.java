package io.influxupgrade.commands.tsi;

import io.influxupgrade.commands.Json;
import io.influxupgrade.commands.Progress;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.backup.ServiceProbe;
import io.influxupgrade.commands.backup.VerifiedCopy;
import io.influxupgrade.commands.fs.AtomicFiles;
import io.influxupgrade.commands.fs.FileTrees;
import io.influxupgrade.commands.perms.ServiceAccount;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code tsi convert}: gives every shard the series index the session's target runs with. For tsi1: each shard
 * without a readable partitioned index first has its old {@code index} dir (a 1.3/1.4 flat layout, or a broken
 * one) moved into a backup folder (copied with SHA-256, fsynced, then removed), then
 * {@code influx_inspect buildtsi -datadir D -waldir W -database DB -retention RP -shard ID} runs <b>as the service
 * user</b> ({@code runuser -u USER --} when we are root), and whatever is left owned by someone else under the shard's
 * index and the database's {@code _series} is chowned to the service user. For inmem: the index dirs are moved aside
 * (a shard without one opens with the inmem index). Refused while influxd runs; {@code --dry-run} writes nothing.
 */
public final class TsiConvertCommand {

    public record Request(Path dataDir, Path walDir, Path backupRoot, String user, String group, String index,
                          String influxInspect, String db, boolean fixOwnersOnly, boolean dryRun, String targetVersion) {
    }

    /** One shard's conversion: before/after, the command run (argv), how long it took and what it printed last. */
    public record ShardConversion(long id, String db, String rp, String before, String after, List<String> command,
                                  String movedTo, String outcome) {
    }

    public record TsiConversion(String index, boolean dryRun, String runAs, List<ShardConversion> shards,
                                List<String> ownersFixed, String backupFolder, List<String> notes) {
    }

    private final ServiceProbe service;

    public TsiConvertCommand(ServiceProbe service) {
        this.service = service;
    }

    /** The influx_inspect on PATH, if any. */
    public static Path findInfluxInspect() {
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "" : path).split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "influx_inspect"))) {
                return Path.of(dir, "influx_inspect");
            }
        }
        return null;
    }

    /**
     * The session's {@code tsi convert}: its data, wal and backup dirs and service account; {@code index} null: the
     * session's target index; {@code influxInspect} null: the one on PATH.
     */
    public TsiConversion run(io.influxupgrade.commands.session.Workspace ws, SeriesIndex index, String db, Path influxInspect,
                             boolean fixOwnersOnly, boolean dryRun) {
        var s = ws.session();
        var paths = io.influxupgrade.commands.session.SessionPaths.of(s);
        return run(new Request(paths.dataDir(), paths.walDir(), ws.backupRoot(), s.getServiceUser(), s.getServiceGroup(),
                index == null ? s.index() : index.word(), influxInspect == null ? null : influxInspect.toString(), db,
                fixOwnersOnly, dryRun, s.to().toString()));
    }

    public TsiConversion run(Request r) {
        String index = r.index() == null ? "tsi1" : r.index();
        if (!index.equals("tsi1") && !index.equals("inmem")) {
            throw UpgradeException.usage("tsi convert: --index takes tsi1 or inmem, not '" + index + "'");
        }
        if (r.dataDir() == null || !Files.isDirectory(r.dataDir())) {
            throw UpgradeException.notReady("tsi convert: data dir " + r.dataDir() + " does not exist (set it with 'session set data-dir DIR')");
        }
        List<String> running = service.evidence();
        if (!running.isEmpty() && !r.dryRun()) {
            throw UpgradeException.notReady("tsi convert: influxd is running (" + String.join("; ", running)
                    + "): stop it first; buildtsi and a running server would both write the index");
        }
        ServiceAccount account = ServiceAccount.resolve(r.user(), r.group());
        boolean root = "root".equals(System.getProperty("user.name"));
        String runAs = account.user().getName();
        List<String> notes = new ArrayList<>();
        if (!root && !runAs.equals(System.getProperty("user.name"))) {
            notes.add("not root: buildtsi runs as " + System.getProperty("user.name") + ", not " + runAs + "; 'tsi convert --fix-owners' as root afterwards");
            runAs = System.getProperty("user.name");
        }
        Path inspect = null;
        if (index.equals("tsi1") && !r.fixOwnersOnly()) {
            inspect = r.influxInspect() != null ? Path.of(r.influxInspect()) : findInfluxInspect();
            if (inspect == null || !Files.isExecutable(inspect)) {
                String msg = "tsi convert: influx_inspect " + (inspect == null ? "is not on PATH" : inspect + " is not executable")
                        + " (it ships with InfluxData's influxdb " + (r.targetVersion() == null ? "1.5+" : r.targetVersion())
                        + " package; Debian's influxdb package leaves it out); pass --influx-inspect PATH";
                if (!r.dryRun()) {
                    throw UpgradeException.unavailable(msg);
                }
                notes.add(msg.substring("tsi convert: ".length()));
                inspect = Path.of("influx_inspect");
            }
        }
        TsiStatusCommand.TsiReport before = new TsiStatusCommand().run(new TsiStatusCommand.Request(r.dataDir(), r.walDir(),
                account.user().getName(), null, index));
        List<ShardConversion> done = new ArrayList<>();
        Path backup = null;
        Path wal = r.walDir();
        if (wal == null && index.equals("tsi1") && !r.fixOwnersOnly()) {
            throw UpgradeException.usage("tsi convert: the wal dir is unknown; buildtsi needs it (-waldir) to index unflushed writes: "
                    + "'session set wal-dir DIR'");
        }
        if (!r.fixOwnersOnly()) {
            for (TsiStatusCommand.ShardIndex s : before.shards()) {
                if (r.db() != null && !r.db().equals(s.db())) {
                    continue;
                }
                boolean partitioned = "tsi1".equals(s.index()) && "partitioned".equals(s.layout());
                boolean act = index.equals("tsi1") ? !partitioned : "tsi1".equals(s.index());
                if (!act) {
                    continue;
                }
                Path shard = r.dataDir().resolve(s.db()).resolve(s.rp()).resolve(Long.toString(s.id()));
                Path old = shard.resolve("index");
                List<String> argv = index.equals("tsi1") ? buildtsi(root && !runAs.equals("root") ? runAs : null, inspect, r.dataDir(), wal, s) : List.of();
                if (index.equals("tsi1") && root && !r.dryRun()) {
                    writableBy(shard, account);
                    writableBy(shard.getParent().getParent(), account);
                }
                String beforeLabel = s.index() + (s.layout() == null ? "" : " " + s.layout());
                if (r.dryRun()) {
                    done.add(new ShardConversion(s.id(), s.db(), s.rp(), beforeLabel, index,
                            argv, Files.exists(old, LinkOption.NOFOLLOW_LINKS) ? "(would move " + old + " aside)" : null, "dry run: nothing written"));
                    continue;
                }
                String moved = null;
                if (Files.exists(old, LinkOption.NOFOLLOW_LINKS)) {
                    if (backup == null) {
                        backup = AtomicFiles.createPrivateDirectory(r.backupRoot().resolve("tsi-index-"
                                + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now())));
                    }
                    moved = moveAside(old, backup.resolve(s.db()).resolve(s.rp()).resolve(Long.toString(s.id())));
                }
                String outcome = "index dir moved aside";
                if (index.equals("tsi1")) {
                    outcome = exec(argv, r.dataDir());
                }
                done.add(new ShardConversion(s.id(), s.db(), s.rp(), beforeLabel, index, argv, moved, outcome));
            }
        }
        List<String> fixed = new ArrayList<>();
        if (!r.dryRun()) {
            fixed.addAll(fixOwners(r.dataDir(), account, r.db()));
        }
        if (!r.dryRun() && index.equals("tsi1")) {
            TsiStatusCommand.TsiReport after = new TsiStatusCommand().run(new TsiStatusCommand.Request(r.dataDir(), r.walDir(),
                    account.user().getName(), null, index));
            List<String> still = after.shards().stream().filter(s -> r.db() == null || r.db().equals(s.db()))
                    .filter(TsiStatusCommand.ShardIndex::needsBuild).map(s -> s.db() + "/" + s.rp() + "/" + s.id()).toList();
            if (!still.isEmpty() && !r.fixOwnersOnly()) {
                throw UpgradeException.failed("tsi convert: buildtsi ran, but these shards still have no readable tsi1 index: "
                        + String.join(", ", still) + (backup == null ? "" : " (their old index dirs are in " + backup + ")"));
            }
        }
        return new TsiConversion(index, r.dryRun(), runAs, List.copyOf(done), List.copyOf(fixed),
                backup == null ? null : backup.toString(), List.copyOf(notes));
    }

    /** buildtsi runs as the service user and writes into the shard dir and the database's dir: they must be its own. */
    private static void writableBy(Path dir, ServiceAccount account) {
        try {
            var owner = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS);
            if (!owner.equals(account.user())) {
                throw UpgradeException.notReady("tsi convert: " + dir + " belongs to " + owner.getName() + ", not " + account.user().getName()
                        + ", who runs buildtsi and writes the index there: run 'perms fix' first");
            }
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("read the owner of " + dir, e);
        }
    }

    static List<String> buildtsi(String runuser, Path inspect, Path dataDir, Path walDir, TsiStatusCommand.ShardIndex s) {
        List<String> argv = new ArrayList<>();
        if (runuser != null) {
            argv.addAll(List.of("runuser", "-u", runuser, "--"));
        }
        argv.addAll(List.of(inspect.toString(), "buildtsi", "-datadir", dataDir.toString(), "-waldir", walDir.toString(),
                "-database", s.db(), "-retention", s.rp(), "-shard", Long.toString(s.id())));
        return argv;
    }

    private static String exec(List<String> argv, Path dataDir) {
        try {
            Path log = Files.createTempFile("influx-upgrade-buildtsi", ".log");
            try {
                Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
                p.waitFor();
                String out = Files.readString(log, StandardCharsets.UTF_8).strip();
                String last = out.isEmpty() ? "" : out.substring(out.lastIndexOf('\n') + 1);
                if (p.exitValue() != 0) {
                    throw UpgradeException.failed("tsi convert: '" + String.join(" ", argv) + "' exited " + p.exitValue()
                            + (last.isEmpty() ? "" : ": " + last));
                }
                return "buildtsi ok" + (last.isEmpty() ? "" : ": " + last);
            } finally {
                AtomicFiles.deleteQuietly(log);
            }
        } catch (IOException e) {
            throw UpgradeException.unavailable("tsi convert: cannot run " + argv.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw UpgradeException.unavailable("tsi convert: interrupted while buildtsi ran");
        }
    }

    /** Copies {@code dir} to {@code target} with SHA-256, makes it durable, records the list, then removes {@code dir}. */
    static String moveAside(Path dir, Path target) {
        try {
            Files.createDirectories(target);
            VerifiedCopy.Result copy = VerifiedCopy.copyTree(dir, target.resolve("index"), Progress.NONE);
            for (Path f : copy.writtenFiles()) {
                try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
            }
            for (Path d : copy.writtenDirs()) {
                AtomicFiles.fsyncDirectory(d);
            }
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("source", dir.toString());
            record.put("bytes", copy.bytes());
            record.put("files", copy.entries());
            AtomicFiles.write(target.resolve("index.json"), (Json.line(record) + "\n").getBytes(StandardCharsets.UTF_8));
            AtomicFiles.fsyncDirectory(target);
            FileTrees.delete(dir);
            AtomicFiles.fsyncDirectory(dir.getParent());
            return target.resolve("index").toString();
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("move " + dir + " aside", e);
        }
    }

    /** Chowns every object under the shards' index dirs and the databases' series files to the service account. */
    static List<String> fixOwners(Path dataDir, ServiceAccount account, String dbFilter) {
        List<String> fixed = new ArrayList<>();
        List<Path> roots = new ArrayList<>();
        try (var dbs = Files.list(dataDir)) {
            for (Path db : dbs.filter(Files::isDirectory).toList()) {
                if (dbFilter != null && !db.getFileName().toString().equals(dbFilter)) {
                    continue;
                }
                roots.add(db.resolve("_series"));
                try (var rps = Files.list(db)) {
                    for (Path rp : rps.filter(p -> Files.isDirectory(p) && !p.getFileName().toString().equals("_series")).toList()) {
                        try (var shards = Files.list(rp)) {
                            shards.filter(Files::isDirectory).forEach(s -> roots.add(s.resolve("index")));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("list " + dataDir, e);
        }
        for (Path root : roots) {
            if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            int[] n = {0};
            try {
                Files.walkFileTree(root, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) throws IOException {
                        fix(d);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                        fix(f);
                        return FileVisitResult.CONTINUE;
                    }

                    private void fix(Path p) throws IOException {
                        PosixFileAttributeView v = Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
                        var a = v.readAttributes();
                        if (!a.owner().equals(account.user()) || !a.group().equals(account.group())) {
                            v.setOwner(account.user());
                            v.setGroup(account.group());
                            n[0]++;
                        }
                    }
                });
            } catch (IOException e) {
                throw AtomicFiles.ioFailure("chown " + root + " to " + account.label(), e);
            }
            if (n[0] > 0) {
                fixed.add("chown " + account.label() + ": " + n[0] + " object(s) in " + root);
            }
        }
        return fixed;
    }

}
