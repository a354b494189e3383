package io.influxupgrade.commands.check;

import io.influxupgrade.commands.Finding;
import io.influxupgrade.commands.InfluxVersion;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.meta.MetaSnapshot;
import io.influxupgrade.commands.meta.MetaSources;
import io.influxupgrade.commands.shard.DataDirScanner;
import io.influxupgrade.commands.shard.KnownShards;
import io.influxupgrade.commands.shard.Reconciliation;
import io.influxupgrade.commands.shard.ShardReconcileCommand;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Preflight checks over the data dir and the metastore: b1/bz1 shards (skipped silently by 1.x), tsi1
 * indexes the target cannot read, and shard dirs that disagree with the metastore. One directory scan
 * (TSM indexes are not read) serves all of them.
 */
public final class ShardChecks {

    private ShardChecks() {
    }

    public static List<Check> all() {
        return List.of(
                new Checks.Simple("shard.non-tsm", "b1/bz1 shards must be converted to TSM before the upgrade", ShardChecks::nonTsm),
                new Checks.Simple("shard.tsi-rebuild-needed", "tsi1 indexes the target version cannot read", ShardChecks::tsi),
                new Checks.Simple("meta.reconcile", "shard dirs and metastore shards agree", ShardChecks::reconcile));
    }

    /** The scan findings with the given ids (the shard engine's own ids and messages). */
    public static List<Finding> scanFindings(CheckContext c, String... ids) {
        DataDirScanner.Scan scan = c.memo("shard-scan", () -> {
            Path data = c.dataDir();
            if (data == null || !Files.isDirectory(data)) {
                return null;
            }
            return new DataDirScanner(data, c.walDir(), DataDirScanner.Options.quick(4)).scan(null, null);
        });
        if (scan == null) {
            return List.of();
        }
        List<Finding> all = new ArrayList<>(scan.findings());
        scan.shards().forEach(s -> all.addAll(s.findings()));
        List<String> wanted = List.of(ids);
        return all.stream().filter(f -> wanted.contains(f.id())).toList();
    }

    static List<Finding> nonTsm(CheckContext c) {
        Path data = c.dataDir();
        if (data == null || !Files.isDirectory(data)) {
            return List.of(Finding.error("shard.non-tsm", "data dir " + data + " does not exist", "fix it with 'session set data-dir DIR'"));
        }
        List<Finding> out = new ArrayList<>();
        for (Finding f : scanFindings(c, "shard.non-tsm", "shard.unknown-engine")) {
            out.add(new Finding("shard.non-tsm", Finding.Severity.ERROR, f.message(), f.fix()));
        }
        return out;
    }

    static List<Finding> tsi(CheckContext c) {
        InfluxVersion to = c.session().to();
        List<Finding> out = new ArrayList<>();
        for (Finding f : scanFindings(c, "shard.tsi-rebuild-needed", "shard.tsi-manifest-unreadable")) {
            // 1.4 refuses a 1.3-built tsi1 index ("incompatible tsi1 index MANIFEST"): that shard's data is unreadable.
            Finding.Severity sev = to.atLeast(1, 4) ? Finding.Severity.ERROR : f.severity();
            out.add(new Finding("shard.tsi-rebuild-needed", sev, f.message(), f.fix()));
        }
        return out;
    }

    static List<Finding> reconcile(CheckContext c) {
        Path meta = c.metaDir();
        Path data = c.dataDir();
        if (meta == null || data == null || !Files.isDirectory(data)) {
            return List.of();
        }
        MetaSnapshot snap;
        try {
            snap = MetaSources.read(meta);
        } catch (UpgradeException e) {
            return List.of(Finding.error("meta.reconcile", "cannot read the metastore: " + e.getMessage(),
                    "restore the meta dir from a backup ('restore meta-dir') or fix the path with 'session set meta-dir'"));
        }
        Reconciliation r = new ShardReconcileCommand().run(new ShardReconcileCommand.Request(data, KnownShards.of(snap.data())));
        List<Finding> out = new ArrayList<>();
        for (Finding f : r.findings()) {
            out.add(new Finding("meta.reconcile", f.severity(), f.message(), f.fix()));
        }
        return out;
    }
}
