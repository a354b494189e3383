package io.influxupgrade.commands.meta;

import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.bolt.BoltBucket;
import io.influxupgrade.commands.bolt.BoltFile;
import io.influxupgrade.commands.bolt.BoltWriter;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * raft.db of a 0.10/0.11 meta dir (raft-boltdb): bucket {@code logs} maps an 8-byte big-endian index to a
 * msgpack raft.Log; bucket {@code conf} holds CurrentTerm, LastVoteTerm, LastVoteCand. This tool counts the
 * entries after a snapshot (it does not replay them) and can write such a file for tests and sandboxes.
 */
public final class RaftLogs {

    /** Raft log entry types. */
    public static final int COMMAND = 0;
    public static final int NOOP = 1;

    private RaftLogs() {
    }

    /** One raft log entry; {@code data} is a protobuf Command for type 0. */
    public record Entry(long index, long term, int type, byte[] data) {
    }

    /** Number of log entries whose index is above {@code snapshotIndex}; FAILED/UNAVAILABLE naming the file otherwise. */
    public static long countAfter(Path raftDb, long snapshotIndex) {
        try (BoltFile bolt = BoltFile.open(raftDb)) {
            BoltBucket logs = bolt.root().bucket("logs");
            if (logs == null) {
                throw UpgradeException.failed("raft.db " + raftDb + ": no 'logs' bucket, not a raft log store");
            }
            long[] n = {0};
            String[] bad = {null};
            logs.forEach((k, v) -> {
                if (k.length != 8) {
                    bad[0] = "a log key of " + k.length + " bytes (expected 8)";
                } else if (Long.compareUnsigned(ByteBuffer.wrap(k).getLong(), snapshotIndex) > 0) {
                    n[0]++;
                }
            });
            if (bad[0] != null) {
                throw UpgradeException.failed("raft.db " + raftDb + ": " + bad[0] + MetaStoreCodec.CORRUPT);
            }
            return n[0];
        } catch (UpgradeException e) {
            throw e;
        } catch (RuntimeException e) {
            throw UpgradeException.failed("raft.db " + raftDb + ": unreadable BoltDB content (" + e.getClass().getSimpleName() + ")"
                    + MetaStoreCodec.CORRUPT);
        }
    }

    /** Writes {@code metaDir/raft.db} with the given log entries and term (atomically). */
    public static Path write(Path metaDir, List<Entry> entries, long currentTerm) {
        BoltWriter w = new BoltWriter(4096);
        BoltWriter.Node logs = w.root().bucket("logs");
        for (Entry e : entries) {
            logs.put(ByteBuffer.allocate(8).putLong(e.index()).array(), Msgpack.raftLog(e.index(), e.term(), e.type(), e.data()));
        }
        BoltWriter.Node conf = w.root().bucket("conf");
        conf.put("CurrentTerm", ByteBuffer.allocate(8).putLong(currentTerm).array());
        conf.put("LastVoteTerm", ByteBuffer.allocate(8).putLong(currentTerm).array());
        conf.put("LastVoteCand", "127.0.0.1:8088".getBytes(StandardCharsets.US_ASCII));
        Path file = metaDir.resolve("raft.db");
        w.writeTo(file);
        return file;
    }

    /** The protobuf Command for CREATE DATABASE name (type 3, extension field 103), as a 0.10/0.11 log entry carries it. */
    public static byte[] createDatabaseCommand(String name) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        payload.write(0x0a);
        varint(payload, n.length);
        payload.writeBytes(n);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x08);
        out.write(3);
        varint(out, (103 << 3) | 2);
        varint(out, payload.size());
        out.writeBytes(payload.toByteArray());
        return out.toByteArray();
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
