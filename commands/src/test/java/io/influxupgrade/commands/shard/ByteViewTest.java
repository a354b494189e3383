package io.influxupgrade.commands.shard;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;

/** Several mapped windows (the path of files over 1 GiB) read exactly like one array. */
class ByteViewTest {

    @TempDir
    Path dir;

    @Test
    void readsAndCrcsAcrossWindowBoundaries() throws Exception {
        byte[] data = new byte[300_000];
        Random r = new Random(3);
        r.nextBytes(data);
        Path f = Files.write(dir.resolve("x"), data);
        ByteBuffer ref = ByteBuffer.wrap(data);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ);
             ByteView v = ByteView.map(ch, 1000, data.length, 16)) {
            for (int i = 0; i < 20_000; i++) {
                long pos = 1000 + r.nextInt(data.length - 1000 - 8);
                assertThat(v.u8(pos)).isEqualTo(data[(int) pos] & 0xFF);
                assertThat(v.u16(pos)).isEqualTo(ref.getShort((int) pos) & 0xFFFF);
                assertThat(v.u32(pos)).isEqualTo(ref.getInt((int) pos) & 0xFFFFFFFFL);
                assertThat(v.i64(pos)).isEqualTo(ref.getLong((int) pos));
            }
            for (int i = 0; i < 500; i++) {
                long pos = 1000 + r.nextInt(data.length - 1000);
                int len = r.nextInt((int) Math.min(200_000, data.length - pos) + 1);
                CRC32 expected = new CRC32();
                expected.update(data, (int) pos, len);
                CRC32 actual = new CRC32();
                v.crc(actual, pos, len);
                assertThat(actual.getValue()).as("crc of %d bytes at %d", len, pos).isEqualTo(expected.getValue());
            }
        }
    }
}
