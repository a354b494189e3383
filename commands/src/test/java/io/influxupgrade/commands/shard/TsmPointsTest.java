package io.influxupgrade.commands.shard;

import io.influxupgrade.commands.UpgradeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link TsmPoints} on TSM files that real InfluxDB wrote, and on every kind of damage done to them. */
class TsmPointsTest {

    @TempDir
    Path tmp;

    private static Path real(String rel) throws URISyntaxException {
        return Path.of(TsmPointsTest.class.getResource("/io/influxupgrade/commands/real/" + rel).toURI());
    }

    @Test
    void countsThePointsOfEachKeyOfARealFile() throws Exception {
        // 0.10.3 wrote 50 points of one series into a b1 shard; 1.4.3's influx_tsm converted it to this file
        SortedMap<String, Long> n = TsmPoints.count(real("0.10.3-engines/influx_tsm-1.4.3/data/b1db/default/1/000000001-000000001.tsm"));
        assertThat(n).containsExactly(Map.entry("cpu,host=a#!~#value", 50L));
    }

    /** Blocks made by hand in each timestamp encoding (only the timestamp section is read). */
    @Test
    void everyTimestampEncodingIsCounted() throws Exception {
        java.nio.ByteBuffer raw = java.nio.ByteBuffer.allocate(1 + 3 * 8).put((byte) 0x00).putLong(1).putLong(2).putLong(3);
        java.nio.ByteBuffer rle = java.nio.ByteBuffer.allocate(1 + 8 + 2 + 2).put((byte) 0x21).putLong(10)
                .put((byte) 0x85).put((byte) 0x01).put((byte) 0xE8).put((byte) 0x07); // delta uvarint 133 (x10), count uvarint 1000
        java.nio.ByteBuffer s8b = java.nio.ByteBuffer.allocate(1 + 8 + 3 * 8).put((byte) 0x10).putLong(10)
                .putLong(15L << 60 | 7).putLong(2L << 60).putLong(0L); // 1 value, 60 one-bit values, 240 ones
        Path f = tmp.resolve("000000001-000000001.tsm");
        try (TsmWriter w = new TsmWriter(Files.newOutputStream(f))) {
            w.writeBlock("a#!~#v".getBytes(), 0, 1, 3, block(raw), block(raw).length);
            w.writeBlock("b#!~#v".getBytes(), 0, 10, 10_000, block(rle), block(rle).length);
            w.writeBlock("c#!~#v".getBytes(), 0, 10, 10_000, block(s8b), block(s8b).length);
        }
        assertThat(TsmPoints.count(f)).containsExactly(Map.entry("a#!~#v", 3L), Map.entry("b#!~#v", 1000L), Map.entry("c#!~#v", 302L));
    }

    /** Block data: float type, the timestamp section's length as a uvarint (all < 128 here), the section, two value bytes. */
    private static byte[] block(java.nio.ByteBuffer ts) {
        byte[] t = ts.array();
        byte[] b = new byte[2 + t.length + 2];
        b[0] = 0;
        b[1] = (byte) t.length;
        System.arraycopy(t, 0, b, 2, t.length);
        return b;
    }

    /** Every truncation and 3,000 random byte changes: a count or a one-line UpgradeException naming the file, nothing else. */
    @Test
    void damageIsAOneLineErrorNeverACrash() throws Exception {
        byte[] good = Files.readAllBytes(real("0.11.1-small/install/data/telegraf/two weeks/1/000000001-000000001.tsm"));
        Path f = tmp.resolve("x.tsm");
        int refused = 0;
        for (int len = 0; len < good.length; len++) {
            Files.write(f, Arrays.copyOf(good, len));
            refused += outcome(f);
        }
        assertThat(refused).as("a truncated file is refused (its footer is gone)").isEqualTo(good.length);
        Random r = new Random(42);
        for (int i = 0; i < 3000; i++) {
            byte[] b = good.clone();
            for (int k = 0; k <= r.nextInt(4); k++) {
                b[r.nextInt(b.length)] = (byte) r.nextInt(256);
            }
            Files.write(f, b);
            outcome(f);
        }
    }

    private static int outcome(Path f) {
        try {
            SortedMap<String, Long> n = TsmPoints.count(f);
            assertThat(n.values()).allSatisfy(v -> assertThat(v).isNotNegative());
            return 0;
        } catch (UpgradeException e) {
            assertThat(e.getMessage()).startsWith(f.toString()).doesNotContain("\n");
            return 1;
        }
    }

    @Test
    void notATsmFileIsRefusedByName() throws Exception {
        Path f = Files.writeString(tmp.resolve("y.tsm"), "hello, this is not a TSM file at all");
        assertThatThrownBy(() -> TsmPoints.count(f)).isInstanceOf(UpgradeException.class).hasMessageContaining("y.tsm")
                .hasMessageContaining("no TSM header");
    }
}
