package io.influxupgrade.commands.backup;

import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.fs.AtomicFiles;
import io.influxupgrade.commands.meta.LegacyBackupFormat;
import io.influxupgrade.commands.meta.MetaData;
import io.influxupgrade.commands.meta.MetaDiff;
import io.influxupgrade.commands.meta.MetaSources;
import io.influxupgrade.commands.meta.MetaSnapshot;
import io.influxupgrade.commands.meta.MetaStoreCodec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The backup commands' metastore codec, on the {@code meta} package: {@code Data} is decoded by the generated
 * {@code MetaProto} classes through {@link MetaStoreCodec#decodeStrict} (so unknown fields from a newer InfluxDB are
 * refused, not merely warned about, at any depth), raft-era dirs are read by {@link MetaSources} (snapshot + replayed
 * log) and comparisons are {@link MetaDiff}'s (strict: the cluster id counts). Raw bytes are kept so a native export
 * is byte-faithful to its source.
 *
 * <p>"A meta.NN from a newer version" is decided like this: a file whose 8-byte magic is not 0x59590101, or whose
 * lengths do not add up exactly to the file size (trailing bytes: a layout we do not know), is refused as an
 * unknown layout ({@link LegacyBackupFormat#parseStrict}, the one meta.NN framing); a {@code Data} carrying a field number meta.proto does not define is refused as written by a newer
 * InfluxDB, because a native restore could silently drop what it does not understand. Both are FAILED, naming the
 * file and suggesting {@code --via influxd} with that version's binary.
 */
public final class MetaCodecAdapter implements MetastoreCodecPort {

    /** The node blob 0.12+ write into a legacy {@code meta.NN}. */
    static final byte[] NULL_NODE = LegacyBackupFormat.NULL_NODE;
    private static final long MAX_FILE = 512L << 20;

    @Override
    public MetastoreImage readMetaDir(Path metaDir) {
        if (Files.isRegularFile(metaDir.resolve("meta.db"), LinkOption.NOFOLLOW_LINKS)) {
            return readMetaDb(metaDir.resolve("meta.db"));
        }
        if (!Files.isDirectory(metaDir.resolve("snapshots"), LinkOption.NOFOLLOW_LINKS)
                && !Files.isRegularFile(metaDir.resolve("raft.db"), LinkOption.NOFOLLOW_LINKS)) {
            throw UpgradeException.failed("meta dir " + metaDir + ": holds neither meta.db nor raft.db nor a raft snapshot (is this the [meta] dir?)");
        }
        // The 0.10/0.11 state: newest snapshot + the raft log replayed after it, encoded as 0.11 encodes Data
        // (node lists and MaxNodeID kept), which is what its own 'influxd backup' puts in meta.NN.
        MetaSnapshot read = MetaSources.readRaftDir(metaDir);
        String origin = "raft meta dir " + metaDir + " (" + read.format().substring(MetaSnapshot.RAFT.length() + 2) + ")";
        // the model is the replayed state itself: decoding its own encoding again would only repeat the work
        return new MetastoreImage(read.data(), MetaStoreCodec.encodeWithNodes(read.data()), raftNode(metaDir), origin, 0);
    }

    /**
     * The node blob 0.10/0.11 put in their own meta.NN: the server's node as JSON plus a newline ({@code {"ID":1}} on 0.11,
     * with {@code MetaServers} on 0.10), which is what the meta dir's node.json holds (checked against real 0.10.3 and
     * 0.11.1 backups). {@code null} when node.json is missing or is not a JSON object, as 0.12+ write it.
     */
    static byte[] raftNode(Path metaDir) {
        try {
            byte[] b = Files.readAllBytes(metaDir.resolve("node.json"));
            String text = new String(b, StandardCharsets.UTF_8).strip();
            if (b.length < 4096 && new com.fasterxml.jackson.databind.ObjectMapper().readTree(text) instanceof com.fasterxml.jackson.databind.node.ObjectNode) {
                return (text + "\n").getBytes(StandardCharsets.UTF_8);
            }
        } catch (IOException | RuntimeException e) {
            // missing or not JSON: the blob 0.12+ write
        }
        return NULL_NODE;
    }

    @Override
    public MetastoreImage readMetaDb(Path file) {
        return decodeData(readBounded(file, "meta.db"), "meta.db " + file);
    }

    @Override
    public MetastoreImage readLegacyBackup(Path file) {
        String what = "metastore backup " + file;
        LegacyBackupFormat.Parsed p = LegacyBackupFormat.parseStrict(readBounded(file, "metastore backup"), what);
        return new MetastoreImage(MetaStoreCodec.decodeStrict(p.metaBlob(), what), p.metaBlob(), p.nodeBlob(), what, 0);
    }

    @Override
    public MetastoreImage decodeData(byte[] data, String origin) {
        return new MetastoreImage(MetaStoreCodec.decodeStrict(data, origin), data.clone(), NULL_NODE, origin, 0);
    }

    @Override
    public byte[] encodeLegacyBackup(MetastoreImage s) {
        return LegacyBackupFormat.encode(s.data(), s.nodeBlob() == null ? NULL_NODE : s.nodeBlob());
    }

    @Override
    public byte[] encodeRestoredMetaDb(MetastoreImage backup) {
        MetaData m = backup.model();
        return MetaStoreCodec.encode(m.withoutNodes().withCounters(m.term(), m.index() + 2, m.clusterId()));
    }

    @Override
    public List<String> diff(MetastoreImage a, MetastoreImage b) {
        MetaDiff d = MetaDiff.compare(a.origin(), null, a.model(), b.origin(), null, b.model(), true);
        return d.differences().stream().map(MetaDiff.Difference::line).toList();
    }

    /** A metastore-sized file (at most 512 MiB, never through a symbolic link); a missing one is UNAVAILABLE. */
    static byte[] readBounded(Path file, String what) {
        try {
            if (Files.isSymbolicLink(file)) {
                throw UpgradeException.failed(what + " " + file + ": is a symbolic link (refusing to follow it)");
            }
            long size = Files.size(file);
            if (size > MAX_FILE) {
                throw UpgradeException.failed(what + " " + file + ": " + size + " bytes is far larger than any metastore (wrong file?)");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw UpgradeException.unavailable("cannot read " + what + " " + file + ": no such file");
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("read " + what + " " + file, e);
        }
    }
}
