package io.influxupgrade.commands.shard;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnappyTest {

    @Test
    void literalEncodingRoundTrips() throws Exception {
        Random r = new Random(1);
        for (int n : new int[] {0, 1, 60, 61, 256, 257, 65536, 65537, 200_000}) {
            byte[] in = new byte[n];
            r.nextBytes(in);
            byte[] c = Snappy.encode(in);
            assertThat(Snappy.decode(c, 0, c.length, 1 << 20)).isEqualTo(in);
        }
    }

    @Test
    void decodesAllCopyKinds() throws Exception {
        // length 20; literal "abcd"; copy1 len 8 off 4; copy2 len 4 off 2; copy4 len 4 off 12
        byte[] c = {20, (byte) (3 << 2), 'a', 'b', 'c', 'd',
                (byte) (0b001 | ((8 - 4) << 2)), 4,
                (byte) (0b10 | ((4 - 1) << 2)), 2, 0,
                (byte) (0b11 | ((4 - 1) << 2)), 12, 0, 0, 0};
        byte[] out = Snappy.decode(c, 0, c.length, 1 << 20);
        assertThat(new String(out, StandardCharsets.US_ASCII)).isEqualTo("abcdabcdabcd" + "cd" + "cd" + "abcd");
    }

    @Test
    void rejectsImpossibleInputWithoutAllocating() {
        byte[] huge = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F, 0};
        assertThatThrownBy(() -> Snappy.decode(huge, 0, huge.length, Integer.MAX_VALUE)).isInstanceOf(Snappy.CorruptException.class);
        byte[] badOffset = {8, (byte) (0b10 | (7 << 2)), 9, 0};
        assertThatThrownBy(() -> Snappy.decode(badOffset, 0, badOffset.length, 100)).isInstanceOf(Snappy.CorruptException.class)
                .hasMessageContaining("out of range");
        byte[] shortLiteral = {5, (byte) (4 << 2), 'a'};
        assertThatThrownBy(() -> Snappy.decode(shortLiteral, 0, shortLiteral.length, 100)).isInstanceOf(Snappy.CorruptException.class);
    }

    /**
     * A mutated block either is refused with CorruptException or decodes to exactly the length its header declares
     * (never more than the limit); many mutations are refused, and the untouched block decodes to the original.
     */
    @Test
    void randomMutationsOnlyThrowCorruptException() throws Exception {
        Random r = new Random(7);
        byte[] original = "cpu,host=a#!~#value cpu,host=b#!~#value".repeat(20).getBytes(StandardCharsets.UTF_8);
        byte[] base = Snappy.encode(original);
        assertThat(Snappy.decode(base, 0, base.length, 1 << 16)).isEqualTo(original);
        int refused = 0;
        int decoded = 0;
        for (int i = 0; i < 5000; i++) {
            byte[] b = base.clone();
            for (int k = 0; k < 1 + r.nextInt(4); k++) {
                b[r.nextInt(b.length)] = (byte) r.nextInt(256);
            }
            int len = r.nextInt(5) == 0 ? r.nextInt(b.length) : b.length;
            try {
                byte[] out = Snappy.decode(b, 0, len, 1 << 16);
                long declared = uvarint(b, len);
                assertThat((long) out.length).as("mutation " + i + ": decoded length is the declared one").isEqualTo(declared);
                assertThat(out.length).isLessThanOrEqualTo(1 << 16);
                decoded++;
            } catch (Snappy.CorruptException expected) {
                refused++;
            }
        }
        assertThat(refused).as("random damage is detected (1061 of 5000 with this seed)").isGreaterThan(500);
        assertThat(decoded).as("damage inside literals still decodes").isPositive();
    }

    /** The uvarint at the start of a snappy block (its decoded length), or -1 when it does not fit in {@code len}. */
    private static long uvarint(byte[] b, int len) {
        long v = 0;
        for (int i = 0, shift = 0; i < len && shift < 64; i++, shift += 7) {
            v |= (long) (b[i] & 0x7F) << shift;
            if ((b[i] & 0x80) == 0) {
                return v;
            }
        }
        return -1;
    }
}
