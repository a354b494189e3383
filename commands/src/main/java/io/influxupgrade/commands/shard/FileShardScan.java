package io.influxupgrade.commands.shard;

import io.influxupgrade.commands.Finding;

import java.nio.file.Path;
import java.util.List;

/**
 * A shard that is not a directory: a b1 or bz1 shard (one bolt file, which 1.x cannot read: {@link ShardFileProbe}
 * says which engine and counts its series), an unrecognised file, or neither a file nor a directory. Each is an error
 * finding; b1/bz1 shards only ever had the in-memory index.
 */
final class FileShardScan {

    private final ShardFileProbe probe;
    private final Path dataDir;

    FileShardScan(ShardFileProbe probe, Path dataDir) {
        this.probe = probe;
        this.dataDir = dataDir;
    }

    /** Describes candidate {@code c}, whose lstat is {@code attrs} (not a directory). */
    DataDirScanner.ScannedShard scan(DataDirScanner.Candidate c, ShardFs.Stat attrs, String owner, WalDirScan.Segments wal,
                                     List<Finding> findings) {
        String engine;
        Long series = null;
        if (attrs.isRegularFile()) {
            ShardFileProbe.Result r = probe.probe(c.path());
            engine = r.engine();
            series = r.engine().equals("unknown") ? null : r.seriesKeys();
            if (engine.equals("b1") || engine.equals("bz1")) {
                findings.add(Finding.error("shard.non-tsm", "shard " + c.id() + " (" + c.path() + ") uses the " + engine
                        + " engine, which 1.x cannot read: influxd 1.4 skips it with 'unknown engine format' and its data disappears",
                        "convert it to tsm1 before the upgrade, with influxd stopped: influx_tsm -backup BACKUP_DIR -dbs " + c.db() + " " + dataDir));
            } else {
                findings.add(Finding.error("shard.unknown-engine", "shard " + c.id() + " (" + c.path() + ") is a file but not a b1/bz1 shard: "
                        + r.reason(), "restore the shard from a backup or move the file out of the data dir"));
            }
        } else {
            engine = "unknown";
            findings.add(Finding.error("shard.unknown-engine", "shard " + c.id() + " (" + c.path() + ") is neither a directory nor a file",
                    "move it out of the data dir"));
        }
        IndexInfo index = engine.equals("unknown") ? null : IndexInfo.INMEM; // b1/bz1 only ever had the in-memory index
        ShardInfo info = new ShardInfo(c.id(), c.db(), c.rp(), engine, index, 0, attrs.size(), null, null, series,
                wal.count(), wal.bytes(), 0, owner);
        return new DataDirScanner.ScannedShard(info, c.path(), List.of(), findings);
    }
}
