package io.influxupgrade.commands.recover;

import io.influxupgrade.commands.InfluxVersion;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.plan.InitSystem;
import io.influxupgrade.commands.session.Journal;
import io.influxupgrade.commands.session.UpgradePath;
import io.influxupgrade.commands.session.UpgradeSession;
import io.influxupgrade.commands.session.Workspace;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Guided recovery after a failed upgrade: works out which playbook applies from the session and the disk
 * (or takes the one named), and spells out its steps with the concrete backup ids and commands.
 */
public final class RecoverCommand {

    public static final List<String> PLAYBOOKS = List.of("raft-db-detected", "metastore-missing", "permission-denied", "shards-missing");

    /**
     * What was detected and the playbook to follow; {@code playbook} is null when nothing needs recovering.
     * {@code matches}: every playbook whose evidence matches, most data at risk first (the first is the one shown).
     */
    public record Recovery(String detected, String evidence, Playbook playbook, List<Match> matches) {
    }

    /** What happened to one step of a playbook: to do, checked, done, or now the operator's. */
    public record StepOutcome(int number, String title, String kind, String command, String outcome) {
    }

    /** The result of {@code recover}: the playbook (null: nothing to recover), its steps and what comes next. */
    public record RecoveryResult(String playbook, String title, String why, String evidence, boolean ran,
                                 List<StepOutcome> steps, String next, List<Match> matches) {
    }

    /** One playbook whose evidence matches: its rank (1 = most data at risk), the evidence, the command that runs it. */
    public record Match(String playbook, int rank, String risk, List<String> evidence, String command) {
    }

    /**
     * Why the playbooks rank as they do: a raft.db under a new binary or a missing metastore means every database,
     * user and grant is unreachable (and the obvious fix, deleting raft.db, wipes them); unreadable owners stop the
     * server but lose nothing; shards the target skips hide their data until converted.
     */
    static final List<String> RISK = List.of(
            "all metadata unreachable; deleting raft.db would wipe it",
            "databases, users or retention policies missing",
            "the service cannot write its files; nothing is lost",
            "the data of the skipped shards is invisible until they are converted or rebuilt");

    /** Start-up and upgrade errors of influxd 0.12 - 1.8 in its log, and the playbook each one calls for. */
    private static final List<Map.Entry<Pattern, String>> LOG_PATTERNS = List.of(
            Map.entry(Pattern.compile("detected \\S*raft\\.db\\. To proceed"), "raft-db-detected"),
            Map.entry(Pattern.compile("(?i)permission denied"), "permission-denied"),
            Map.entry(Pattern.compile("unknown engine format"), "shards-missing"),
            Map.entry(Pattern.compile("incompatible tsi1 index MANIFEST"), "shards-missing"),
            Map.entry(Pattern.compile("(?i)database not found|user not found"), "metastore-missing"));
    private static final int MAX_LOG_BYTES = 64 * 1024 * 1024;

    /** Signals the shard engine provides: non-TSM shards and tsi1 indexes the target cannot read. */
    public interface ShardSignals {
        List<String> unreadableShards(UpgradeSession session);

        ShardSignals NONE = s -> List.of();

        /** From a quick scan of the session's data dir: b1/bz1 shards, unknown engines, tsi1 indexes built by 1.3. */
        static ShardSignals scanned() {
            return s -> {
                io.influxupgrade.commands.check.CheckContext c = new io.influxupgrade.commands.check.CheckContext(s, null,
                        Optional::empty, io.influxupgrade.commands.backup.ServiceProbe.STOPPED);
                return io.influxupgrade.commands.check.ShardChecks.scanFindings(c, "shard.non-tsm", "shard.unknown-engine",
                        "shard.tsi-rebuild-needed").stream().map(io.influxupgrade.commands.Finding::message).toList();
            };
        }
    }

    private final Path root;
    private final ShardSignals shards;

    private final java.util.function.Supplier<Optional<InfluxVersion>> installed;

    /** The installed influxd is not looked at (tests): raft.db counts only after the switch, beside meta.db, or in a log. */
    public RecoverCommand(Path root, ShardSignals shards) {
        this(root, shards, Optional::empty);
    }

    /** {@code installed}: the version of the influxd on this machine, if any (a 0.12+ one refuses to start on raft.db). */
    public RecoverCommand(Path root, ShardSignals shards, java.util.function.Supplier<Optional<InfluxVersion>> installed) {
        this.root = root;
        this.shards = shards;
        this.installed = installed;
    }

    /** On this machine: the real root, the installed influxd's version, and {@code shards} for the data dir. */
    public static RecoverCommand onThisMachine(ShardSignals shards) {
        return new RecoverCommand(Path.of("/"), shards, () -> io.influxupgrade.commands.session.VersionDetector.binary()
                .map(io.influxupgrade.commands.session.VersionDetector.BinaryVersion::version).map(InfluxVersion::tryParse));
    }

    /**
     * The whole {@code recover [PLAYBOOK] [--run] [--log FILE]}: the playbook that applies (or the one named) with its
     * steps to do, or, with {@code carryOut}, carried out ({@link RecoverRun}: shell steps through {@code runner}).
     */
    public RecoveryResult recover(Workspace ws, String playbook, boolean carryOut, Path log, io.influxupgrade.commands.LineRunner runner) {
        Recovery r = run(ws, playbook, log == null ? null : log.toAbsolutePath());
        if (r.playbook() == null) {
            return new RecoveryResult(null, null, null, r.evidence(), false, List.of(), null, r.matches());
        }
        Playbook p = r.playbook();
        List<StepOutcome> outcomes = new ArrayList<>();
        String next;
        if (carryOut) {
            RecoverRun.Ran ran = RecoverRun.run(ws, p, runner);
            outcomes.addAll(ran.outcomes());
            next = ran.next();
        } else {
            int n = 0;
            for (Playbook.Step step : p.steps()) {
                outcomes.add(new StepOutcome(++n, step.title(), step.kind().name().toLowerCase(), step.command(),
                        "to do (check: " + step.check() + ")"));
            }
            next = "run 'recover " + p.id() + " --run' to carry out the shell steps";
        }
        return new RecoveryResult(p.id(), p.title(), p.why(), r.evidence(), carryOut, outcomes, next, r.matches());
    }

    public Recovery run(Workspace ws, String playbook) {
        return run(ws, playbook, null);
    }

    /** {@code log}: an influxd log or a pasted error (a file), whose start-up errors count as evidence too; may be null. */
    public Recovery run(Workspace ws, String playbook, Path log) {
        UpgradeSession s = ws.session();
        if (playbook != null && !PLAYBOOKS.contains(playbook)) {
            throw UpgradeException.usage("recover: unknown playbook '" + playbook + "' (one of " + String.join(", ", PLAYBOOKS) + ")");
        }
        List<Match> matches = diagnose(ws, log);
        String evidence;
        String id = playbook;
        if (id == null) {
            if (matches.isEmpty()) {
                return new Recovery(null, "nothing to recover: no raft.db in the meta dir, no failed comparison, "
                        + "meta.db owned by the service user, every shard readable" + (log == null ? "" : ", no known error in " + log),
                        null, matches);
            }
            id = matches.get(0).playbook();
            evidence = String.join("; ", matches.get(0).evidence());
        } else {
            String named = playbook;
            evidence = matches.stream().filter(m -> m.playbook().equals(named)).findFirst()
                    .map(m -> "named by the operator; " + String.join("; ", m.evidence()))
                    .orElse("named by the operator (no evidence of it was found on this machine)");
        }
        return new Recovery(id, evidence, playbook(s, id, ws.journal()), matches);
    }

    /** Every playbook whose evidence matches, most data at risk first. */
    public List<Match> diagnose(Workspace ws, Path log) {
        UpgradeSession s = ws.session();
        Map<String, List<String>> ev = new LinkedHashMap<>();
        PLAYBOOKS.forEach(p -> ev.put(p, new ArrayList<>()));
        Path meta = s.getMetaDir() == null ? null : Path.of(s.getMetaDir());
        if (meta != null && Files.exists(meta.resolve("raft.db"), LinkOption.NOFOLLOW_LINKS)) {
            Optional<InfluxVersion> bin = installed.get();
            String when = s.stepDone("install-binary") || s.stepDone("stop-service") ? " after the old service was stopped"
                    : Files.exists(meta.resolve("meta.db"), LinkOption.NOFOLLOW_LINKS) ? " beside a meta.db (half-upgraded)"
                    : bin.filter(v -> !v.isRaftEra()).map(v -> " and the installed influxd is " + v + ", which refuses to start while it exists")
                    .orElse(null);
            // before the switch, with the old binary still installed, raft.db is simply the 0.10/0.11 metastore
            if (when != null) {
                ev.get("raft-db-detected").add(meta.resolve("raft.db") + " is there" + when);
            }
        }
        if (meta != null && Files.isDirectory(meta) && !Files.exists(meta.resolve("meta.db"), LinkOption.NOFOLLOW_LINKS)
                && !Files.exists(meta.resolve("raft.db"), LinkOption.NOFOLLOW_LINKS) && s.getDataDir() != null
                && hasEntries(Path.of(s.getDataDir()))) {
            ev.get("metastore-missing").add(meta + " has neither meta.db nor raft.db while " + s.getDataDir() + " holds data");
        }
        Optional<Journal.Entry> lastCompare = ws.journal().entries().stream()
                .filter(e -> e.command().startsWith("verify compare")).reduce((a, b) -> b);
        if (lastCompare.isPresent() && lastCompare.get().exitCode() == 4) {
            ev.get("metastore-missing").add("the last 'verify compare' failed: " + lastCompare.get().outcome());
        }
        if (meta != null && userExists(meta, s.getServiceUser())) {
            for (Path p : new Path[] {meta, meta.resolve("meta.db")}) {
                String owner = owner(p);
                if (owner != null && !owner.equals(s.getServiceUser())) {
                    ev.get("permission-denied").add(p + " belongs to " + owner + ", not " + s.getServiceUser());
                }
            }
        }
        List<String> bad = shards.unreadableShards(s);
        if (!bad.isEmpty()) {
            ev.get("shards-missing").add(bad.size() + " shard(s) the target cannot read: "
                    + String.join(", ", bad.subList(0, Math.min(5, bad.size()))));
        }
        if (log != null) {
            readLog(log, ev);
        }
        List<Match> out = new ArrayList<>();
        for (int i = 0; i < PLAYBOOKS.size(); i++) {
            String p = PLAYBOOKS.get(i);
            if (!ev.get(p).isEmpty()) {
                out.add(new Match(p, i + 1, RISK.get(i), List.copyOf(ev.get(p)), "recover " + p + " --run"));
            }
        }
        return out;
    }

    /** Adds each known error line of the log (quoted, at most 3 per playbook) to the evidence. */
    private static void readLog(Path log, Map<String, List<String>> ev) {
        List<String> lines;
        try {
            if (Files.size(log) > MAX_LOG_BYTES) {
                throw UpgradeException.usage("recover --log: " + log + " is larger than 64 MiB (pass the part around the failed start)");
            }
            lines = Files.readAllLines(log, java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (java.nio.file.NoSuchFileException e) {
            throw UpgradeException.unavailable("recover --log: " + log + ": no such file");
        } catch (java.io.IOException e) {
            throw UpgradeException.unavailable("recover --log: cannot read " + log + " (" + e.getMessage() + ")");
        }
        int n = 0;
        for (String line : lines) {
            n++;
            for (Map.Entry<Pattern, String> p : LOG_PATTERNS) {
                List<String> list = ev.get(p.getValue());
                if (list.size() < 3 && p.getKey().matcher(line).find()) {
                    String quoted = io.influxupgrade.commands.session.Redactor.redact(line.strip()); // never a password from a log
                    list.add(log.getFileName() + ":" + n + ": \"" + (quoted.length() > 300 ? quoted.substring(0, 300) + "…" : quoted) + "\"");
                }
            }
        }
    }

    private static boolean hasEntries(Path dir) {
        try (var s = Files.list(dir)) {
            return s.anyMatch(p -> !p.getFileName().toString().startsWith("."));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private Playbook playbook(UpgradeSession s, String id, Journal journal) {
        InitSystem init = InitSystem.detect(root, s.to().toString()).init();
        String metaDirBackup = s.latestVerifiedBackup(io.influxupgrade.commands.backup.model.BackupKind.META_DIR);
        String metastoreBackup = s.latestVerifiedBackup(io.influxupgrade.commands.backup.model.BackupKind.METASTORE);
        InfluxVersion from = s.from();
        String oldInstall = InitSystem.detect(root, from == null ? "OLD" : from.toString()).init().install();
        List<Playbook.Step> steps = new ArrayList<>();
        switch (id) {
            case "raft-db-detected" -> {
                steps.add(stopStep("Stop the new service (it refuses to start anyway)", init));
                if (metastoreBackup != null) {
                    steps.add(new Playbook.Step("Restore the recorded metastore export; raft.db is removed after the restore is verified",
                            Playbook.Kind.SHELL, "restore metastore --from " + metastoreBackup, "meta.db equals the export"));
                } else if (s.upgradePath() == UpgradePath.RAFT_ERA) {
                    steps.add(new Playbook.Step("No metastore export was recorded. Either export natively from the meta dir "
                            + "(the raft snapshot, if any, with every log entry after it replayed)",
                            Playbook.Kind.SHELL, "backup metastore --via native", "the export equals the replayed meta dir"));
                    steps.add(new Playbook.Step("… or, to export with the old binary itself: reinstall " + (from == null ? "the old version" : from)
                            + ", start it, run 'backup metastore --via influxd', stop it, reinstall the new version", Playbook.Kind.OPERATOR,
                            oldInstall, "influxd version is the old one", Playbook.Probe.NONE));
                    steps.add(new Playbook.Step("Restore the export", Playbook.Kind.SHELL, "restore metastore --from <the new metastore backup id>", "meta.db equals the export"));
                }
                steps.add(new Playbook.Step("Give meta.db back to the service user", Playbook.Kind.SHELL, "perms fix", "owners are " + s.getServiceUser()));
                steps.addAll(startAndCompare("Start the new service", init));
                return new Playbook(id, "InfluxDB refuses to start: raft.db detected",
                        "0.12+ refuses to start while raft.db exists; deleting it would wipe all metadata", steps);
            }
            case "metastore-missing" -> {
                steps.add(stopStep("Stop the new service", init));
                if (metaDirBackup == null) {
                    throw UpgradeException.notReady("recover metastore-missing: no verified meta-dir backup is recorded in this session, "
                            + "so there is nothing to put back; restore your own copy of the meta dir by hand");
                }
                steps.add(new Playbook.Step("Put the whole meta directory back as it was before the upgrade (what is there now is backed up first)",
                        Playbook.Kind.SHELL, "restore meta-dir --from " + metaDirBackup, "the meta dir equals the backup"));
                if (s.upgradePath() == UpgradePath.RAFT_ERA) {
                    steps.add(new Playbook.Step("Reinstall the old version " + (from == null ? "" : from) + " and start it, then retry "
                            + "from the metastore export ('status' shows the plan again from there)",
                            Playbook.Kind.OPERATOR, oldInstall + "; " + init.start(), "influxd version is the old one", Playbook.Probe.OLD_BINARY));
                } else {
                    steps.addAll(startAndCompare("Start the service again", init));
                }
                return new Playbook(id, "Databases, users or retention policies are missing after the upgrade",
                        "verify compare found differences against the baseline taken before the upgrade", steps);
            }
            case "permission-denied" -> {
                steps.add(stopStep("Stop the service", init));
                steps.add(new Playbook.Step("Give the meta, data and wal dirs back to " + s.getServiceUser() + ":" + s.getServiceGroup(),
                        Playbook.Kind.SHELL, "perms fix", "'perms check' finds nothing"));
                steps.add(startStep("Start the service", init));
                return new Playbook(id, "Files owned by root after a restore",
                        "influxd runs as " + s.getServiceUser() + " and cannot write meta.db or shard files owned by root", steps);
            }
            case "shards-missing" -> {
                steps.add(new Playbook.Step("List the shards the target cannot read", Playbook.Kind.SHELL, "shard list --engine b1", "b1 shards listed"));
                steps.add(new Playbook.Step("… and bz1 shards", Playbook.Kind.SHELL, "shard list --engine bz1", "bz1 shards listed"));
                steps.add(new Playbook.Step("b1/bz1: reinstall 0.10, convert with influx_tsm (service stopped), then upgrade again",
                        Playbook.Kind.OPERATOR, "influx_tsm -backup /path/to/backup -parallel " + s.getDataDir(), "'shard list' shows only tsm1"));
                steps.add(new Playbook.Step("tsi1 built by 1.3: stop the service, delete each shard's index dir and rebuild it",
                        Playbook.Kind.OPERATOR, "influx_inspect inmem2tsi -datadir <shard dir> -waldir <shard wal dir>", "no shard.tsi-rebuild-needed finding"));
                steps.add(new Playbook.Step("Check again", Playbook.Kind.SHELL, "check --include shard.non-tsm,shard.tsi-rebuild-needed", "no ERROR"));
                return new Playbook(id, "Shards skipped by the new version",
                        "1.4 silently skips b1/bz1 shards and refuses tsi1 indexes built by 1.3: their data is invisible", steps);
            }
            default -> throw UpgradeException.usage("recover: unknown playbook '" + id + "'");
        }
    }

    /** An operator step that stops the service with {@code init}'s command; done when no influxd runs. */
    private static Playbook.Step stopStep(String title, InitSystem init) {
        return new Playbook.Step(title, Playbook.Kind.OPERATOR, init.stop(), "no influxd runs", Playbook.Probe.STOPPED);
    }

    /** An operator step that starts the service with {@code init}'s command; done when the server answers ping. */
    private static Playbook.Step startStep(String title, InitSystem init) {
        return new Playbook.Step(title, Playbook.Kind.OPERATOR, init.start(), "the server answers ping", Playbook.Probe.RUNNING);
    }

    /** The last two steps of a recovery that touched the metastore: start the service, then compare with the baseline. */
    private static List<Playbook.Step> startAndCompare(String title, InitSystem init) {
        return List.of(startStep(title, init), compareStep());
    }

    /** The last step of a recovery that touched the metastore: compare with the baseline taken before the upgrade. */
    private static Playbook.Step compareStep() {
        return new Playbook.Step("Compare with the baseline", Playbook.Kind.SHELL, "verify compare", "no difference");
    }

    /** Steps of the plan that a metastore-missing recovery sends back to "not done", so the plan retries them. */
    public static final List<String> RETRY_STEPS = List.of("backup-metastore", "stop-service", "install-binary",
            "restore-metastore", "perms-fix", "start-service", "verify-compare");

    private static boolean userExists(Path any, String user) {
        try {
            any.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static String owner(Path p) {
        try {
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
            return Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).owner().getName();
        } catch (Exception e) {
            return null;
        }
    }
}
