package io.influxupgrade.commands.shard;

import java.io.ByteArrayOutputStream;

/**
 * The snappy block format (not the framed stream): a uvarint uncompressed length, then literal and copy elements.
 * The decoder is bounded: it refuses a declared length above {@code maxLength} or above what the input could
 * possibly expand to, and checks every literal length and copy offset, so corrupt input cannot make it allocate
 * much or read out of bounds. The encoder emits literals only, which is valid snappy.
 */
final class Snappy {

    /** The largest expansion of one input byte: a 2-byte copy element yields 64 bytes. */
    private static final long MAX_EXPANSION = 32;

    /** Thrown for corrupt input; the message says what and where. */
    static final class CorruptException extends Exception {
        CorruptException(String message) {
            super(message);
        }
    }

    private Snappy() {
    }

    static byte[] decode(byte[] in, int off, int len, int maxLength) throws CorruptException {
        int end = off + len;
        long declared = 0;
        int shift = 0;
        int p = off;
        while (true) {
            if (p >= end) {
                throw new CorruptException("snappy: input ends inside the length");
            }
            int b = in[p++] & 0xFF;
            if (shift > 28 && (b & 0x7F) > 15) {
                throw new CorruptException("snappy: length does not fit in 32 bits");
            }
            declared |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
            shift += 7;
        }
        if (declared > maxLength || declared > (long) (end - p) * MAX_EXPANSION + 64) {
            throw new CorruptException("snappy: declared length " + declared + " is impossible for " + len + " input bytes");
        }
        byte[] out = new byte[(int) declared];
        int o = 0;
        while (p < end) {
            int tag = in[p++] & 0xFF;
            int kind = tag & 3;
            if (kind == 0) {
                int n = tag >>> 2;
                if (n >= 60) {
                    int bytes = n - 59;
                    if (end - p < bytes) {
                        throw new CorruptException("snappy: input ends inside a literal length");
                    }
                    long l = 0;
                    for (int i = 0; i < bytes; i++) {
                        l |= (long) (in[p++] & 0xFF) << (8 * i);
                    }
                    if (l > Integer.MAX_VALUE - 1) {
                        throw new CorruptException("snappy: literal too long");
                    }
                    n = (int) l;
                }
                n += 1;
                if (n > end - p || n > out.length - o) {
                    throw new CorruptException("snappy: literal of " + n + " bytes overruns at input " + (p - off));
                }
                System.arraycopy(in, p, out, o, n);
                p += n;
                o += n;
            } else {
                int n;
                long offset;
                if (kind == 1) {
                    if (end - p < 1) {
                        throw new CorruptException("snappy: input ends inside a copy");
                    }
                    n = 4 + ((tag >>> 2) & 7);
                    offset = ((tag >>> 5) << 8) | (in[p++] & 0xFF);
                } else if (kind == 2) {
                    if (end - p < 2) {
                        throw new CorruptException("snappy: input ends inside a copy");
                    }
                    n = 1 + (tag >>> 2);
                    offset = (in[p] & 0xFF) | (in[p + 1] & 0xFF) << 8;
                    p += 2;
                } else {
                    if (end - p < 4) {
                        throw new CorruptException("snappy: input ends inside a copy");
                    }
                    n = 1 + (tag >>> 2);
                    offset = (in[p] & 0xFFL) | (in[p + 1] & 0xFFL) << 8 | (in[p + 2] & 0xFFL) << 16 | (in[p + 3] & 0xFFL) << 24;
                    p += 4;
                }
                if (offset == 0 || offset > o || n > out.length - o) {
                    throw new CorruptException("snappy: copy of " + n + " bytes at distance " + offset + " is out of range at output " + o);
                }
                int from = o - (int) offset;
                for (int i = 0; i < n; i++) {
                    out[o++] = out[from + i];
                }
            }
        }
        if (o != out.length) {
            throw new CorruptException("snappy: decoded " + o + " bytes but the length says " + out.length);
        }
        return out;
    }

    /** Literal-only encoding, in chunks of at most 65536 bytes. */
    static byte[] encode(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + in.length / 60000 * 3 + 16);
        long v = in.length;
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
        for (int p = 0; p < in.length; ) {
            int n = Math.min(65536, in.length - p);
            if (n <= 60) {
                out.write((n - 1) << 2);
            } else if (n <= 256) {
                out.write(60 << 2);
                out.write(n - 1);
            } else {
                out.write(61 << 2);
                out.write((n - 1) & 0xFF);
                out.write((n - 1) >>> 8);
            }
            out.write(in, p, n);
            p += n;
        }
        return out.toByteArray();
    }
}
