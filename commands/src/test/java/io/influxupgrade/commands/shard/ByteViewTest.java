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

/** Several mapped windows (the path of files over 1 GiB), one buffer and a byte array all read exactly like the data. */
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
             ByteView mapped = ByteView.map(ch, 1000, data.length, 16)) {
            // the array view starts at file position 1000 too, and its array is longer than the view
            byte[] copy = java.util.Arrays.copyOfRange(data, 1000, data.length + 64);
            ByteView array = ByteView.of(copy, data.length - 1000, 1000);
            for (ByteView v : java.util.List.of(mapped, array)) {
                assertThat(v.start()).isEqualTo(1000);
                assertThat(v.end()).isEqualTo(data.length);
                for (int i = 0; i < 20_000; i++) {
                    long pos = 1000 + r.nextInt(data.length - 1000 - 8);
                    assertThat(v.u8(pos)).isEqualTo(data[(int) pos] & 0xFF);
                    assertThat(v.u16(pos)).isEqualTo(ref.getShort((int) pos) & 0xFFFF);
                    assertThat(v.u32(pos)).isEqualTo(ref.getInt((int) pos) & 0xFFFFFFFFL);
                    assertThat(v.i64(pos)).isEqualTo(ref.getLong((int) pos));
                }
            }
            ByteView v = mapped;
            for (int i = 0; i < 500; i++) {
                long pos = 1000 + r.nextInt(data.length - 1000);
                int len = r.nextInt((int) Math.min(200_000, data.length - pos) + 1);
                CRC32 expected = new CRC32();
                expected.update(data, (int) pos, len);
                CRC32 actual = new CRC32();
                v.crc(actual, pos, len);
                assertThat(actual.getValue()).as("crc of %d bytes at %d", len, pos).isEqualTo(expected.getValue());
                CRC32 fromArray = new CRC32();
                array.crc(fromArray, pos, len);
                assertThat(fromArray.getValue()).as("array crc of %d bytes at %d", len, pos).isEqualTo(expected.getValue());
            }
        }
    }

    @Test
    void compareFindAndHashAgreeBetweenOneBufferAndManyWindows() throws Exception {
        byte[] data = new byte[200_000];
        Random r = new Random(5);
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) "ab#!~#\u00ff".charAt(r.nextInt(7));   // few distinct bytes: many equal prefixes and separators
        }
        Path f = Files.write(dir.resolve("y"), data);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ);
             ByteView many = ByteView.map(ch, 0, data.length, 14);
             ByteView one = ByteView.of(ByteBuffer.wrap(data), 0)) {
            ByteView arr = ByteView.of(data, data.length, 0);
            java.util.Set<Long> hashes = new java.util.HashSet<>();
            java.util.Set<String> keys = new java.util.HashSet<>();
            for (int i = 0; i < 20_000; i++) {
                int a = r.nextInt(data.length - 100), b = r.nextInt(data.length - 100);
                int alen = r.nextInt(40), blen = r.nextInt(40);
                if (r.nextInt(4) == 0) {
                    // equal and prefix ranges: the same start, lengths that differ by at most one
                    b = a;
                    blen = Math.max(0, alen + r.nextInt(3) - 1);
                }
                int expected = Integer.signum(java.util.Arrays.compareUnsigned(data, a, a + alen, data, b, b + blen));
                assertThat(Integer.signum(one.compare(a, alen, b, blen))).isEqualTo(expected);
                assertThat(Integer.signum(many.compare(a, alen, b, blen))).isEqualTo(expected);
                assertThat(Integer.signum(arr.compare(a, alen, b, blen))).isEqualTo(expected);
                long h = one.hash(a, alen);
                assertThat(many.hash(a, alen)).isEqualTo(h);
                assertThat(arr.hash(a, alen)).isEqualTo(h);
                String key = new String(data, a, alen, java.nio.charset.StandardCharsets.ISO_8859_1);
                if (keys.add(key)) {
                    assertThat(hashes.add(h)).as("hash of a new key %s is new", key).isTrue();
                }
                int needle = ('#' << 24) | ('!' << 16) | ('~' << 8) | '#';
                long found = -1;
                for (int k = a; k + 4 <= a + alen; k++) {
                    if (data[k] == '#' && data[k + 1] == '!' && data[k + 2] == '~' && data[k + 3] == '#') {
                        found = k;
                        break;
                    }
                }
                assertThat(one.indexOf4(a, alen, needle)).isEqualTo(found);
                assertThat(many.indexOf4(a, alen, needle)).isEqualTo(found);
                assertThat(arr.indexOf4(a, alen, needle)).isEqualTo(found);
                assertThat(arr.u16(a)).isEqualTo(one.u16(a));
                assertThat(arr.u32(a)).isEqualTo(one.u32(a));
                assertThat(arr.i64(a)).isEqualTo(one.i64(a));
                assertThat(arr.u8(a)).isEqualTo(data[a] & 0xFF);
            }
        }
    }
}
