package io.influxupgrade.commands.meta;

import com.google.protobuf.GeneratedMessage;
import com.google.protobuf.Message;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.bolt.BoltBucket;
import io.influxupgrade.commands.bolt.BoltFile;
import io.influxupgrade.commands.bolt.BoltWriter;
import io.influxupgrade.commands.meta.proto.MetaProto;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * raft.db of a 0.10/0.11 meta dir (raft-boltdb): bucket {@code logs} maps an 8-byte big-endian index to a
 * msgpack raft.Log (a map of Index, Term, Type, Data); bucket {@code conf} holds CurrentTerm, LastVoteTerm,
 * LastVoteCand. The msgpack is read and written with msgpack-core; what we write keeps go-msgpack's old raw
 * string types (fixstr, str16, str32; never str8 or bin), as 0.10/0.11 wrote them (formats doc section 4).
 * {@link RaftReplay} applies the entries.
 */
public final class RaftLogs {

    /** Raft log entry types. */
    public static final int COMMAND = 0;
    public static final int NOOP = 1;
    public static final int ADD_PEER = 2;
    public static final int REMOVE_PEER = 3;
    public static final int BARRIER = 4;

    private static final MessagePack.PackerConfig OLD_RAW = new MessagePack.PackerConfig().withStr8FormatSupport(false);

    private RaftLogs() {
    }

    /** One raft log entry; {@code data} is a protobuf Command for type 0. */
    public record Entry(long index, long term, int type, byte[] data) {
    }

    /** One stored log value, not yet decoded, under its key's index. */
    record Raw(long key, byte[] value) {
    }

    /** The stored log values whose index is above {@code afterIndex} (all of them for -1), in index order. */
    static List<Raw> readAfter(Path raftDb, long afterIndex) {
        try (BoltFile bolt = BoltFile.open(raftDb)) {
            BoltBucket logs = bolt.root().bucket("logs");
            if (logs == null) {
                throw UpgradeException.failed("raft.db " + raftDb + ": no 'logs' bucket, not a raft log store");
            }
            List<Raw> out = new ArrayList<>();
            String[] bad = {null};
            logs.forEach((k, v) -> {
                if (k.length != 8) {
                    bad[0] = "a log key of " + k.length + " bytes (expected 8)";
                    return;
                }
                long idx = ByteBuffer.wrap(k).getLong();
                if (afterIndex < 0 || Long.compareUnsigned(idx, afterIndex) > 0) {
                    out.add(new Raw(idx, v));
                }
            });
            if (bad[0] != null) {
                throw UpgradeException.failed("raft.db " + raftDb + ": " + bad[0] + MetaStoreCodec.CORRUPT);
            }
            out.sort((a, b) -> Long.compareUnsigned(a.key(), b.key()));
            return out;
        } catch (UpgradeException e) {
            throw e;
        } catch (RuntimeException e) {
            throw UpgradeException.failed("raft.db " + raftDb + ": unreadable BoltDB content (" + e.getClass().getSimpleName() + ")"
                    + MetaStoreCodec.CORRUPT);
        }
    }

    /** Number of log entries whose index is above {@code snapshotIndex}. */
    public static long countAfter(Path raftDb, long snapshotIndex) {
        return readAfter(raftDb, snapshotIndex).size();
    }

    /**
     * Decodes one msgpack raft.Log. Throws {@link IOException} (msgpack-core's, e.g. a truncated value) or
     * {@link IllegalArgumentException} (a map without Index/Type or a field of the wrong kind).
     */
    static Entry decode(byte[] value) throws IOException {
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(value)) {
            int n = u.unpackMapHeader();
            Long index = null;
            long term = 0;
            Integer type = null;
            byte[] data = new byte[0];
            for (int i = 0; i < n; i++) {
                String key = u.unpackString();
                switch (key) {
                    case "Index" -> index = u.unpackLong();
                    case "Term" -> term = u.unpackLong();
                    case "Type" -> type = u.unpackInt();
                    case "Data" -> data = bytes(u);
                    default -> u.skipValue();
                }
            }
            if (index == null || type == null) {
                throw new IllegalArgumentException("a log entry without Index or Type");
            }
            return new Entry(index, term, type, data);
        } catch (MessagePackException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static byte[] bytes(MessageUnpacker u) throws IOException {
        MessageFormat f = u.getNextFormat();
        if (f == MessageFormat.NIL) {
            u.unpackNil();
            return new byte[0];
        }
        if (f.getValueType() == ValueType.STRING) {
            return u.readPayload(u.unpackRawStringHeader());
        }
        if (f.getValueType() == ValueType.BINARY) {
            return u.readPayload(u.unpackBinaryHeader());
        }
        throw new IllegalArgumentException("Data is a msgpack " + f.getValueType().name().toLowerCase() + ", not bytes");
    }

    /** A raft.Log as go-msgpack encodes the struct: a map of Index, Term, Type, Data with raw string types. */
    static byte[] encode(Entry e) {
        try (MessageBufferPacker p = OLD_RAW.newBufferPacker()) {
            p.packMapHeader(4);
            raw(p, "Index".getBytes(StandardCharsets.US_ASCII));
            p.packLong(e.index());
            raw(p, "Term".getBytes(StandardCharsets.US_ASCII));
            p.packLong(e.term());
            raw(p, "Type".getBytes(StandardCharsets.US_ASCII));
            p.packInt(e.type());
            raw(p, "Data".getBytes(StandardCharsets.US_ASCII));
            raw(p, e.data());
            p.flush();
            return p.toByteArray();
        } catch (IOException ex) {
            throw new IllegalStateException("msgpack into memory", ex);
        }
    }

    /** A msgpack array of raw byte strings, as raft encodes a peer list. */
    static byte[] rawStringArray(List<String> items) {
        try (MessageBufferPacker p = OLD_RAW.newBufferPacker()) {
            p.packArrayHeader(items.size());
            for (String s : items) {
                raw(p, s.getBytes(StandardCharsets.UTF_8));
            }
            p.flush();
            return p.toByteArray();
        } catch (IOException ex) {
            throw new IllegalStateException("msgpack into memory", ex);
        }
    }

    private static void raw(MessageBufferPacker p, byte[] b) throws IOException {
        p.packRawStringHeader(b.length);
        p.writePayload(b);
    }

    /** Writes {@code metaDir/raft.db} with the given log entries and term (atomically). */
    public static Path write(Path metaDir, List<Entry> entries, long currentTerm) {
        BoltWriter w = new BoltWriter(4096);
        BoltWriter.Node logs = w.root().bucket("logs");
        for (Entry e : entries) {
            logs.put(ByteBuffer.allocate(8).putLong(e.index()).array(), encode(e));
        }
        BoltWriter.Node conf = w.root().bucket("conf");
        conf.put("CurrentTerm", ByteBuffer.allocate(8).putLong(currentTerm).array());
        conf.put("LastVoteTerm", ByteBuffer.allocate(8).putLong(currentTerm).array());
        conf.put("LastVoteCand", "127.0.0.1:8088".getBytes(StandardCharsets.US_ASCII));
        Path file = metaDir.resolve("raft.db");
        w.writeTo(file);
        return file;
    }

    /** The protobuf Command of the given type carrying {@code payload} in its extension (100 + type). */
    public static <T extends Message> byte[] command(MetaProto.Command.Type type,
                                                     GeneratedMessage.GeneratedExtension<MetaProto.Command, T> ext, T payload) {
        return MetaProto.Command.newBuilder().setType(type.getNumber()).setExtension(ext, payload).build().toByteArray();
    }

    /** The protobuf Command for CREATE DATABASE name (type 3, extension field 103), as a 0.10/0.11 log entry carries it. */
    public static byte[] createDatabaseCommand(String name) {
        return command(MetaProto.Command.Type.CREATE_DATABASE, MetaProto.CreateDatabaseCommand.createDatabase,
                MetaProto.CreateDatabaseCommand.newBuilder().setName(name).build());
    }
}
