package io.influxupgrade.commands.shard;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a tsm1 WAL segment (format doc section 7): entries of {type, u32 length, snappy payload}. A truncated last
 * entry (normal after a crash) ends the walk with {@code truncatedAt}; corrupt content ends it with a problem. Never
 * throws for bad content, and never allocates more than the segment could hold.
 */
public final class WalSegmentReader {

    /** Decoded payloads larger than this are refused as corrupt (segments roll over at 10 MiB). */
    static final int MAX_DECODED = 256 << 20;

    /** Counts of one segment; {@code truncatedAt} is the offset of an incomplete tail entry or -1; {@code problem} is null when clean. */
    public record WalSegmentSummary(String path, long bytes, int entries, int writes, int deletes, int deleteRanges,
                                    long values, Set<String> keys, long truncatedAt, String problem) {
    }

    private WalSegmentReader() {
    }

    public static WalSegmentSummary read(Path segment) {
        int entries = 0, writes = 0, deletes = 0, ranges = 0;
        long values = 0;
        long truncatedAt = -1;
        String problem = null;
        Set<String> keys = new TreeSet<>();
        long size = 0;
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            size = ch.size();
            long pos = 0;
            ByteBuffer head = ByteBuffer.allocate(5);
            while (pos < size) {
                if (size - pos < 5) {
                    truncatedAt = pos;
                    break;
                }
                read(ch, head.clear(), pos);
                int type = head.get(0) & 0xFF;
                long len = head.getInt(1) & 0xFFFFFFFFL;
                if (type < 1 || type > 3) {
                    problem = "unknown entry type " + type + " at offset " + pos;
                    break;
                }
                if (len > size - pos - 5) {
                    truncatedAt = pos;
                    break;
                }
                byte[] payload = new byte[(int) len];
                read(ch, ByteBuffer.wrap(payload), pos + 5);
                entries++;
                try {
                    byte[] data = Snappy.decode(payload, 0, payload.length, MAX_DECODED);
                    if (type == 1) {
                        writes++;
                        values += parseWrite(data, keys);
                    } else if (type == 2) {
                        deletes++;
                        if (data.length > 0) {
                            for (String k : new String(data, StandardCharsets.UTF_8).split("\n")) {
                                keys.add(k);
                            }
                        }
                    } else {
                        ranges++;
                        parseDeleteRange(data, keys);
                    }
                } catch (Snappy.CorruptException | CorruptWrite e) {
                    problem = e.getMessage() + " in the entry at offset " + pos;
                    break;
                }
                pos += 5 + len;
            }
        } catch (IOException e) {
            problem = "cannot read: " + (e instanceof java.nio.file.AccessDeniedException ? "permission denied" : e.getMessage());
        }
        return new WalSegmentSummary(segment.toString(), size, entries, writes, deletes, ranges, values, keys, truncatedAt, problem);
    }

    private static final class CorruptWrite extends Exception {
        CorruptWrite(String m) {
            super(m);
        }
    }

    /** Delete-range [1.0+]: min i64, max i64, then {u32 length, key}* to the end exactly. */
    private static void parseDeleteRange(byte[] d, Set<String> keys) throws CorruptWrite {
        ByteBuffer b = ByteBuffer.wrap(d);
        if (b.remaining() < 16) {
            throw new CorruptWrite("delete-range entry shorter than its time range");
        }
        long min = b.getLong();
        long max = b.getLong();
        if (min > max) {
            throw new CorruptWrite("delete-range entry with min " + min + " after max " + max);
        }
        while (b.hasRemaining()) {
            if (b.remaining() < 4) {
                throw new CorruptWrite("delete-range entry ends inside a key length");
            }
            long len = b.getInt() & 0xFFFFFFFFL;
            if (len > b.remaining()) {
                throw new CorruptWrite("delete-range key length " + len + " overruns the entry");
            }
            keys.add(new String(d, b.position(), (int) len, StandardCharsets.UTF_8));
            b.position(b.position() + (int) len);
        }
    }

    private static long parseWrite(byte[] d, Set<String> keys) throws CorruptWrite {
        ByteBuffer b = ByteBuffer.wrap(d);
        long values = 0;
        while (b.hasRemaining()) {
            if (b.remaining() < 3) {
                throw new CorruptWrite("write entry ends inside a record header");
            }
            int vt = b.get() & 0xFF;
            int keyLen = b.getShort() & 0xFFFF;
            if (keyLen + 4 > b.remaining()) {
                throw new CorruptWrite("key length " + keyLen + " overruns the write entry");
            }
            keys.add(new String(d, b.position(), keyLen, StandardCharsets.UTF_8));
            b.position(b.position() + keyLen);
            long count = b.getInt() & 0xFFFFFFFFL;
            for (long i = 0; i < count; i++) {
                if (b.remaining() < 8) {
                    throw new CorruptWrite("write entry ends inside a value");
                }
                b.position(b.position() + 8);
                int size = switch (vt) {
                    case 1, 2, 5 -> 8;
                    case 3 -> 1;
                    case 4 -> {
                        if (b.remaining() < 4) {
                            throw new CorruptWrite("write entry ends inside a string length");
                        }
                        yield (int) Math.min(Integer.MAX_VALUE, b.getInt() & 0xFFFFFFFFL);
                    }
                    default -> throw new CorruptWrite("unknown value type " + vt);
                };
                if (size > b.remaining()) {
                    throw new CorruptWrite("value overruns the write entry");
                }
                b.position(b.position() + size);
                values++;
            }
        }
        return values;
    }

    private static void read(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            if (ch.read(buf, pos + buf.position()) < 0) {
                throw new IOException("segment shrank while reading");
            }
        }
    }
}
