package io.influxupgrade.commands.v2;

import io.influxupgrade.commands.InfluxVersion;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.FindingsVerdict;
import io.influxupgrade.commands.Finding;
import io.influxupgrade.commands.config.ConfigFile;
import io.influxupgrade.commands.meta.MetaData;
import io.influxupgrade.commands.meta.MetaSnapshot;
import io.influxupgrade.commands.meta.MetaSources;
import io.influxupgrade.commands.meta.Privilege;
import io.influxupgrade.commands.meta.UserInfo;
import io.influxupgrade.commands.shard.DataDirScanner;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code check --to 2.x}: what 2.x's {@code influxd upgrade} would drop or break on this 1.x installation, read from
 * the files (no 2.x binary, no server): admin users and users without grants (not migrated), continuous queries (not
 * migrated; each printed as the text of an equivalent task), subscriptions, {@code _internal}, the bucket each
 * retention policy becomes, auth switched off, a v2 target path that already holds data (the overwrite option deletes
 * it), the disk space of the copy, shards without a tsi1 index, and config keys with no 2.x meaning. Every finding has
 * a stable id.
 */
public final class V2PreflightCommand {

    /** Where 2.x's upgrade writes by default: {@code ~/.influxdbv2/engine} and {@code ~/.influxdbv2/influxd.bolt}. */
    public static Path defaultV2Dir() {
        return Path.of(System.getProperty("user.home"), ".influxdbv2");
    }

    public record Request(InfluxVersion from, Path metaDir, Path dataDir, Path walDir, Path configFile, Path v2Dir) {
    }

    /** A retention policy and the bucket it becomes. */
    public record Bucket(String database, String retentionPolicy, String bucket, String retention, boolean defaultRp) {
    }

    /** A continuous query and the task text that replaces it. */
    public record TaskText(String database, String name, String influxql, String flux, boolean complete, String note) {
    }

    public record V2Preflight(String from, String metaSource, String v2Dir, List<Bucket> buckets, List<TaskText> tasks,
                              long copyBytes, Long freeBytes, List<Finding> findings) implements FindingsVerdict {
        @Override
        public String failureSummary() {
            return "check --to 2.x: " + Finding.errorIds(findings) + " would break 'influxd upgrade' (fix them first)";
        }
    }

    /** The target of {@code check --to}/{@code report --to}: only 2.x (the 1.x targets are the session's own). */
    public record Target(String word) {

        /** Parses {@code 2.x}, {@code 2} or {@code 2.N}; anything else is a usage error pointing at 'session set to'. */
        public static Target parse(String word) {
            String w = word.strip();
            if (!w.equals("2.x") && !w.equals("2") && !w.startsWith("2.")) {
                throw UpgradeException.usage("--to takes 2.x here (the 1.x targets are the session's: 'session set to VERSION'), not '"
                        + word + "'");
            }
            return new Target(w);
        }
    }

    /**
     * The session's 2.x preflight: its meta, data and wal dirs and config, judged against what runs now (the target once
     * the new binary is in, else the old version); {@code v2Dir} null: {@link #defaultV2Dir()}.
     */
    public V2Preflight run(io.influxupgrade.commands.session.Workspace ws, Path v2Dir) {
        var s = ws.session();
        var paths = io.influxupgrade.commands.session.SessionPaths.of(s);
        return run(new Request(s.installed(), paths.metaDir(), paths.dataDir(), paths.walDir(), paths.config(),
                v2Dir == null ? null : v2Dir.toAbsolutePath().normalize()));
    }

    /** {@code report --to 2.x}: the session's preflight, also written to {@code outFile} (md, or json) when one is named. */
    public V2Preflight report(io.influxupgrade.commands.session.Workspace ws, Path v2Dir, Path outFile, boolean json, boolean force) {
        V2Preflight p = run(ws, v2Dir);
        if (outFile != null) {
            V2ReportWriter.write(p, outFile, json, force);
        }
        return p;
    }

    public V2Preflight run(Request r) {
        if (r.from() != null && !r.from().atLeast(1, 0)) {
            throw UpgradeException.usage("check --to 2.x: 2.x's influxd upgrade reads a 1.x installation; upgrade " + r.from()
                    + " to 1.x first (this session's plan), then run the 2.x preflight");
        }
        if (r.metaDir() == null) {
            throw UpgradeException.notReady("check --to 2.x: the meta dir is unknown (set it with 'session set meta-dir DIR')");
        }
        MetaSnapshot snap = MetaSources.read(r.metaDir());
        if (snap.raft()) {
            throw UpgradeException.notReady("check --to 2.x: " + r.metaDir() + " is a 0.10/0.11 raft metastore; 2.x reads only meta.db "
                    + "(finish the 1.x upgrade first)");
        }
        MetaData meta = snap.data();
        List<Finding> findings = new ArrayList<>();
        users(meta, findings);
        List<Bucket> buckets = buckets(meta, findings);
        List<TaskText> tasks = new ArrayList<>();
        for (MetaData.DatabaseInfo db : meta.databases()) {
            for (MetaData.ContinuousQueryInfo cq : db.continuousQueries()) {
                CqToTask.Task t = CqToTask.translate(cq.name(), db.name(), db.defaultRetentionPolicy(), cq.query());
                tasks.add(new TaskText(db.name(), cq.name(), cq.query(), t.flux(), t.complete(), t.note()));
                findings.add(Finding.warning("v2.cq-not-migrated", "continuous query " + db.name() + "." + cq.name()
                                + " is not migrated: 2.x has tasks instead" + (t.complete() ? " (task text written below)" : " (a task skeleton below: finish it by hand)"),
                        "create the task from its text after the upgrade (influx task create), or keep the CQ list influxd upgrade exports"));
            }
            for (MetaData.RetentionPolicyInfo rp : db.retentionPolicies()) {
                for (MetaData.SubscriptionInfo sub : rp.subscriptions()) {
                    findings.add(Finding.warning("v2.subscription", "subscription " + sub.name() + " on " + db.name() + "." + rp.name() + " ("
                                    + sub.mode() + " " + String.join(", ", sub.destinations()) + ") is not migrated: 2.x has no subscriptions",
                            "point the subscriber (e.g. Kapacitor) at 2.x another way (it reads or is written to by a task)"));
                }
            }
            if (db.name().equals("_internal")) {
                findings.add(Finding.notice("v2.internal-db", "database _internal (1.x self-monitoring) is not migrated",
                        "2.x serves its own metrics at /metrics; scrape those instead"));
            }
        }
        auth(r.configFile(), findings);
        config(r.configFile(), findings);
        Path v2 = r.v2Dir() == null ? defaultV2Dir() : r.v2Dir();
        target(v2, findings);
        long copy = size(r.dataDir()) + size(r.walDir());
        Long free = free(v2);
        if (free != null && free < copy + copy / 10) {
            findings.add(Finding.error("v2.disk-space", "influxd upgrade copies " + copy + " bytes of data and WAL into " + v2
                    + ", which has " + free + " bytes free (the copy + 10% needed)", "free space there, or choose another --v2-path"));
        } else {
            findings.add(Finding.notice("v2.disk-space", "the copy needs " + copy + " bytes + 10%" + (free == null ? "" : "; " + free + " free at " + v2),
                    null));
        }
        inmem(r.dataDir(), r.walDir(), findings);
        return new V2Preflight(r.from() == null ? null : r.from().toString(), snap.source(), v2.toString(), List.copyOf(buckets),
                List.copyOf(tasks), copy, free, List.copyOf(findings));
    }

    private static void users(MetaData meta, List<Finding> findings) {
        for (UserInfo u : meta.users()) {
            boolean grants = u.privileges().values().stream().anyMatch(p -> p != Privilege.NONE);
            if (u.admin()) {
                findings.add(Finding.warning("v2.user-admin", "admin user " + u.name() + " is not migrated: 2.x creates one new owner at setup",
                        "give the 2.x setup user the admin's role; recreate other admins as 2.x users with an all-access token"));
            } else if (!grants) {
                findings.add(Finding.warning("v2.user-no-grants", "user " + u.name() + " has no grants and is not migrated",
                        "grant it READ or WRITE on a database before the upgrade if it is still used, or drop it"));
            } else {
                findings.add(Finding.notice("v2.user-migrated", "user " + u.name() + " becomes a 1.x-compatible authorization with "
                        + u.privileges(), "clients keep using the name and password through the 1.x API"));
            }
        }
    }

    private static List<Bucket> buckets(MetaData meta, List<Finding> findings) {
        List<Bucket> out = new ArrayList<>();
        for (MetaData.DatabaseInfo db : meta.databases()) {
            if (db.name().equals("_internal")) {
                continue;
            }
            for (MetaData.RetentionPolicyInfo rp : db.retentionPolicies()) {
                String bucket = db.name() + "/" + rp.name();
                boolean dflt = rp.name().equals(db.defaultRetentionPolicy());
                out.add(new Bucket(db.name(), rp.name(), bucket, rp.duration() == 0 ? "infinite" : rp.duration() / 1_000_000_000L + "s", dflt));
                if (db.name().contains("/") || rp.name().contains("/")) {
                    findings.add(Finding.warning("v2.bucket-name", "bucket " + bucket + " (from " + db.name() + "." + rp.name()
                                    + ") has more than one '/': database and retention policy cannot be told apart in its name",
                            "rename the database or retention policy first, or map it with 'influx v1 dbrp' after the upgrade"));
                }
                findings.add(Finding.notice("v2.bucket", db.name() + "." + rp.name() + " becomes bucket \"" + bucket + "\" (retention "
                        + (rp.duration() == 0 ? "infinite" : rp.duration() / 1_000_000_000L + "s") + (dflt ? ", the default of " + db.name() : "")
                        + ", mapped for the 1.x API)", null));
            }
        }
        return out;
    }

    private static void auth(Path config, List<Finding> findings) {
        boolean enabled = false;
        if (config != null && Files.isRegularFile(config)) {
            for (ConfigFile.Entry e : ConfigFile.parse(config).entries()) {
                if ("http".equals(e.section()) && "auth-enabled".equals(e.key()) && Boolean.TRUE.equals(e.value())) {
                    enabled = true;
                }
            }
        }
        if (!enabled) {
            findings.add(Finding.warning("v2.auth-disabled", "[http] auth-enabled is off" + (config == null ? " (no config file: the default)" : "")
                            + ": 2.x always requires a token or 1.x credentials, so every client that sends none is refused (401)",
                    "give each client a user (1.x API) or a token before the switch"));
        }
    }

    private static void config(Path config, List<Finding> findings) {
        if (config == null || !Files.isRegularFile(config)) {
            return;
        }
        for (ConfigFile.Entry e : ConfigFile.parse(config).entries()) {
            String key = e.section() == null || e.section().isEmpty() ? e.key() : e.section() + "." + e.key();
            if (V2ConfigMap.MAPPED.containsKey(key) || V2ConfigMap.HARMLESS.contains(key) || key.equals("http.auth-enabled")) {
                continue;
            }
            findings.add(Finding.warning("v2.config-unmapped", config + ":" + e.line() + ": " + e.displayName()
                    + " has no 2.x setting: influxd upgrade drops it", "decide whether it mattered (a listener such as [[graphite]] needs Telegraf in 2.x)"));
        }
    }

    private static void target(Path v2, List<Finding> findings) {
        for (Path p : List.of(v2.resolve("engine"), v2.resolve("influxd.bolt"), v2.resolve("configs"))) {
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !(Files.isDirectory(p) && empty(p))) {
                findings.add(Finding.error("v2.target-not-empty", p + " already exists: influxd upgrade stops there, and its "
                                + "--overwrite-existing-v2 option deletes what is there first (reported to empty whole directories)",
                        "never use --overwrite-existing-v2 on data you want; move it aside or give the upgrade an empty path (--v2-path)"));
            }
        }
    }

    private static void inmem(Path data, Path wal, List<Finding> findings) {
        if (data == null || !Files.isDirectory(data)) {
            return;
        }
        DataDirScanner.Scan scan = new DataDirScanner(data, wal, DataDirScanner.Options.quick(4)).scan(null, null);
        // _internal is not migrated: its (inmem) shards do not count
        long inmem = scan.shards().stream().filter(s -> "tsm1".equals(s.info().engine()) && !"_internal".equals(s.info().db()))
                .filter(s -> s.info().index() == null || !"tsi1".equals(s.info().index().type())).count();
        if (inmem > 0) {
            findings.add(Finding.warning("v2.inmem-shards", inmem + " shard(s) have no tsi1 index: 2.x knows only tsi1",
                    "index them on 1.x first: 'session set index tsi1', 'tsi convert'"));
        }
    }

    private static boolean empty(Path dir) {
        try (var s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    static long size(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return 0;
        }
        long[] n = {0};
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes a) {
                    if (a.isRegularFile()) {
                        n[0] += a.size();
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path f, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            return n[0];
        }
        return n[0];
    }

    static Long free(Path target) {
        Path probe = target;
        while (probe != null && !Files.exists(probe)) {
            probe = probe.getParent();
        }
        if (probe == null) {
            return null;
        }
        try {
            return Files.getFileStore(probe).getUsableSpace();
        } catch (IOException e) {
            return null;
        }
    }

    /** The ids this preflight reports, for {@code check --list --to 2.x} and the docs. */
    public static final List<String> IDS = List.of("v2.user-admin", "v2.user-no-grants", "v2.user-migrated", "v2.cq-not-migrated",
            "v2.subscription", "v2.internal-db", "v2.bucket", "v2.bucket-name", "v2.auth-disabled", "v2.target-not-empty",
            "v2.disk-space", "v2.inmem-shards", "v2.config-unmapped");

    static Map<String, String> mapped() {
        return V2ConfigMap.MAPPED;
    }
}
