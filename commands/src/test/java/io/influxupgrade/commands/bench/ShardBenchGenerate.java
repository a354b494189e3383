package io.influxupgrade.commands.bench;

import io.influxupgrade.commands.shard.TsmWriter;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates benchmark trees with {@link TsmWriter}.
 * <pre>
 *   small DATA SHARDS FILES_PER_SHARD   DATA/db&lt;k&gt;/autogen/&lt;id&gt;/&lt;gen&gt;-000000001.tsm, 1000 shards per db
 *   big   DATA GIB FILE_MIB             DATA/big/autogen/1/*.tsm totalling GIB GiB in files of FILE_MIB MiB
 * </pre>
 */
public final class ShardBenchGenerate {

    private ShardBenchGenerate() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[1]);
        if (args[0].equals("small")) {
            small(data, Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        } else {
            big(data, Double.parseDouble(args[2]), Integer.parseInt(args[3]));
        }
    }

    static void small(Path data, int shards, int filesPerShard) throws Exception {
        List<byte[]> templates = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try (TsmWriter w = new TsmWriter(b)) {
                long[] times = new long[10];
                long[] values = new long[10];
                for (int i = 0; i < 10; i++) {
                    times[i] = 1_500_000_000_000_000_000L + (t * 10L + i) * 60_000_000_000L;
                    values[i] = i * t;
                }
                for (int s = 0; s < 3; s++) {
                    w.writeIntegers(TsmWriter.key(String.format("cpu,host=h%03d", t + s), "n"), times, values);
                }
            }
            templates.add(b.toByteArray());
        }
        long bytes = 0;
        for (int id = 1; id <= shards; id++) {
            Path dir = Files.createDirectories(data.resolve("db" + ((id - 1) / 1000)).resolve("autogen").resolve(String.valueOf(id)));
            for (int f = 1; f <= filesPerShard; f++) {
                byte[] t = templates.get((id + f) % templates.size());
                Files.write(dir.resolve(String.format("%09d-%09d.tsm", f, 1)), t);
                bytes += t.length;
            }
        }
        System.out.printf("generated %d shards, %d TSM files, %d bytes under %s%n", shards, (long) shards * filesPerShard, bytes, data);
    }

    static void big(Path data, double gib, int fileMib) throws Exception {
        Path dir = Files.createDirectories(data.resolve("big/autogen/1"));
        long total = (long) (gib * (1L << 30));
        long perFile = (long) fileMib << 20;
        // one integer block of 1000 points, uncompressed: type, uvarint length, timestamps, values
        ByteArrayOutputStream blk = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(blk);
        d.writeByte(1);
        int tsLen = 1 + 8 * 1000;
        d.writeByte((tsLen & 0x7F) | 0x80);
        d.writeByte(tsLen >>> 7);
        d.writeByte(0);
        for (int i = 0; i < 1000; i++) {
            d.writeLong(i == 0 ? 1_500_000_000_000_000_000L : 1_000_000_000L);
        }
        d.writeByte(0);
        for (int i = 0; i < 1000; i++) {
            d.writeLong(i * 2L);
        }
        byte[] block = blk.toByteArray();
        long written = 0;
        int gen = 1;
        while (written < total) {
            Path f = dir.resolve(String.format("%09d-%09d.tsm", gen, 1));
            try (OutputStream o = Files.newOutputStream(f); TsmWriter w = new TsmWriter(o)) {
                long size = 5;
                int key = 0;
                while (size < perFile) {
                    byte[] k = String.format("m,host=h%08d#!~#n", key++).getBytes(StandardCharsets.UTF_8);
                    for (int b = 0; b < 100 && size < perFile; b++) {
                        // distinct bytes per block so that a wrong CRC offset cannot pass by accident
                        block[block.length - 1] = (byte) b;
                        block[block.length - 2] = (byte) key;
                        long t0 = 1_500_000_000_000_000_000L + b * 1_000_000_000_000L;
                        w.writeBlock(k, 1, t0, t0 + 999_000_000_000L, block, block.length);
                        size += block.length + 4 + 28;
                    }
                }
            }
            written += Files.size(f);
            gen++;
        }
        System.out.printf("generated %d TSM files, %d bytes under %s%n", gen - 1, written, dir);
    }
}
