package io.influxupgrade.commands.shard;

import io.influxupgrade.commands.Finding;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Mutated TSM files (bit flips, truncation, corrupted lengths and offsets) give findings, never exceptions. */
class TsmFuzzTest {

    @TempDir
    Path dir;

    @Test
    void mutatedFilesNeverThrow() throws Exception {
        Path base = dir.resolve("base.tsm");
        TsmFiles.write(base, 4, 1200, 1_500_000_000_000_000_000L);
        byte[] valid = Files.readAllBytes(base);
        int indexStart = (int) ByteBuffer.wrap(valid).getLong(valid.length - 8);
        Random r = new Random(4242);
        Path f = dir.resolve("m.tsm");
        int broken = 0;
        for (int i = 0; i < 1500; i++) {
            byte[] b = valid.clone();
            switch (i % 5) {
                case 0 -> b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                case 1 -> b = java.util.Arrays.copyOf(b, r.nextInt(b.length));
                case 2 -> { // corrupt a length or count inside the index
                    int p = indexStart + r.nextInt(b.length - indexStart);
                    b[p] = (byte) r.nextInt(256);
                    b[Math.min(b.length - 1, p + 1)] = (byte) 0xFF;
                }
                case 3 -> ByteBuffer.wrap(b).putLong(b.length - 8, r.nextLong() % (b.length * 2L)); // footer
                default -> {
                    for (int k = 0; k < 1 + r.nextInt(20); k++) {
                        b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                    }
                }
            }
            Files.write(f, b);
            TsmReader.TsmFileReport v = TsmReader.verify(f, null);
            TsmReader.TsmFileReport s = TsmReader.summarize(f, new LongHashSet());
            assertThat(v.findings()).extracting(Finding::id).doesNotContain("tsm.internal-error", "tsm.unreadable");
            assertThat(s.findings()).extracting(Finding::id).doesNotContain("tsm.internal-error", "tsm.unreadable");
            assertThat(v.findings().size()).isLessThanOrEqualTo(TsmReader.MAX_FINDINGS_PER_FILE + 1);
            if (!v.healthy()) {
                broken++;
            }
            if (!s.healthy()) {
                assertThat(v.healthy()).as("summary found a problem that verify missed, case %d", i).isFalse();
            }
        }
        assertThat(broken).isGreaterThan(1000);
    }
}
