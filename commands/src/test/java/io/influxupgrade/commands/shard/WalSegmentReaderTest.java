package io.influxupgrade.commands.shard;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class WalSegmentReaderTest {

    @TempDir
    Path dir;

    private Path segment() throws Exception {
        Path f = dir.resolve("_00001.wal");
        try (OutputStream o = Files.newOutputStream(f); WalWriter w = new WalWriter(o)) {
            w.beginWrite().floats("cpu,host=a#!~#v", new long[] {1, 2, 3}, new double[] {1, 2, 3})
                    .integers("cpu,host=b#!~#n", new long[] {1}, new long[] {7}).endWrite();
            w.beginWrite().floats("mem#!~#free", new long[] {5, 6}, new double[] {0.5, 0.25}).endWrite();
            w.deleteKeys(List.of("cpu,host=z#!~#v", "old#!~#x"));
        }
        return f;
    }

    @Test
    void readsWhatTheWriterWrote() throws Exception {
        WalSegmentReader.WalSegmentSummary s = WalSegmentReader.read(segment());
        assertThat(s.problem()).isNull();
        assertThat(s.truncatedAt()).isEqualTo(-1);
        assertThat(s.entries()).isEqualTo(3);
        assertThat(s.writes()).isEqualTo(2);
        assertThat(s.deletes()).isEqualTo(1);
        assertThat(s.values()).isEqualTo(6);
        assertThat(s.keys()).containsExactlyInAnyOrder("cpu,host=a#!~#v", "cpu,host=b#!~#n", "mem#!~#free", "cpu,host=z#!~#v", "old#!~#x");
    }

    @Test
    void stopsAtATruncatedTail() throws Exception {
        Path f = segment();
        byte[] b = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(b, b.length - 3));
        WalSegmentReader.WalSegmentSummary s = WalSegmentReader.read(f);
        assertThat(s.problem()).isNull();
        assertThat(s.entries()).isEqualTo(2);
        assertThat(s.truncatedAt()).isPositive();
    }

    @Test
    void emptySegmentIsNormal() throws Exception {
        WalSegmentReader.WalSegmentSummary s = WalSegmentReader.read(Files.createFile(dir.resolve("_00002.wal")));
        assertThat(s.entries()).isZero();
        assertThat(s.problem()).isNull();
    }

    @Test
    void mutationsGiveProblemsNotExceptions() throws Exception {
        byte[] valid = Files.readAllBytes(segment());
        Random r = new Random(99);
        Path f = dir.resolve("_00003.wal");
        for (int i = 0; i < 1000; i++) {
            byte[] b = valid.clone();
            for (int k = 0; k < 1 + r.nextInt(3); k++) {
                b[r.nextInt(b.length)] = (byte) r.nextInt(256);
            }
            Files.write(f, i % 3 == 0 ? Arrays.copyOf(b, r.nextInt(b.length)) : b);
            WalSegmentReader.WalSegmentSummary s = WalSegmentReader.read(f);
            assertThat(s.entries()).isBetween(0, 3);
        }
    }
}
