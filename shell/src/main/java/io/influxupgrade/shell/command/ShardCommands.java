package io.influxupgrade.shell.command;

import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.Finding;
import io.influxupgrade.commands.meta.MetaSnapshot;
import io.influxupgrade.commands.meta.MetaSources;
import io.influxupgrade.commands.session.UpgradeSession;
import io.influxupgrade.commands.session.Workspace;
import io.influxupgrade.commands.shard.IndexInfo;
import io.influxupgrade.commands.shard.KnownShard;
import io.influxupgrade.commands.shard.KnownShards;
import io.influxupgrade.commands.shard.Reconciliation;
import io.influxupgrade.commands.shard.ShardInfo;
import io.influxupgrade.commands.shard.ShardListCommand;
import io.influxupgrade.commands.shard.ShardReconcileCommand;
import io.influxupgrade.commands.shard.ShardReport;
import io.influxupgrade.commands.shard.ShardTotals;
import io.influxupgrade.commands.shard.ShardVerification;
import io.influxupgrade.commands.shard.ShardVerifyCommand;
import io.influxupgrade.shell.render.Output;
import io.influxupgrade.shell.render.ProgressBars;
import io.influxupgrade.shell.render.Text;
import org.springframework.shell.command.annotation.Command;
import org.springframework.shell.command.annotation.Option;
import org.springframework.shell.command.annotation.OptionValues;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Adapters for {@code shard list}, {@code shard verify} and {@code shard reconcile}. They read the session's data,
 * wal and meta dirs; {@code --data-dir}, {@code --wal-dir} and {@code --meta} override them, so that they also work
 * without a session.
 */
@Command(command = "shard", group = "Shards")
public class ShardCommands {

    private static final Set<String> RECONCILE_IDS = Set.of("shard.orphan-dir", "shard.missing-dir", "shard.path-mismatch");

    private final Workspace ws;
    private final Output out;
    private final ProgressBars bars;

    public ShardCommands(Workspace ws, Output out, ProgressBars bars) {
        this.ws = ws;
        this.out = out;
        this.bars = bars;
    }

    @Command(command = "list", description = "Inventory of the data and wal dirs without a server: one row per shard with engine "
            + "(tsm1, b1, bz1, unknown), index, TSM files and size, time range and series keys from the TSM indexes, unflushed WAL, "
            + "compaction leftovers and owner; totals and findings (b1/bz1 shards, tsi1 indexes to rebuild, garbage) follow. "
            + "Example: shard list --db telegraf --engine b1")
    public void list(
            @Option(label = "DB", longNames = "db", description = "only this database") @OptionValues(provider = "shardDbs") String db,
            @Option(label = "RP", longNames = "rp", description = "only this retention policy") @OptionValues(provider = "shardRps") String rp,
            @Option(label = "tsm1|b1|bz1|unknown", longNames = "engine", description = "only shards of this engine: tsm1, b1, bz1 or unknown") @OptionValues(provider = "shardEngines") String engine,
            @Option(label = "DIR", longNames = "data-dir", description = "data dir (default: the session's)") @OptionValues(provider = "paths") String dataDir,
            @Option(label = "DIR", longNames = "wal-dir", description = "wal dir (default: the session's)") @OptionValues(provider = "paths") String walDir) {
        Path data = dataDir("shard list", dataDir, true);
        Path wal = walDir("shard list", walDir);
        ShardReport r = new ShardListCommand().run(new ShardListCommand.Request(data, wal, db, rp, engine));
        if (wal == null) {
            out.warn("shard list: paths.wal-dir-unknown: no session open and no --wal-dir: unflushed WAL segments are not counted"
                    + " (give --wal-dir DIR to see them)");
        } else if (!Files.isDirectory(wal)) {
            out.warn("shard list: wal dir " + wal + " is not a directory: WAL segments are not counted (check --wal-dir or 'session set wal-dir DIR')");
        }
        out.emit(r, t -> renderList(t, data, r));
    }

    @Command(command = "verify", description = "Check every TSM file without a server: header, footer, index bounds and order, "
            + "every block's CRC-32, and every WAL segment decoded entry by entry (a torn last entry is a warning, corruption before it "
            + "an error). Prints each broken file and block; exit 4 if there is any. "
            + "Example: shard verify --db telegraf --jobs 2")
    public void verify(
            @Option(label = "DB", longNames = "db", description = "only this database") @OptionValues(provider = "shardDbs") String db,
            @Option(label = "RP", longNames = "rp", description = "only this retention policy") @OptionValues(provider = "shardRps") String rp,
            @Option(label = "ID", longNames = "id", description = "only this shard") @OptionValues(provider = "shardIds") String id,
            @Option(label = "N", longNames = "jobs", description = "files checked in parallel (default: the number of cores)") String jobs,
            @Option(label = "DIR", longNames = "data-dir", description = "data dir (default: the session's)") @OptionValues(provider = "paths") String dataDir,
            @Option(label = "DIR", longNames = "wal-dir", description = "wal dir whose segments are decoded too (default: the session's)") @OptionValues(provider = "paths") String walDir) {
        Path data = dataDir("shard verify", dataDir, false);
        Path wal = walDir("shard verify", walDir);
        ShardVerification v = new ShardVerifyCommand().run(new ShardVerifyCommand.Request(data, db, rp, shardId(id),
                jobs(jobs), wal), bars.bytes());
        out.emit(v, t -> renderVerify(t, data, v));
    }

    @Command(command = "reconcile", description = "Compare the shard dirs in the data dir with the shards of the metastore: "
            + "dirs the metastore does not know, metastore shards without a dir (deleted groups excluded), shards under another "
            + "db/rp than the metastore says. Exit 4 if there is any. "
            + "Example: shard reconcile --meta /var/lib/influxdb/meta")
    public void reconcile(
            @Option(label = "SOURCE", longNames = "meta", description = "metastore source: meta dir, meta.db, meta.NN, portable backup, raft dir "
                    + "(default: the session's meta dir)") @OptionValues(provider = "paths") String meta,
            @Option(label = "DIR", longNames = "data-dir", description = "data dir (default: the session's)") @OptionValues(provider = "paths") String dataDir) {
        Path data = dataDir("shard reconcile", dataDir, false);
        MetaSnapshot snapshot = MetaSources.read(metaSource(meta));
        snapshot.warnings().forEach(w -> out.warn("metastore " + snapshot.source() + ": " + w));
        List<KnownShard> known = KnownShards.of(snapshot.data());
        Reconciliation r = new ShardReconcileCommand().run(new ShardReconcileCommand.Request(data, known));
        out.emit(r, t -> renderReconcile(t, data, snapshot, r));
    }

    // ---- where the dirs come from

    /**
     * The data dir: {@code --data-dir}, else the session's. Without a session {@code shard list} needs both dirs, since
     * a listing without the wal dir would silently show no unflushed writes.
     */
    private Path dataDir(String command, String option, boolean needsWal) {
        if (option != null) {
            return Path.of(option);
        }
        if (!ws.hasSession()) {
            throw UpgradeException.usage(command + ": no session open: give --data-dir DIR" + (needsWal ? " (and --wal-dir DIR to count "
                    + "unflushed writes)" : "") + " (or open a session with 'session open NAME')");
        }
        UpgradeSession s = ws.session();
        if (s.getDataDir() == null) {
            throw UpgradeException.notReady(command + ": session '" + s.getName() + "' has no data dir (run 'session set data-dir DIR' "
                    + "or give --data-dir DIR)");
        }
        return Path.of(s.getDataDir());
    }

    private Path walDir(String command, String option) {
        if (option != null) {
            return Path.of(option);
        }
        if (!ws.hasSession()) {
            return null; // the command goes on without the WAL and says so
        }
        UpgradeSession s = ws.session();
        return s.getWalDir() == null ? null : Path.of(s.getWalDir());
    }

    private Path metaSource(String option) {
        if (option != null) {
            return Path.of(option);
        }
        if (!ws.hasSession()) {
            throw UpgradeException.usage("shard reconcile: no session open: give --meta SOURCE (a meta dir, meta.db or metastore backup) "
                    + "and --data-dir DIR, or open a session with 'session open NAME'");
        }
        UpgradeSession s = ws.session();
        if (s.getMetaDir() == null) {
            throw UpgradeException.notReady("shard reconcile: session '" + s.getName() + "' has no meta dir "
                    + "(run 'session set meta-dir DIR' or give --meta SOURCE)");
        }
        return Path.of(s.getMetaDir());
    }

    private static Long shardId(String id) {
        if (id == null) {
            return null;
        }
        try {
            return Long.parseLong(id.strip());
        } catch (NumberFormatException e) {
            throw UpgradeException.usage("shard verify: --id must be a shard ID (a number, see 'shard list'), got '" + id + "'");
        }
    }

    private static int jobs(String jobs) {
        if (jobs == null) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            return Integer.parseInt(jobs.strip());
        } catch (NumberFormatException e) {
            throw UpgradeException.usage("shard verify: --jobs must be a whole number of at least 1, got '" + jobs + "'");
        }
    }

    // ---- text rendering

    static void renderList(Text t, Path dataDir, ShardReport r) {
        if (r.shards().isEmpty()) {
            t.line("no shards in " + dataDir + (r.findings().isEmpty() ? "" : " that match"));
        } else {
            List<List<String>> rows = new ArrayList<>();
            for (ShardInfo s : r.shards()) {
                rows.add(List.of(String.valueOf(s.id()), s.db(), s.rp(), engine(t, s.engine()), index(t, s.index()),
                        String.valueOf(s.tsmFiles()), Text.bytes(s.bytes()), time(s.minTime()), time(s.maxTime()),
                        s.seriesKeys() == null ? "-" : String.valueOf(s.seriesKeys()), String.valueOf(s.walSegments()),
                        Text.bytes(s.walBytes()), s.tempFiles() == 0 ? "0" : t.style().warn(String.valueOf(s.tempFiles())), s.owner()));
            }
            ShardTotals x = r.totals();
            rows.add(List.of(t.style().bold("total"), "", "", "", "", String.valueOf(x.tsmFiles()), Text.bytes(x.bytes()),
                    time(x.minTime()), time(x.maxTime()), String.valueOf(x.seriesKeys()), String.valueOf(x.walSegments()),
                    Text.bytes(x.walBytes()), String.valueOf(x.tempFiles()), ""));
            t.table(List.of("ID", "DB", "RP", "ENGINE", "INDEX", "TSM FILES", "SIZE", "MIN TIME", "MAX TIME", "SERIES",
                    "WAL SEGS", "WAL SIZE", "TEMP FILES", "OWNER"), rows);
            List<String> engines = new ArrayList<>();
            addCount(engines, x.tsm1(), "tsm1");
            addCount(engines, x.b1(), "b1");
            addCount(engines, x.bz1(), "bz1");
            addCount(engines, x.unknown(), "unknown");
            t.line(x.shards() + (x.shards() == 1 ? " shard" : " shards") + ": " + String.join(", ", engines)
                    + " (series keys are summed per shard)");
        }
        findings(t, "findings", r.findings());
    }

    static void renderVerify(Text t, Path dataDir, ShardVerification v) {
        t.line("verified " + v.files() + " TSM files (" + Text.bytes(v.bytes()) + ", " + v.blocks() + " blocks) in " + dataDir
                + (v.walSegments() < 0 ? "; WAL not checked (no wal dir)" : "; decoded " + v.walSegments() + " WAL segments ("
                + v.walEntries() + " entries, " + v.walPoints() + " points)"));
        if (!v.brokenFiles().isEmpty()) {
            List<List<String>> rows = new ArrayList<>();
            for (ShardVerification.BrokenFile f : v.brokenFiles()) {
                rows.add(List.of(String.valueOf(f.shard()), f.db(), f.rp(), t.style().error(f.path()), String.valueOf(f.blocks()),
                        String.valueOf(f.brokenBlocks())));
            }
            t.blank().heading("broken files (" + v.brokenFiles().size() + ")")
                    .table(List.of("SHARD", "DB", "RP", "FILE", "BLOCKS", "BROKEN BLOCKS"), rows);
        }
        findings(t, "problems", v.findings());
        if (!v.failed()) {
            t.line(t.style().ok("all TSM files are intact" + (v.walSegments() > 0 ? " and every WAL segment decodes" : "")));
        }
    }

    static void renderReconcile(Text t, Path dataDir, MetaSnapshot meta, Reconciliation r) {
        t.line("data dir " + dataDir + ": " + r.dirs() + " shards; metastore " + meta.source() + " (" + meta.format() + "): "
                + r.metastoreShards() + " shards");
        if (!r.orphanDirs().isEmpty()) {
            List<List<String>> rows = new ArrayList<>();
            for (Reconciliation.Orphan o : r.orphanDirs()) {
                rows.add(List.of(String.valueOf(o.id()), o.db(), o.rp(), t.style().error(o.path()),
                        o.deletedInMetastore() ? "in a deleted shard group" : "unknown"));
            }
            t.blank().heading("shard dirs the metastore does not know (" + rows.size() + ")")
                    .table(List.of("ID", "DB", "RP", "PATH", "METASTORE"), rows);
            fixes(t, r.findings(), "shard.orphan-dir");
        }
        if (!r.missingDirs().isEmpty()) {
            List<List<String>> rows = new ArrayList<>();
            for (KnownShard k : r.missingDirs()) {
                rows.add(List.of(String.valueOf(k.id()), k.db(), k.rp(),
                        t.style().error(dataDir.resolve(k.db()).resolve(k.rp()).resolve(String.valueOf(k.id())).toString())));
            }
            t.blank().heading("metastore shards without a dir (" + rows.size() + ")")
                    .table(List.of("ID", "DB", "RP", "EXPECTED PATH"), rows);
            fixes(t, r.findings(), "shard.missing-dir");
        }
        if (!r.pathMismatches().isEmpty()) {
            List<List<String>> rows = new ArrayList<>();
            for (Reconciliation.Mismatch m : r.pathMismatches()) {
                rows.add(List.of(String.valueOf(m.id()), m.metastoreDb() + "/" + m.metastoreRp(), m.db() + "/" + m.rp(),
                        t.style().error(m.path())));
            }
            t.blank().heading("shards in the wrong db/rp (" + rows.size() + ")")
                    .table(List.of("ID", "METASTORE DB/RP", "ON DISK DB/RP", "PATH"), rows);
            fixes(t, r.findings(), "shard.path-mismatch");
        }
        findings(t, "other findings", r.findings().stream().filter(f -> !RECONCILE_IDS.contains(f.id())).toList());
        if (!r.failed()) {
            t.line(t.style().ok("the data dir and the metastore agree"));
        }
    }

    /** Findings with their severity coloured, errors first, each with its fix on the next line. */
    static void findings(Text t, String title, List<Finding> findings) {
        if (findings.isEmpty()) {
            return;
        }
        t.blank().heading(title + " (" + findings.size() + ")");
        List<Finding> sorted = new ArrayList<>(findings);
        sorted.sort(Comparator.comparing(Finding::severity));
        for (Finding f : sorted) {
            t.line(t.style().severity(f.severity().name()) + " " + f.id() + ": " + f.message());
            if (f.fix() != null) {
                t.line(t.style().dim("    fix: " + f.fix()));
            }
        }
    }

    private static void fixes(Text t, List<Finding> findings, String id) {
        Set<String> fixes = new LinkedHashSet<>();
        findings.stream().filter(f -> f.id().equals(id) && f.fix() != null).forEach(f -> fixes.add(f.fix()));
        fixes.forEach(f -> t.line(t.style().dim("fix: " + f)));
    }

    private static String engine(Text t, String engine) {
        return engine.equals("tsm1") ? engine : t.style().error(engine);
    }

    private static String index(Text t, IndexInfo index) {
        if (index == null) {
            return "-";
        }
        return Boolean.FALSE.equals(index.manifestReadable()) ? t.style().error(index.toString()) : index.toString();
    }

    private static String time(Instant i) {
        return i == null ? "-" : i.toString();
    }

    private static void addCount(List<String> parts, int n, String what) {
        if (n > 0) {
            parts.add(n + " " + what);
        }
    }
}
