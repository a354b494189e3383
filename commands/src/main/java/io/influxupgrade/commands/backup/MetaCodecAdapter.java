package io.influxupgrade.commands.backup;

import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.meta.MetaData;
import io.influxupgrade.commands.meta.MetaDiff;
import io.influxupgrade.commands.meta.MetaSources;
import io.influxupgrade.commands.meta.MetaStoreCodec;
import io.influxupgrade.commands.meta.RaftSnapshotFormat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The backup commands' codec on top of the {@code meta} package: the strict layout and schema checks of
 * {@link RawMetastoreCodec} first (so trailing bytes or unknown fields from a newer InfluxDB are refused, not
 * merely warned about), then {@link MetaStoreCodec} for the validated model, {@link MetaSources} for raft-era
 * dirs (snapshot + counted log entries) and {@link MetaDiff} (strict: the cluster id counts) for comparisons.
 * Raw bytes are kept so a native export is byte-faithful to its source.
 */
public final class MetaCodecAdapter implements MetastoreCodecPort {

    private final RawMetastoreCodec raw = new RawMetastoreCodec();

    @Override
    public MetaSnapshot readMetaDir(Path metaDir) {
        if (Files.isRegularFile(metaDir.resolve("meta.db"), LinkOption.NOFOLLOW_LINKS)) {
            return readMetaDb(metaDir.resolve("meta.db"));
        }
        if (!Files.isDirectory(metaDir.resolve("snapshots"), LinkOption.NOFOLLOW_LINKS)
                && !Files.isRegularFile(metaDir.resolve("raft.db"), LinkOption.NOFOLLOW_LINKS)) {
            throw UpgradeException.failed("meta dir " + metaDir + ": holds neither meta.db nor raft.db nor a raft snapshot (is this the [meta] dir?)");
        }
        // The 0.10/0.11 state: newest snapshot + the raft log replayed after it, encoded as 0.11 encodes Data
        // (node lists and MaxNodeID kept), which is what its own 'influxd backup' puts in meta.NN.
        io.influxupgrade.commands.meta.MetaSnapshot read = MetaSources.readRaftDir(metaDir);
        String origin = "raft meta dir " + metaDir + " (" + read.format().substring(io.influxupgrade.commands.meta.MetaSnapshot.RAFT.length() + 2) + ")";
        MetaSnapshot s = raw.decodeData(MetaStoreCodec.encodeWithNodes(read.data()), origin);
        return new MetaSnapshot(s.term(), s.index(), s.clusterId(), s.data(), raftNode(metaDir), origin, 0, read.data());
    }

    /**
     * The node blob 0.10/0.11 put in their own meta.NN: the server's node as JSON plus a newline ({@code {"ID":1}} on 0.11,
     * with {@code MetaServers} on 0.10), which is what the meta dir's node.json holds (checked against real 0.10.3 and
     * 0.11.1 backups). {@code null} when node.json is missing or is not a JSON object, as 0.12+ write it.
     */
    static byte[] raftNode(Path metaDir) {
        try {
            byte[] b = Files.readAllBytes(metaDir.resolve("node.json"));
            String text = new String(b, java.nio.charset.StandardCharsets.UTF_8).strip();
            if (b.length < 4096 && new com.fasterxml.jackson.databind.ObjectMapper().readTree(text) instanceof com.fasterxml.jackson.databind.node.ObjectNode) {
                return (text + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
        } catch (java.io.IOException | RuntimeException e) {
            // missing or not JSON: the blob 0.12+ write
        }
        return RawMetastoreCodec.NULL_NODE;
    }

    @Override
    public MetaSnapshot readMetaDb(Path file) {
        return withModel(raw.readMetaDb(file));
    }

    @Override
    public MetaSnapshot readLegacyBackup(Path file) {
        return withModel(raw.readLegacyBackup(file));
    }

    @Override
    public MetaSnapshot decodeData(byte[] data, String origin) {
        return withModel(raw.decodeData(data, origin));
    }

    private MetaSnapshot withModel(MetaSnapshot s) {
        MetaData model = MetaStoreCodec.decode(s.data(), s.origin());
        return new MetaSnapshot(s.term(), s.index(), s.clusterId(), s.data(), s.nodeBlob(), s.origin(), s.missingLogEntries(), model);
    }

    @Override
    public byte[] encodeLegacyBackup(MetaSnapshot snapshot) {
        return raw.encodeLegacyBackup(snapshot);
    }

    @Override
    public byte[] encodeRestoredMetaDb(MetaSnapshot backup) {
        MetaData m = model(backup);
        return MetaStoreCodec.encode(m.withoutNodes().withCounters(m.term(), m.index() + 2, m.clusterId()));
    }

    @Override
    public List<String> diff(MetaSnapshot a, MetaSnapshot b) {
        MetaDiff d = MetaDiff.compare(a.origin(), null, model(a), b.origin(), null, model(b), true);
        return d.differences().stream().map(MetaDiff.Difference::line).toList();
    }

    private static MetaData model(MetaSnapshot s) {
        return s.model() instanceof MetaData m ? m : MetaStoreCodec.decode(s.data(), s.origin());
    }
}
