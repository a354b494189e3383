package io.influxupgrade.commands.meta;

/** CRC-64/XZ (Go's {@code hash/crc64} with the ECMA table): reflected, init and xorout all ones; check value 0x995DC9BBDF1939FA. */
public final class Crc64 {

    private static final long POLY_REFLECTED = 0xC96C5795D7870F42L;
    private static final long[] TABLE = new long[256];

    static {
        for (int i = 0; i < 256; i++) {
            long crc = i;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLY_REFLECTED : crc >>> 1;
            }
            TABLE[i] = crc;
        }
    }

    private Crc64() {
    }

    public static long checksum(byte[] data) {
        long crc = ~0L;
        for (byte b : data) {
            crc = TABLE[(int) ((crc ^ b) & 0xff)] ^ (crc >>> 8);
        }
        return ~crc;
    }

    /** The 8 big-endian bytes Go's {@code Sum(nil)} returns. */
    public static byte[] bigEndian(long crc) {
        byte[] out = new byte[8];
        for (int i = 7; i >= 0; i--) {
            out[i] = (byte) crc;
            crc >>>= 8;
        }
        return out;
    }
}
