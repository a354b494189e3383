package io.influxupgrade.shell.command;

import io.influxupgrade.commands.session.Workspace;
import io.influxupgrade.commands.shard.ShardEngine;
import io.influxupgrade.commands.shard.ShardId;
import io.influxupgrade.commands.shard.ShardListCommand;
import io.influxupgrade.commands.shard.ShardReconcileCommand;
import io.influxupgrade.commands.shard.ShardVerifyCommand;
import io.influxupgrade.shell.render.Output;
import io.influxupgrade.shell.render.ProgressBars;
import io.influxupgrade.shell.render.ShardView;
import org.springframework.shell.command.annotation.Command;
import org.springframework.shell.command.annotation.Option;
import org.springframework.shell.command.annotation.OptionValues;

import java.nio.file.Path;

/**
 * Adapters for {@code shard list}, {@code shard verify} and {@code shard reconcile}. They read the session's data,
 * wal and meta dirs; {@code --data-dir}, {@code --wal-dir} and {@code --meta} override them, so that they also work
 * without a session.
 */
@Command(command = "shard", group = "Shards")
public record ShardCommands(Workspace ws, Output out, ProgressBars bars) {

    @Command(command = "list", description = "Inventory of the data and wal dirs without a server: one row per shard with engine "
            + "(tsm1, b1, bz1, unknown), index, TSM files and size, time range and series keys from the TSM indexes, unflushed WAL, "
            + "compaction leftovers and owner; totals and findings (b1/bz1 shards, tsi1 indexes to rebuild, garbage) follow. "
            + "Example: shard list --db telegraf --engine b1")
    public void list(
            @Option(label = "DB", longNames = "db", description = "only this database") @OptionValues(provider = "shardDbs") String db,
            @Option(label = "RP", longNames = "rp", description = "only this retention policy") @OptionValues(provider = "shardRps") String rp,
            @Option(label = "tsm1|b1|bz1|unknown", longNames = "engine", description = "only shards of this engine: tsm1, b1, bz1 or unknown") @OptionValues(provider = "shardEngines") ShardEngine engine,
            @Option(label = "DIR", longNames = "data-dir", description = "data dir (default: the session's)") @OptionValues(provider = "paths") Path dataDir,
            @Option(label = "DIR", longNames = "wal-dir", description = "wal dir (default: the session's)") @OptionValues(provider = "paths") Path walDir) {
        ShardListCommand.Listing l = new ShardListCommand().run(ws, dataDir, walDir, db, rp, engine);
        l.warnings().forEach(out::warn);
        out.emit(l.report(), t -> ShardView.list(t, l.dataDir(), l.report()));
    }

    @Command(command = "verify", description = "Check every TSM file without a server: header, footer, index bounds and order, "
            + "every block's CRC-32, and every WAL segment decoded entry by entry (a torn last entry is a warning, corruption before it "
            + "an error). Prints each broken file and block; exit 4 if there is any. "
            + "Example: shard verify --db telegraf --jobs 2")
    public void verify(
            @Option(label = "DB", longNames = "db", description = "only this database") @OptionValues(provider = "shardDbs") String db,
            @Option(label = "RP", longNames = "rp", description = "only this retention policy") @OptionValues(provider = "shardRps") String rp,
            @Option(label = "ID", longNames = "id", description = "only this shard") @OptionValues(provider = "shardIds") ShardId id,
            @Option(label = "N", longNames = "jobs", description = "files checked in parallel (default: the number of cores)") ShardVerifyCommand.Jobs jobs,
            @Option(label = "DIR", longNames = "data-dir", description = "data dir (default: the session's)") @OptionValues(provider = "paths") Path dataDir,
            @Option(label = "DIR", longNames = "wal-dir", description = "wal dir whose segments are decoded too (default: the session's)") @OptionValues(provider = "paths") Path walDir) {
        ShardVerifyCommand.Checked c = new ShardVerifyCommand().run(ws, dataDir, walDir, db, rp, id, jobs, bars.bytes());
        out.emit(c.verification(), t -> ShardView.verify(t, c.dataDir(), c.verification()));
    }

    @Command(command = "reconcile", description = "Compare the shard dirs in the data dir with the shards of the metastore: "
            + "dirs the metastore does not know, metastore shards without a dir (deleted groups excluded), shards under another "
            + "db/rp than the metastore says. Exit 4 if there is any. "
            + "Example: shard reconcile --meta /var/lib/influxdb/meta")
    public void reconcile(
            @Option(label = "SOURCE", longNames = "meta", description = "metastore source: meta dir, meta.db, meta.NN, portable backup, raft dir "
                    + "(default: the session's meta dir)") @OptionValues(provider = "paths") Path meta,
            @Option(label = "DIR", longNames = "data-dir", description = "data dir (default: the session's)") @OptionValues(provider = "paths") Path dataDir) {
        ShardReconcileCommand.Reconciled r = new ShardReconcileCommand().run(ws, dataDir, meta);
        r.metastore().warnings().forEach(w -> out.warn("metastore " + r.metastore().source() + ": " + w));
        out.emit(r.reconciliation(), t -> ShardView.reconcile(t, r.dataDir(), r.metastore(), r.reconciliation()));
    }
}
