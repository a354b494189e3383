package io.influxupgrade.commands.shard;

import io.influxupgrade.commands.Finding;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TsmReaderTest {

    static final long T0 = 1_500_000_000_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void writtenFileIsHealthyAndSummarised() throws Exception {
        Path f = dir.resolve("000000001-000000001.tsm");
        TsmFiles.write(f, 5, 2500, T0);
        TsmReader.TsmFileReport v = TsmReader.verify(f, null);
        assertThat(v.findings()).isEmpty();
        assertThat(v.keys()).isEqualTo(10);
        assertThat(v.blocks()).isEqualTo(10 * 3); // 2500 points = 1000 + 1000 + 500
        LongHashSet series = new LongHashSet();
        TsmReader.TsmFileReport s = TsmReader.summarize(f, series);
        assertThat(s.findings()).isEmpty();
        assertThat(series.size()).isEqualTo(5);
        assertThat(s.minTime()).isEqualTo(T0);
        assertThat(s.maxTime()).isEqualTo(T0 + 2499 * 10_000_000_000L);
    }

    @Test
    void summaryOfLargeIndexGoesBeyondTheTailRead() throws Exception {
        Path f = dir.resolve("big.tsm");
        TsmFiles.write(f, 3000, 3, T0); // index > 64 KiB
        LongHashSet series = new LongHashSet();
        TsmReader.TsmFileReport s = TsmReader.summarize(f, series);
        assertThat(s.findings()).isEmpty();
        assertThat(series.size()).isEqualTo(3000);
        assertThat(s.keys()).isEqualTo(6000);
    }

    @Test
    void flippedBlockByteGivesCrcFinding() throws Exception {
        Path f = dir.resolve("a.tsm");
        TsmFiles.write(f, 2, 10, T0);
        byte[] b = Files.readAllBytes(f);
        b[5 + 4 + 3] ^= 0x40; // inside the first block's data
        Files.write(f, b);
        TsmReader.TsmFileReport v = TsmReader.verify(f, null);
        assertThat(v.brokenBlocks()).isEqualTo(1);
        assertThat(v.findings()).singleElement().satisfies(x -> {
            assertThat(x.id()).isEqualTo("tsm.crc");
            assertThat(x.message()).contains(f.toString()).contains("block 0").contains("offset 5");
        });
    }

    @Test
    void flippedLastByteOfTheLastBlockIsFoundToo() throws Exception {
        Path f = dir.resolve("last.tsm");
        TsmFiles.write(f, 3, 1500, T0);
        byte[] b = Files.readAllBytes(f);
        int indexStart = (int) ByteBuffer.wrap(b).getLong(b.length - 8);
        b[indexStart - 1] ^= 0x01;
        Files.write(f, b);
        TsmReader.TsmFileReport v = TsmReader.verify(f, null);
        assertThat(v.brokenBlocks()).isEqualTo(1);
        assertThat(v.findings()).extracting(Finding::id).containsExactly("tsm.crc");
    }

    @Test
    void truncatedFileGivesIndexFinding() throws Exception {
        Path f = dir.resolve("t.tsm");
        TsmFiles.write(f, 2, 10, T0);
        byte[] b = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(b, b.length - 20));
        for (TsmReader.TsmFileReport r : List.of(TsmReader.verify(f, null), TsmReader.summarize(f, new LongHashSet()))) {
            assertThat(r.healthy()).isFalse();
            assertThat(r.findings()).extracting(Finding::id).containsAnyOf("tsm.index");
        }
    }

    @Test
    void zeroLengthAndGarbageFiles() throws Exception {
        Path empty = Files.createFile(dir.resolve("e.tsm"));
        assertThat(TsmReader.verify(empty, null).findings()).extracting(Finding::id).containsExactly("tsm.empty");
        Path garbage = dir.resolve("g.tsm");
        Files.writeString(garbage, "this is not a tsm file at all");
        assertThat(TsmReader.verify(garbage, null).findings()).extracting(Finding::id).containsExactly("tsm.header");
        assertThat(TsmReader.summarize(garbage, new LongHashSet()).findings()).extracting(Finding::id).containsExactly("tsm.header");
    }

    @Test
    void enormousKeyLengthIsAFindingNotAnAllocation() throws Exception {
        // header, then an index whose single key claims 65535 bytes
        ByteBuffer b = ByteBuffer.allocate(5 + 2 + 10 + 8);
        b.putInt(TsmReader.MAGIC).put((byte) 1);
        b.putShort((short) 0xFFFF).put(new byte[10]);
        b.putLong(5);
        Path f = dir.resolve("k.tsm");
        Files.write(f, b.array());
        TsmReader.TsmFileReport r = TsmReader.verify(f, null);
        assertThat(r.findings()).singleElement().satisfies(x -> assertThat(x.message()).contains("key length 65535"));
    }

    @Test
    void unsortedKeysAndBlocksOutsideTheFileAreFound() throws Exception {
        Path f = dir.resolve("u.tsm");
        try (OutputStream o = Files.newOutputStream(f); TsmWriter w = new TsmWriter(o)) {
            w.writeIntegers("a#!~#x", new long[] {1, 2}, new long[] {1, 2});
            w.writeIntegers("b#!~#x", new long[] {1, 2}, new long[] {1, 2});
        }
        byte[] b = Files.readAllBytes(f);
        long indexStart = ByteBuffer.wrap(b).getLong(b.length - 8);
        byte[] swapped = b.clone();
        swapped[(int) indexStart + 2] = 'c'; // first key becomes "c#!~#x" > "b#!~#x"
        Files.write(f, swapped);
        assertThat(TsmReader.verify(f, null).findings()).extracting(Finding::message).anySatisfy(m -> assertThat(m).contains("not sorted"));

        byte[] outside = b.clone();
        int entryOffset = (int) indexStart + 2 + 6 + 3 + 16; // offset field of the first key's first entry
        ByteBuffer.wrap(outside).putLong(entryOffset, b.length + 100L);
        Files.write(f, outside);
        assertThat(TsmReader.verify(f, null).findings()).extracting(Finding::id).containsExactly("tsm.block-bounds");
    }

    @Test
    void progressAddsUpToTheFileSize() throws Exception {
        Path f = dir.resolve("p.tsm");
        TsmFiles.write(f, 50, 3000, T0);
        long[] sum = {0};
        TsmReader.verify(f, n -> sum[0] += n);
        assertThat(sum[0]).isEqualTo(Files.size(f));
    }
}
