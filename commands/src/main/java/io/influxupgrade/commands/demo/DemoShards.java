package io.influxupgrade.commands.demo;

import io.influxupgrade.commands.fs.AtomicFiles;
import io.influxupgrade.commands.shard.BoltShardWriter;
import io.influxupgrade.commands.shard.TsmWriter;
import io.influxupgrade.commands.shard.WalWriter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static io.influxupgrade.commands.demo.DemoSandbox.DAY;
import static io.influxupgrade.commands.demo.DemoSandbox.HOUR;
import static io.influxupgrade.commands.demo.DemoSandbox.SECOND;
import static io.influxupgrade.commands.demo.DemoSandbox.WEEK;
import static io.influxupgrade.commands.demo.DemoSandbox.mkdirs;

/** The sandbox's shards: which ones each layout holds, and their TSM, b1/bz1 and WAL files. */
final class DemoShards {

    private DemoShards() {
    }

    /** One shard the sandbox holds: where it sits in the metastore, its time range and how it is stored. */
    record ShardSpec(String db, String rp, long id, long start, long end, String engine, String dataset, boolean wal) {
    }

    /** 0.11: data of late March 2016, and a b1 and a bz1 shard left over from 0.9 (May 2014). */
    static List<ShardSpec> shards011() {
        long day0 = 16888 * DAY; // 2016-03-28T00:00:00Z
        long week0 = floor(day0, WEEK);
        long b1Start = floor(1_400_000_000L * SECOND, WEEK); // BoltShardWriter's points start at 2014-05-13T16:53:20Z
        long bz1Start = floor(1_400_000_000L * SECOND, 30 * DAY);
        return withTelegraf(1, day0, week0,
                new ShardSpec("servers", "default", 5, b1Start, b1Start + WEEK, "b1", "servers", false),
                new ShardSpec("servers", "archive", 6, bz1Start, bz1Start + 30 * DAY, "bz1", "servers", false),
                new ShardSpec("servers", "default", 7, week0, week0 + WEEK, "tsm1", "servers", false),
                new ShardSpec("_internal", "monitor", 8, day0 + 2 * DAY, day0 + 3 * DAY, "tsm1", "internal", false),
                new ShardSpec("sensors", "raw", 9, day0 + 2 * DAY, day0 + 3 * DAY, "tsm1", "sensors", false));
    }

    /** 1.3: data of late November 2017, all TSM. */
    static List<ShardSpec> shards13() {
        long day0 = 17490 * DAY; // 2017-11-20T00:00:00Z
        long week0 = floor(day0, WEEK);
        return withTelegraf(21, day0, week0,
                new ShardSpec("sensors", "autogen", 25, week0, week0 + WEEK, "tsm1", "sensors", false),
                new ShardSpec("_internal", "monitor", 26, day0 + 2 * DAY, day0 + 3 * DAY, "tsm1", "internal", false));
    }

    /**
     * The telegraf shards both layouts hold, ids from {@code firstId}: three daily shards of two_weeks from {@code day0}
     * (the last with a WAL) and the week of one_year from {@code week0}; then {@code others}.
     */
    private static List<ShardSpec> withTelegraf(long firstId, long day0, long week0, ShardSpec... others) {
        List<ShardSpec> shards = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            shards.add(new ShardSpec("telegraf", "two_weeks", firstId + i, day0 + i * DAY, day0 + (i + 1) * DAY, "tsm1", "telegraf", i == 2));
        }
        shards.add(new ShardSpec("telegraf", "one_year", firstId + 3, week0, week0 + WEEK, "tsm1", "cpu_1h", false));
        shards.addAll(List.of(others));
        return List.copyOf(shards);
    }

    private static long floor(long t, long d) {
        return Math.floorDiv(t, d) * d;
    }

    static void writeShard(Path data, Path wal, ShardSpec s) {
        Path rpDir = data.resolve(s.db()).resolve(s.rp());
        Path shard = rpDir.resolve(Long.toString(s.id()));
        List<String> boltSeries = List.of("cpu,host=db-01,region=eu-west", "cpu,host=web-01,region=eu-west",
                "cpu,host=web-02,region=eu-west");
        switch (s.engine()) {
            case "b1" -> {
                mkdirs(rpDir);
                BoltShardWriter.writeB1(shard, boltSeries, 240, false);
            }
            case "bz1" -> {
                mkdirs(rpDir);
                BoltShardWriter.writeBz1(shard, boltSeries, 600);
            }
            default -> {
                mkdirs(shard);
                AtomicFiles.write(shard.resolve("000000002-000000002.tsm"), tsm(s), PosixFilePermissions.fromString("rw-r--r--"));
                Path walShard = wal.resolve(s.db()).resolve(s.rp()).resolve(Long.toString(s.id()));
                mkdirs(walShard);
                if (s.wal()) {
                    AtomicFiles.write(walShard.resolve("_00003.wal"), walSegment(s), PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
        }
    }

    /** Series keys (sorted TSM keys) of a data set with their kind: 'f' float, 'i' integer. */
    static TreeMap<String, Character> keys(String dataset) {
        TreeMap<String, Character> k = new TreeMap<>();
        switch (dataset) {
            case "telegraf" -> {
                for (String host : List.of("db-01", "web-01", "web-02")) {
                    String cpu = "cpu,cpu=cpu-total,host=" + host + ",region=eu-west";
                    k.put(TsmWriter.key(cpu, "usage_idle"), 'f');
                    k.put(TsmWriter.key(cpu, "usage_user"), 'f');
                    String mem = "mem,host=" + host + ",region=eu-west";
                    k.put(TsmWriter.key(mem, "used"), 'i');
                    k.put(TsmWriter.key(mem, "used_percent"), 'f');
                }
            }
            case "cpu_1h" -> {
                for (String host : List.of("db-01", "web-01", "web-02")) {
                    String cpu = "cpu_1h,cpu=cpu-total,host=" + host + ",region=eu-west";
                    k.put(TsmWriter.key(cpu, "usage_idle"), 'f');
                    k.put(TsmWriter.key(cpu, "usage_user"), 'f');
                }
            }
            case "servers" -> {
                for (String host : List.of("db-01", "web-01", "web-02")) {
                    k.put(TsmWriter.key("cpu,host=" + host + ",region=eu-west", "value"), 'f');
                }
            }
            case "sensors" -> {
                for (String room : List.of("lab", "office", "server-room")) {
                    k.put(TsmWriter.key("temperature,room=" + room + ",sensor=t-" + room.charAt(0), "value"), 'f');
                    k.put(TsmWriter.key("humidity,room=" + room, "value"), 'f');
                }
            }
            default -> {
                k.put(TsmWriter.key("runtime,hostname=localhost", "HeapAlloc"), 'i');
                k.put(TsmWriter.key("runtime,hostname=localhost", "NumGoroutine"), 'i');
                k.put(TsmWriter.key("write,hostname=localhost", "pointReq"), 'i');
            }
        }
        return k;
    }

    /** Points per key and their spacing: six hours of 10 s points, or hourly points for the downsampled set. */
    private static long step(ShardSpec s) {
        return s.dataset().equals("cpu_1h") ? HOUR : 10 * SECOND;
    }

    private static int count(ShardSpec s) {
        return s.dataset().equals("cpu_1h") ? 96 : 2160;
    }

    private static long firstTime(ShardSpec s) {
        return s.start() + (s.dataset().equals("cpu_1h") ? 0 : 8 * HOUR);
    }

    static byte[] tsm(ShardSpec s) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        Random r = new Random(s.id());
        try (TsmWriter w = new TsmWriter(bos)) {
            for (Map.Entry<String, Character> e : keys(s.dataset()).entrySet()) {
                long[] times = times(firstTime(s), step(s), count(s));
                if (e.getValue() == 'i') {
                    w.writeIntegers(e.getKey(), times, integers(r, times.length));
                } else {
                    w.writeFloats(e.getKey(), times, floats(r, times.length));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("in-memory TSM write failed", e); // a ByteArrayOutputStream does not fail
        }
        return bos.toByteArray();
    }

    /** The unflushed tail: the ten minutes after the TSM file's last point, as the cache held it. */
    static byte[] walSegment(ShardSpec s) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        Random r = new Random(-s.id());
        long after = firstTime(s) + count(s) * step(s);
        try (WalWriter w = new WalWriter(bos)) {
            for (int batch = 0; batch < 6; batch++) {
                w.beginWrite();
                long[] times = times(after + batch * 10 * step(s), step(s), 10);
                for (Map.Entry<String, Character> e : keys(s.dataset()).entrySet()) {
                    if (e.getValue() == 'i') {
                        w.integers(e.getKey(), times, integers(r, times.length));
                    } else {
                        w.floats(e.getKey(), times, floats(r, times.length));
                    }
                }
                w.endWrite();
            }
        } catch (IOException e) {
            throw new IllegalStateException("in-memory WAL write failed", e);
        }
        return bos.toByteArray();
    }

    private static long[] times(long first, long step, int n) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = first + i * step;
        }
        return t;
    }

    private static double[] floats(Random r, int n) {
        double[] v = new double[n];
        double x = 20 + r.nextInt(60);
        for (int i = 0; i < n; i++) {
            x = Math.max(0, Math.min(100, x + (r.nextDouble() - 0.5) * 4));
            v[i] = Math.round(x * 100) / 100.0;
        }
        return v;
    }

    private static long[] integers(Random r, int n) {
        long[] v = new long[n];
        long x = 1_000_000L + r.nextInt(5_000_000);
        for (int i = 0; i < n; i++) {
            x = Math.max(0, x + r.nextInt(20_001) - 10_000);
            v[i] = x;
        }
        return v;
    }
}
