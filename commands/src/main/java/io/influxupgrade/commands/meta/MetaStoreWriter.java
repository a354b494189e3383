package io.influxupgrade.commands.meta;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.influxupgrade.commands.Json;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.fs.AtomicFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes metastores in InfluxDB's own formats, each file atomically (temp, fsync, rename, directory fsync):
 * a 1.x {@code meta.db} with every required field (MaxNodeID 0), a legacy {@code meta.NN} backup file that
 * {@code influxd restore -metadir} accepts, a portable {@code .meta} + {@code .manifest} pair, and (for tests
 * and sandboxes standing in for 0.10/0.11) raft snapshot folders. Refuses to write impossible values.
 */
public final class MetaStoreWriter {

    private MetaStoreWriter() {
    }

    /** Writes {@code metaDir/meta.db} and returns its path. */
    public static Path writeMetaDb(Path metaDir, MetaData data) {
        Path target = metaDir.resolve("meta.db");
        check(data, "meta.db " + target);
        AtomicFiles.write(target, MetaStoreCodec.encode(data));
        return target;
    }

    /** Writes a legacy backup file (magic, meta blob, node blob {@code null\n}) at {@code file}, e.g. {@code dir/meta.00}. */
    public static Path writeLegacyBackup(Path file, MetaData data) {
        check(data, "legacy backup " + file);
        AtomicFiles.write(file, LegacyBackupFormat.encode(data));
        return file;
    }

    /**
     * Writes a portable backup's metastore: {@code <ts>.meta} and {@code <ts>.manifest} (no shard files) in
     * {@code dir}; {@code ts} in InfluxDB's layout, e.g. {@code 20261125T185700Z}. Returns the manifest.
     */
    public static Path writePortable(Path dir, String ts, MetaData data) {
        check(data, "portable backup " + dir);
        byte[] meta = MetaStoreCodec.encodePortable(data);
        int blobLength = MetaStoreCodec.encode(data).length;
        ObjectNode manifest = Json.mapper().createObjectNode();
        ObjectNode m = manifest.putObject("meta");
        m.put("fileName", ts + ".meta");
        m.put("size", blobLength);
        manifest.put("limited", false);
        ArrayNode files = manifest.putArray("files");
        assert files.isEmpty();
        Path metaFile = dir.resolve(ts + ".meta");
        Path manifestFile = dir.resolve(ts + ".manifest");
        AtomicFiles.write(metaFile, meta);
        try {
            AtomicFiles.write(manifestFile, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("write " + manifestFile, e);
        }
        return manifestFile;
    }

    /** Writes a 0.10/0.11 raft snapshot folder under {@code metaDir/snapshots} (state.bin keeps node lists). */
    public static Path writeRaftSnapshot(Path metaDir, MetaData data, long term, long index, long unixMillis, List<String> peers) {
        check(data, "raft snapshot in " + metaDir);
        return RaftSnapshotFormat.write(metaDir, data, term, index, unixMillis, peers);
    }

    /** Writes a 0.10/0.11 {@code raft.db} (BoltDB) with these log entries, standing in for a raft-era meta dir in tests. */
    public static Path writeRaftDb(Path metaDir, List<RaftLogs.Entry> entries, long currentTerm) {
        return RaftLogs.write(metaDir, entries, currentTerm);
    }

    private static void check(MetaData data, String what) {
        List<String> ignored = new ArrayList<>();
        try {
            MetaStoreCodec.validate(data, what, ignored);
        } catch (UpgradeException e) {
            throw UpgradeException.failed("refusing to write " + e.getMessage());
        }
    }
}
