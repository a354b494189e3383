package io.influxupgrade.shell.render;

import io.influxupgrade.commands.Finding;
import io.influxupgrade.commands.meta.MetaSnapshot;
import io.influxupgrade.commands.shard.IndexInfo;
import io.influxupgrade.commands.shard.KnownShard;
import io.influxupgrade.commands.shard.Reconciliation;
import io.influxupgrade.commands.shard.ShardInfo;
import io.influxupgrade.commands.shard.ShardReport;
import io.influxupgrade.commands.shard.ShardTotals;
import io.influxupgrade.commands.shard.ShardVerification;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** How the shard inventory, verification and reconciliation read as text. */
public final class ShardView {

    private static final Set<String> RECONCILE_IDS = Set.of("shard.orphan-dir", "shard.missing-dir", "shard.path-mismatch");

    private ShardView() {
    }

    public static void list(Text t, Path dataDir, ShardReport r) {
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

    public static void verify(Text t, Path dataDir, ShardVerification v) {
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

    public static void reconcile(Text t, Path dataDir, MetaSnapshot meta, Reconciliation r) {
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
    public static void findings(Text t, String title, List<Finding> findings) {
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
