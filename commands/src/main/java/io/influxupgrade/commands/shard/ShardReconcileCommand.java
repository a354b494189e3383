package io.influxupgrade.commands.shard;

import io.influxupgrade.commands.Finding;

import io.influxupgrade.commands.UpgradeException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code shard reconcile}: compares the shard dirs on disk with the metastore's shards. */
public final class ShardReconcileCommand {

    public record Request(Path dataDir, Collection<KnownShard> metastoreShards) {
    }

    /** The session's {@code shard reconcile}: the comparison, the data dir and the metastore it read. */
    public record Reconciled(Reconciliation reconciliation, Path dataDir, io.influxupgrade.commands.meta.MetaSnapshot metastore) {
    }

    /** {@code dataDir}/{@code metaSource} null: the session's. */
    public Reconciled run(io.influxupgrade.commands.session.Workspace ws, Path dataDir, Path metaSource) {
        Path data = ShardDirs.dataDir(ws, "shard reconcile", dataDir, false);
        io.influxupgrade.commands.meta.MetaSnapshot snapshot = io.influxupgrade.commands.meta.MetaSources.read(ShardDirs.metaSource(ws, metaSource));
        return new Reconciled(run(new Request(data, KnownShards.of(snapshot.data()))), data, snapshot);
    }

    public Reconciliation run(Request request) {
        if (request.dataDir() == null) {
            throw UpgradeException.usage("shard reconcile: no data dir (pass --data-dir DIR or open a session)");
        }
        if (request.metastoreShards() == null) {
            throw UpgradeException.usage("shard reconcile: no metastore (open a session with a meta dir)");
        }
        DataDirScanner.Scan scan = new DataDirScanner(request.dataDir(), null,
                DataDirScanner.Options.quick(DataDirScanner.Options.defaults().threads())).scan(null, null);
        Map<Long, KnownShard> known = new HashMap<>();
        for (KnownShard k : request.metastoreShards()) {
            KnownShard prev = known.get(k.id());
            if (prev == null || prev.deleted() && !k.deleted()) {
                known.put(k.id(), k);
            }
        }
        List<Reconciliation.Orphan> orphans = new ArrayList<>();
        List<Reconciliation.Mismatch> mismatches = new ArrayList<>();
        List<Finding> findings = new ArrayList<>(scan.findings());
        Set<Long> onDisk = new HashSet<>();
        for (DataDirScanner.ScannedShard s : scan.shards()) {
            ShardInfo i = s.info();
            onDisk.add(i.id());
            KnownShard k = known.get(i.id());
            if (k == null || k.deleted()) {
                boolean deleted = k != null;
                orphans.add(new Reconciliation.Orphan(i.id(), i.db(), i.rp(), s.path().toString(), deleted));
                findings.add(Finding.error("shard.orphan-dir", "shard dir " + s.path() + " (id " + i.id() + ") "
                                + (deleted ? "belongs to a shard group the metastore marks deleted" : "has no shard in the metastore")
                                + "; influxd will not serve its data",
                        deleted ? "remove it if the deletion was intended, after a backup"
                                : "restore the metastore that matches this data dir, or export the data (influx_inspect export) and re-import it"));
            } else if (!k.db().equals(i.db()) || !k.rp().equals(i.rp())) {
                mismatches.add(new Reconciliation.Mismatch(i.id(), k.db(), k.rp(), i.db(), i.rp(), s.path().toString()));
                findings.add(Finding.error("shard.path-mismatch", "shard " + i.id() + " sits in " + s.path() + " but the metastore puts it in "
                                + k.db() + "/" + k.rp(), "move the shard dir to " + request.dataDir().resolve(k.db()).resolve(k.rp()).resolve(String.valueOf(i.id()))
                                + " with influxd stopped"));
            }
        }
        List<KnownShard> missing = new ArrayList<>();
        for (KnownShard k : known.values()) {
            if (!k.deleted() && !onDisk.contains(k.id())) {
                missing.add(k);
                findings.add(Finding.error("shard.missing-dir", "the metastore has shard " + k.id() + " in " + k.db() + "/" + k.rp()
                        + " but there is no dir " + request.dataDir().resolve(k.db()).resolve(k.rp()).resolve(String.valueOf(k.id())),
                        "restore the shard from a backup; otherwise its data is lost"));
            }
        }
        missing.sort(Comparator.comparingLong(KnownShard::id));
        return new Reconciliation(scan.shards().size(), known.size(), List.copyOf(orphans), List.copyOf(missing),
                List.copyOf(mismatches), List.copyOf(findings));
    }
}
