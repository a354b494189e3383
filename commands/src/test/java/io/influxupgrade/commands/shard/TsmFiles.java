package io.influxupgrade.commands.shard;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Test helper: writes small TSM files with a known content. */
final class TsmFiles {

    private TsmFiles() {
    }

    /** {@code series} series of cpu with fields {@code usage} (float) and {@code n} (integer), {@code points} points each, 10 s apart. */
    static void write(Path file, int series, int points, long startNanos) throws IOException {
        try (OutputStream o = Files.newOutputStream(file); TsmWriter w = new TsmWriter(o)) {
            Random r = new Random(series * 31L + points);
            java.util.TreeMap<String, Boolean> keys = new java.util.TreeMap<>();
            for (int s = 0; s < series; s++) {
                keys.put(TsmWriter.key("cpu,host=h" + s, "usage"), true);
                keys.put(TsmWriter.key("cpu,host=h" + s, "n"), false);
            }
            long[] times = new long[points];
            for (int i = 0; i < points; i++) {
                times[i] = startNanos + i * 10_000_000_000L;
            }
            for (var e : keys.entrySet()) {
                if (e.getValue()) {
                    double[] v = new double[points];
                    for (int i = 0; i < points; i++) {
                        v[i] = r.nextInt(4) == 0 ? v[Math.max(0, i - 1)] : r.nextGaussian() * 100;
                    }
                    w.writeFloats(e.getKey(), times, v);
                } else {
                    long[] v = new long[points];
                    for (int i = 0; i < points; i++) {
                        v[i] = r.nextLong() >> r.nextInt(64);
                    }
                    w.writeIntegers(e.getKey(), times, v);
                }
            }
        }
    }
}
