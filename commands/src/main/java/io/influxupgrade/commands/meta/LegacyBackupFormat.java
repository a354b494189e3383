package io.influxupgrade.commands.meta;

import io.influxupgrade.commands.UpgradeException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The legacy backup file {@code meta.NN}: 8-byte magic 0x59590101, 8-byte length + the {@code Data}
 * protobuf, 8-byte length + the node JSON ({@code null\n} from 0.12 on). All integers big-endian.
 */
public final class LegacyBackupFormat {

    public static final long MAGIC = 0x59590101L;
    public static final byte[] NULL_NODE = "null\n".getBytes(StandardCharsets.US_ASCII);

    private LegacyBackupFormat() {
    }

    /** The two blobs of a parsed file. */
    public record Parsed(byte[] metaBlob, byte[] nodeBlob, List<String> warnings) {
        public String nodeJson() {
            return new String(nodeBlob, StandardCharsets.UTF_8);
        }
    }

    public static byte[] encode(MetaData data) {
        return encode(MetaStoreCodec.encode(data), NULL_NODE);
    }

    public static byte[] encode(byte[] metaBlob, byte[] nodeBlob) {
        ByteBuffer b = ByteBuffer.allocate(24 + metaBlob.length + nodeBlob.length);
        b.putLong(MAGIC).putLong(metaBlob.length).put(metaBlob).putLong(nodeBlob.length).put(nodeBlob);
        return b.array();
    }

    /**
     * As {@link #parse}, for the backup commands: bytes after the node blob are refused instead of warned about (a
     * layout this tool does not know, e.g. a newer InfluxDB's, which a native restore must not half-read).
     */
    public static Parsed parseStrict(byte[] b, String what) {
        Parsed p = parse(b, what);
        long trailing = b.length - 24L - p.metaBlob().length - p.nodeBlob().length;
        if (trailing > 0) {
            throw UpgradeException.failed(what + ": " + trailing + " bytes after the node blob: a meta.NN layout this tool"
                    + " does not know (written by a newer InfluxDB?); restore it with that version's influxd");
        }
        return p;
    }

    /** Splits a meta.NN file; every length is checked against the bytes that remain. */
    public static Parsed parse(byte[] b, String what) {
        if (b.length == 0) {
            throw UpgradeException.failed(what + ": file is empty, not a metastore backup" + MetaStoreCodec.CORRUPT);
        }
        if (b.length < 8) {
            throw UpgradeException.failed(what + ": truncated at byte " + b.length + ", before the end of the 8-byte magic" + MetaStoreCodec.CORRUPT);
        }
        ByteBuffer buf = ByteBuffer.wrap(b);
        long magic = buf.getLong(0);
        if (magic != MAGIC) {
            if ((magic & ~0xFFFFL) == (MAGIC & ~0xFFFFL)) {
                throw UpgradeException.failed(String.format("%s: unsupported backup format version 0x%04x (magic 0x%x; this tool "
                        + "reads 0x0101, written by InfluxDB 0.10 to 1.8): restore it with that version's influxd", what, magic & 0xFFFF, magic));
            }
            throw UpgradeException.failed(String.format("%s: wrong magic 0x%016x, not an InfluxDB metastore backup (expected "
                    + "0x0000000059590101)", what, magic));
        }
        if (b.length < 16) {
            throw UpgradeException.failed(what + ": truncated at byte " + b.length + ", inside the meta length at byte 8" + MetaStoreCodec.CORRUPT);
        }
        long l1 = buf.getLong(8);
        long remain = b.length - 16L;
        if (l1 < 0 || l1 > remain) {
            throw UpgradeException.failed(what + ": meta length " + Long.toUnsignedString(l1) + " at byte 8 exceeds the "
                    + remain + " bytes that follow (truncated or damaged)" + MetaStoreCodec.CORRUPT);
        }
        int p = 16 + (int) l1;
        byte[] meta = Arrays.copyOfRange(b, 16, p);
        if (b.length - p < 8) {
            throw UpgradeException.failed(what + ": truncated at byte " + b.length + ", where the node length (byte " + p
                    + ") should be" + MetaStoreCodec.CORRUPT);
        }
        long l2 = buf.getLong(p);
        long remain2 = b.length - (p + 8L);
        if (l2 < 0 || l2 > remain2) {
            throw UpgradeException.failed(what + ": node length " + Long.toUnsignedString(l2) + " at byte " + p + " exceeds the "
                    + remain2 + " bytes that follow (truncated or damaged)" + MetaStoreCodec.CORRUPT);
        }
        byte[] node = Arrays.copyOfRange(b, p + 8, p + 8 + (int) l2);
        List<String> warnings = new java.util.ArrayList<>();
        long trailing = remain2 - l2;
        if (trailing > 0) {
            warnings.add(what + ": " + trailing + " bytes after the node blob are ignored");
        }
        if (!Arrays.equals(node, NULL_NODE)) {
            warnings.add(what + ": node blob " + MetaStoreCodec.quote(abbreviate(new String(node, StandardCharsets.UTF_8).strip()))
                    + " comes from a 0.10/0.11 server; 1.x ignores node ids");
        }
        return new Parsed(meta, node, warnings);
    }

    static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "...";
    }
}
