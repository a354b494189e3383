package io.influxupgrade.commands.shard;

import io.influxupgrade.commands.Finding;

import io.influxupgrade.commands.UpgradeException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code shard list}: inventories the data and wal dirs without a server, reading only TSM indexes. */
public final class ShardListCommand {

    /** walDir, db, rp and engine may be null (no WAL dir, no filter). */
    public record Request(Path dataDir, Path walDir, String db, String rp, ShardEngine engine) {
    }

    private final DataDirScanner.Options options;

    public ShardListCommand() {
        this(DataDirScanner.Options.defaults());
    }

    public ShardListCommand(DataDirScanner.Options options) {
        this.options = options;
    }

    /** The session's {@code shard list}: the report, the data dir it read, and warnings about the WAL it could not count. */
    public record Listing(ShardReport report, Path dataDir, java.util.List<String> warnings) {
    }

    /** {@code dataDir}/{@code walDir} null: the session's ({@link ShardDirs}). */
    public Listing run(io.influxupgrade.commands.session.Workspace ws, Path dataDir, Path walDir, String db, String rp, ShardEngine engine) {
        Path data = ShardDirs.dataDir(ws, "shard list", dataDir, true);
        Path wal = ShardDirs.walDir(ws, walDir);
        ShardReport r = run(new Request(data, wal, db, rp, engine));
        java.util.List<String> warnings = new java.util.ArrayList<>();
        if (wal == null) {
            warnings.add("shard list: paths.wal-dir-unknown: no session open and no --wal-dir: unflushed WAL segments are not counted"
                    + " (give --wal-dir DIR to see them)");
        } else if (!java.nio.file.Files.isDirectory(wal)) {
            warnings.add("shard list: wal dir " + wal + " is not a directory: WAL segments are not counted (check --wal-dir or "
                    + "'session set wal-dir DIR')");
        }
        return new Listing(r, data, warnings);
    }

    public ShardReport run(Request request) {
        if (request.dataDir() == null) {
            throw UpgradeException.usage("shard list: no data dir (pass --data-dir DIR or open a session)");
        }
        DataDirScanner.Scan scan = new DataDirScanner(request.dataDir(), request.walDir(), options).scan(request.db(), request.rp());
        List<ShardInfo> rows = new ArrayList<>();
        List<Finding> findings = new ArrayList<>(scan.findings());
        for (DataDirScanner.ScannedShard s : scan.shards()) {
            if (request.engine() != null && !request.engine().word().equals(s.info().engine())) {
                continue;
            }
            rows.add(s.info());
            findings.addAll(s.findings());
        }
        return new ShardReport(List.copyOf(rows), ShardTotals.of(rows), List.copyOf(findings));
    }
}
