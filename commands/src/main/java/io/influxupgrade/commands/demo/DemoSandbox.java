package io.influxupgrade.commands.demo;

import io.influxupgrade.commands.fs.FileTrees;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.fs.AtomicFiles;
import io.influxupgrade.commands.meta.MetaData;
import io.influxupgrade.commands.meta.MetaData.ContinuousQueryInfo;
import io.influxupgrade.commands.meta.MetaData.DatabaseInfo;
import io.influxupgrade.commands.meta.MetaData.NodeInfo;
import io.influxupgrade.commands.meta.MetaData.RetentionPolicyInfo;
import io.influxupgrade.commands.meta.MetaData.ShardGroupInfo;
import io.influxupgrade.commands.meta.MetaData.ShardInfo;
import io.influxupgrade.commands.meta.MetaStoreWriter;
import io.influxupgrade.commands.meta.Privilege;
import io.influxupgrade.commands.meta.RaftLogs;
import io.influxupgrade.commands.meta.proto.MetaProto;
import io.influxupgrade.commands.meta.Secret;
import io.influxupgrade.commands.meta.UserInfo;
import io.influxupgrade.commands.shard.BoltShardWriter;
import io.influxupgrade.commands.shard.TsmWriter;
import io.influxupgrade.commands.shard.WalWriter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Builds a realistic old InfluxDB installation in a folder, so that every command of the shell can be tried on a
 * machine without InfluxDB: an old-style influxdb.conf (a few customisations, exactly one renamed key), a meta dir
 * in the old layout (0.11: raft.db, peers.json, node.json and a raft snapshot; 1.3: meta.db) with databases,
 * retention policies, users with grants and continuous queries, a data dir of real TSM files (and, for 0.11, one b1
 * and one bz1 shard file) whose shard ids match the metastore's shard groups, and a wal dir with one segment.
 * Everything is written by the project's own writers and is deterministic, except the folder's paths. Every file is
 * owned by the current user; password hashes are bcrypt-shaped random strings that no password matches.
 */
public final class DemoSandbox {

    /** File in the sandbox root that marks a folder as ours (so that {@code create} may replace it). */
    public static final String MARKER = "DEMO-SANDBOX.txt";
    public static final String LAYOUT_011 = "0.11";
    public static final String LAYOUT_13 = "1.3";

    static final long SECOND = 1_000_000_000L;
    static final long HOUR = 3600 * SECOND;
    static final long DAY = 24 * HOUR;
    static final long WEEK = 7 * DAY;

    /**
     * What was built: the sandbox root, its layout ({@code 0.11} or {@code 1.3}), the config file, meta, data and
     * wal dirs, the InfluxDB version it imitates, and notes on what each tour step will find in it.
     */
    public record Sandbox(Path dir, String layout, Path configFile, Path metaDir, Path dataDir, Path walDir,
                          String fromVersion, List<String> notes) {
    }

    /** One shard the sandbox holds: where it sits in the metastore, its time range and how it is stored. */
    record ShardSpec(String db, String rp, long id, long start, long end, String engine, String dataset, boolean wal) {
    }

    private DemoSandbox() {
    }

    /** The InfluxDB version a layout imitates. */
    public static String fromVersion(String layout) {
        return switch (checkLayout(layout)) {
            case LAYOUT_011 -> "0.11.1";
            default -> "1.3.9";
        };
    }

    public static String checkLayout(String layout) {
        if (layout == null) {
            return LAYOUT_011;
        }
        if (!layout.equals(LAYOUT_011) && !layout.equals(LAYOUT_13)) {
            throw UpgradeException.usage("demo: --layout takes 0.11 or 1.3, not '" + layout + "'");
        }
        return layout;
    }

    /**
     * Builds the sandbox in {@code dir} (created if missing). An existing folder must be empty or an earlier sandbox
     * (it holds {@value #MARKER}); an earlier sandbox is removed first. A non-empty foreign folder is a usage error.
     */
    public static Sandbox create(Path dir, String layout) {
        String l = checkLayout(layout);
        Path root = dir.toAbsolutePath().normalize();
        prepare(root);
        Path config = root.resolve("influxdb.conf");
        Path meta = root.resolve("meta");
        Path data = root.resolve("data");
        Path wal = root.resolve("wal");
        try {
            Files.createDirectories(meta);
            Files.createDirectories(data);
            Files.createDirectories(wal);
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("create demo sandbox dirs in " + root, e);
        }
        List<ShardSpec> shards = l.equals(LAYOUT_011) ? shards011() : shards13();
        MetaData md = l.equals(LAYOUT_011) ? metastore011(shards) : metastore13(shards);
        writeConfig(config, l, meta, data, wal);
        if (l.equals(LAYOUT_011)) {
            writeRaftMetaDir(meta, md);
        } else {
            MetaStoreWriter.writeMetaDb(meta, md);
        }
        for (ShardSpec s : shards) {
            writeShard(data, wal, s);
        }
        List<String> notes = notes(l, shards);
        writeText(root.resolve(MARKER), "This folder is a demo sandbox made by influx-upgrade (layout " + l + ", imitating InfluxDB "
                + fromVersion(l) + ").\nNothing in it is real data; delete it whenever you like.\n\n"
                + String.join("\n", notes.stream().map(n -> "- " + n).toList()) + "\n");
        return new Sandbox(root, l, config, meta, data, wal, fromVersion(l), notes);
    }

    // ---------------------------------------------------------------- the folder

    private static void prepare(Path root) {
        if (Files.isSymbolicLink(root)) {
            throw UpgradeException.usage("demo dir " + root + " is a symbolic link (give a plain folder with --dir)");
        }
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw UpgradeException.usage("demo dir " + root + " is a file (give a folder with --dir)");
        }
        if (!Files.isDirectory(root)) {
            return;
        }
        boolean empty;
        try (Stream<Path> s = Files.list(root)) {
            empty = s.findAny().isEmpty();
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("list demo dir " + root, e);
        }
        if (empty) {
            return;
        }
        if (!Files.isRegularFile(root.resolve(MARKER), LinkOption.NOFOLLOW_LINKS)) {
            throw UpgradeException.usage("demo dir " + root + " is not empty and is not a demo sandbox (give an empty or new folder with --dir)");
        }
        FileTrees.delete(root, false);
    }

    // ---------------------------------------------------------------- what the sandbox holds

    /** 0.11: data of late March 2016, and a b1 and a bz1 shard left over from 0.9 (May 2014). */
    static List<ShardSpec> shards011() {
        long day0 = 16888 * DAY; // 2016-03-28T00:00:00Z
        long week0 = floor(day0, WEEK);
        long b1Start = floor(1_400_000_000L * SECOND, WEEK); // BoltShardWriter's points start at 2014-05-13T16:53:20Z
        long bz1Start = floor(1_400_000_000L * SECOND, 30 * DAY);
        return List.of(
                new ShardSpec("telegraf", "two_weeks", 1, day0, day0 + DAY, "tsm1", "telegraf", false),
                new ShardSpec("telegraf", "two_weeks", 2, day0 + DAY, day0 + 2 * DAY, "tsm1", "telegraf", false),
                new ShardSpec("telegraf", "two_weeks", 3, day0 + 2 * DAY, day0 + 3 * DAY, "tsm1", "telegraf", true),
                new ShardSpec("telegraf", "one_year", 4, week0, week0 + WEEK, "tsm1", "cpu_1h", false),
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
        return List.of(
                new ShardSpec("telegraf", "two_weeks", 21, day0, day0 + DAY, "tsm1", "telegraf", false),
                new ShardSpec("telegraf", "two_weeks", 22, day0 + DAY, day0 + 2 * DAY, "tsm1", "telegraf", false),
                new ShardSpec("telegraf", "two_weeks", 23, day0 + 2 * DAY, day0 + 3 * DAY, "tsm1", "telegraf", true),
                new ShardSpec("telegraf", "one_year", 24, week0, week0 + WEEK, "tsm1", "cpu_1h", false),
                new ShardSpec("sensors", "autogen", 25, week0, week0 + WEEK, "tsm1", "sensors", false),
                new ShardSpec("_internal", "monitor", 26, day0 + 2 * DAY, day0 + 3 * DAY, "tsm1", "internal", false));
    }

    private static long floor(long t, long d) {
        return Math.floorDiv(t, d) * d;
    }

    static MetaData metastore011(List<ShardSpec> shards) {
        List<Long> owner = List.of(1L);
        List<DatabaseInfo> dbs = List.of(
                db("telegraf", "two_weeks", shards, owner,
                        List.of(rp("two_weeks", 336 * HOUR, DAY), rp("one_year", 8760 * HOUR, WEEK)),
                        List.of(cq("cq_cpu_1h", "telegraf", "SELECT mean(usage_idle) AS usage_idle, mean(usage_user) AS usage_user "
                                + "INTO telegraf.one_year.cpu_1h FROM telegraf.two_weeks.cpu GROUP BY time(1h), *"))),
                db("servers", "default", shards, owner,
                        List.of(rp("default", 0, WEEK), rp("archive", 0, 30 * DAY)), List.of()),
                db("sensors", "raw", shards, owner,
                        List.of(rp("raw", 720 * HOUR, DAY), rp("hourly", 0, 30 * DAY)),
                        List.of(cq("cq_temperature_1h", "sensors", "SELECT mean(value) AS value INTO sensors.hourly.temperature "
                                + "FROM sensors.raw.temperature GROUP BY time(1h), *"))),
                db("_internal", "monitor", shards, owner, List.of(rp("monitor", 168 * HOUR, DAY)), List.of()));
        long maxId = shards.stream().mapToLong(ShardSpec::id).max().orElse(0);
        return new MetaData(3, 412, 0x5DE1A11C0FFEE011L, 1, maxId, maxId, dbs, users(List.of("telegraf", "servers", "sensors")),
                List.of(), List.of(new NodeInfo(1, "localhost:8086", "localhost:8088")),
                List.of(new NodeInfo(1, "localhost:8091", "localhost:8088")));
    }

    static MetaData metastore13(List<ShardSpec> shards) {
        List<DatabaseInfo> dbs = List.of(
                db("telegraf", "two_weeks", shards, List.of(),
                        List.of(rp("autogen", 0, WEEK), rp("two_weeks", 336 * HOUR, DAY), rp("one_year", 8760 * HOUR, WEEK)),
                        List.of(cq("cq_cpu_1h", "telegraf", "SELECT mean(usage_idle) AS usage_idle, mean(usage_user) AS usage_user "
                                + "INTO telegraf.one_year.cpu_1h FROM telegraf.two_weeks.cpu GROUP BY time(1h), *"))),
                db("sensors", "autogen", shards, List.of(), List.of(rp("autogen", 0, WEEK), rp("hourly", 0, 30 * DAY)),
                        List.of(cq("cq_temperature_1h", "sensors", "SELECT mean(value) AS value INTO sensors.hourly.temperature "
                                + "FROM sensors.autogen.temperature GROUP BY time(1h), *"))),
                db("_internal", "monitor", shards, List.of(), List.of(rp("monitor", 168 * HOUR, DAY)), List.of()));
        long maxId = shards.stream().mapToLong(ShardSpec::id).max().orElse(0);
        return MetaData.of(0, 1187, 0x5DE1A11C0FFEE013L, maxId, maxId, dbs, users(List.of("telegraf", "sensors")));
    }

    private record RpSpec(String name, long duration, long shardGroupDuration) {
    }

    private static RpSpec rp(String name, long duration, long sgd) {
        return new RpSpec(name, duration, sgd);
    }

    private static ContinuousQueryInfo cq(String name, String db, String select) {
        return new ContinuousQueryInfo(name, "CREATE CONTINUOUS QUERY " + name + " ON " + db + " BEGIN " + select + " END");
    }

    private static DatabaseInfo db(String name, String defaultRp, List<ShardSpec> shards, List<Long> owners,
                                   List<RpSpec> rps, List<ContinuousQueryInfo> cqs) {
        List<RetentionPolicyInfo> out = new ArrayList<>();
        for (RpSpec r : rps) {
            List<ShardGroupInfo> groups = new ArrayList<>();
            shards.stream().filter(s -> s.db().equals(name) && s.rp().equals(r.name()))
                    .sorted((a, b) -> Long.compare(a.start(), b.start()))
                    .forEach(s -> groups.add(new ShardGroupInfo(s.id(), s.start(), s.end(), 0, 0,
                            List.of(new ShardInfo(s.id(), owners)))));
            out.add(new RetentionPolicyInfo(r.name(), r.duration(), r.shardGroupDuration(), 1, groups, List.of()));
        }
        return new DatabaseInfo(name, defaultRp, out, cqs);
    }

    /** An admin and three users with grants on the given databases (first: telegraf, last: sensors). */
    static List<UserInfo> users(List<String> dbs) {
        String telegraf = dbs.get(0);
        String sensors = dbs.get(dbs.size() - 1);
        Map<String, Privilege> grafana = new LinkedHashMap<>();
        for (String d : dbs) {
            grafana.put(d, Privilege.READ);
        }
        return List.of(
                new UserInfo("admin", true, Map.of(), Secret.of(fakeBcrypt("admin"))),
                new UserInfo("telegraf", false, Map.of(telegraf, Privilege.WRITE), Secret.of(fakeBcrypt("telegraf"))),
                new UserInfo("grafana", false, grafana, Secret.of(fakeBcrypt("grafana"))),
                new UserInfo("sensor_ingest", false, Map.of(sensors, Privilege.ALL), Secret.of(fakeBcrypt("sensor_ingest"))));
    }

    private static final String BCRYPT_ALPHABET = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /**
     * A string shaped like a bcrypt hash ({@code $2a$10$}, a 22-character salt, a 31-character digest, both in
     * bcrypt's base-64 alphabet with the unused low bits of the last character zero) made from random bits, so that
     * no password matches it. Seeded by the user name only so that the sandbox is reproducible.
     */
    static String fakeBcrypt(String user) {
        Random r = new Random(0xB0C7L ^ user.hashCode());
        StringBuilder sb = new StringBuilder("$2a$10$");
        for (int i = 0; i < 53; i++) {
            int c = r.nextInt(64);
            if (i == 21) {
                c &= ~0xF; // 128-bit salt in 22 chars: the last one carries 2 bits
            } else if (i == 52) {
                c &= ~0x3; // 184-bit digest in 31 chars: the last one carries 4 bits
            }
            sb.append(BCRYPT_ALPHABET.charAt(c));
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- meta dir (0.11)

    private static void writeRaftMetaDir(Path meta, MetaData md) {
        long snapshotMillis = 16890 * 86_400_000L + 9 * 3_600_000L; // 2016-03-30T09:00Z
        MetaStoreWriter.writeRaftSnapshot(meta, md, md.term(), md.index(), snapshotMillis, List.of("localhost:8088"));
        List<RaftLogs.Entry> entries = new ArrayList<>();
        // raft keeps trailing entries up to the snapshot (already in it, not replayed); four came after it and are
        // replayed on reading: a restart in term 4 (the leader's no-op), then CREATE DATABASE logs (with 0.11's
        // auto-created RP "default"), a CQ on servers and GRANT READ ON logs TO grafana
        long term = md.term();
        long index = md.index() - 4;
        for (String db : List.of("sensors", "telegraf", "servers", "_internal", "telegraf")) {
            entries.add(new RaftLogs.Entry(index++, term, RaftLogs.COMMAND, RaftLogs.createDatabaseCommand(db)));
        }
        entries.add(new RaftLogs.Entry(index++, term + 1, RaftLogs.NOOP, new byte[0]));
        entries.add(new RaftLogs.Entry(index++, term + 1, RaftLogs.COMMAND, RaftLogs.createDatabaseCommand("logs")));
        ContinuousQueryInfo late = cq("cq_load_1h", "servers", "SELECT mean(load1) AS load1 INTO servers.archive.system_1h "
                + "FROM servers.\"default\".system GROUP BY time(1h), *");
        entries.add(new RaftLogs.Entry(index++, term + 1, RaftLogs.COMMAND, RaftLogs.command(
                MetaProto.Command.Type.CREATE_CONTINUOUS_QUERY, MetaProto.CreateContinuousQueryCommand.createContinuousQuery,
                MetaProto.CreateContinuousQueryCommand.newBuilder().setDatabase("servers").setName(late.name())
                        .setQuery(late.query()).build())));
        entries.add(new RaftLogs.Entry(index, term + 1, RaftLogs.COMMAND, RaftLogs.command(
                MetaProto.Command.Type.SET_PRIVILEGE, MetaProto.SetPrivilegeCommand.setPrivilege,
                MetaProto.SetPrivilegeCommand.newBuilder().setUsername("grafana").setDatabase("logs")
                        .setPrivilege(Privilege.READ.code()).build())));
        MetaStoreWriter.writeRaftDb(meta, entries, term + 1);
        writeText(meta.resolve("peers.json"), "[\"localhost:8088\"]");
        writeText(meta.resolve("node.json"), "{\"ID\":1}\n"); // as 0.11 writes it (Go json.Encoder)
    }

    // ---------------------------------------------------------------- data and wal dirs

    private static void writeShard(Path data, Path wal, ShardSpec s) {
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

    // ---------------------------------------------------------------- config

    /** The port numbers the old config names (nothing listens on them; a demo server gets its own config). */
    static final int HTTP_PORT = 18086;

    private static void writeConfig(Path file, String layout, Path meta, Path data, Path wal) {
        String text = layout.equals(LAYOUT_011) ? config011(meta, data, wal) : config13(meta, data, wal);
        writeText(file, text);
    }

    static String config011(Path meta, Path data, Path wal) {
        return """
                # influxdb.conf of the demo sandbox, as an InfluxDB 0.11.1 installation had it.
                reporting-disabled = true
                bind-address = ":8088"

                [meta]
                  dir = %s
                  enabled = true
                  bind-address = ":8088"
                  http-bind-address = ":8091"
                  retention-autocreate = true
                  election-timeout = "1s"
                  heartbeat-timeout = "1s"
                  leader-lease-timeout = "500ms"
                  commit-timeout = "50ms"
                  cluster-tracing = false
                  raft-promotion-enabled = true
                  logging-enabled = true

                [data]
                  enabled = true
                  dir = %s
                  engine = "tsm1"
                  wal-dir = %s
                  wal-logging-enabled = true
                  # customised: more detail while chasing a slow write path
                  data-logging-enabled = true
                  query-log-enabled = true
                  # customised: 250 MiB cache instead of 500 MiB
                  cache-max-memory-size = 262144000
                  cache-snapshot-memory-size = 26214400
                  cache-snapshot-write-cold-duration = "1h"
                  compact-min-file-count = 3
                  compact-full-write-cold-duration = "24h"
                  max-points-per-block = 0

                [hinted-handoff]
                  enabled = true
                  dir = %s
                  max-size = 1073741824
                  max-age = "168h"
                  retry-rate-limit = 0

                [retention]
                  enabled = true
                  check-interval = "30m"

                [shard-precreation]
                  enabled = true
                  check-interval = "10m"
                  advance-period = "30m"

                [monitor]
                  store-enabled = true
                  store-database = "_internal"
                  store-interval = "10s"

                [admin]
                  enabled = false
                  bind-address = "127.0.0.1:18083"

                [http]
                  enabled = true
                  # customised: loopback only, another port, authentication on
                  bind-address = "127.0.0.1:%d"
                  auth-enabled = true
                  log-enabled = true
                  write-tracing = false
                  pprof-enabled = false
                  https-enabled = false

                [continuous_queries]
                  log-enabled = true
                  enabled = true
                  run-interval = "1s"
                """.formatted(q(meta), q(data), q(wal), q(meta.resolveSibling("hh")), HTTP_PORT);
    }

    static String config13(Path meta, Path data, Path wal) {
        return """
                # influxdb.conf of the demo sandbox, as an InfluxDB 1.3.9 installation had it (carried over from 0.13).
                reporting-disabled = true
                bind-address = "127.0.0.1:8088"

                [meta]
                  dir = %s
                  retention-autocreate = true
                  logging-enabled = true

                [data]
                  dir = %s
                  wal-dir = %s
                  query-log-enabled = true
                  # customised: 256 MiB cache instead of 1 GiB
                  cache-max-memory-size = 268435456
                  cache-snapshot-memory-size = 26214400
                  # customised: a stricter series limit
                  max-series-per-database = 500000
                  index-version = "inmem"

                # kept from the 0.13 file: InfluxDB 1.x reads it as [coordinator]
                [cluster]
                  write-timeout = "10s"
                  max-concurrent-queries = 0
                  query-timeout = "0s"
                  log-queries-after = "0s"
                  max-select-point = 0
                  max-select-series = 0
                  max-select-buckets = 0

                [retention]
                  enabled = true
                  check-interval = "30m"

                [shard-precreation]
                  enabled = true
                  check-interval = "10m"
                  advance-period = "30m"

                [monitor]
                  store-enabled = true
                  store-database = "_internal"
                  store-interval = "10s"

                [http]
                  enabled = true
                  # customised: loopback only, another port, authentication on
                  bind-address = "127.0.0.1:%d"
                  auth-enabled = true
                  log-enabled = true
                  write-tracing = false
                  pprof-enabled = true
                  https-enabled = false
                  max-row-limit = 0

                [subscriber]
                  enabled = true

                [continuous_queries]
                  log-enabled = true
                  enabled = true
                  run-interval = "1s"
                """.formatted(q(meta), q(data), q(wal), HTTP_PORT);
    }

    /** A TOML basic string. */
    static String q(Path p) {
        return "\"" + p.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    // ---------------------------------------------------------------- notes

    private static List<String> notes(String layout, List<ShardSpec> shards) {
        List<String> n = new ArrayList<>();
        if (layout.equals(LAYOUT_011)) {
            n.add("meta dir: 0.11 raft layout (raft.db, peers.json, node.json, snapshots/3-412-…): 'check' reports "
                    + "meta.raft-db-present, and 'meta show' reads the snapshot and replays the 4 raft log entries after it");
            n.add("data dir: 7 TSM shards, shard 5 (servers/default) is b1 and shard 6 (servers/archive) is bz1: 'check' (shard.non-tsm) and 'shard list' flag "
                    + "them, since 1.4 cannot open them (convert with influx_tsm first)");
            n.add("config: [data] data-logging-enabled is renamed to trace-logging-enabled in 1.4; the raft-era [meta] keys and "
                    + "[hinted-handoff] are ignored");
        } else {
            n.add("meta dir: meta.db (1.x layout) with the same kind of content");
            n.add("data dir: " + shards.size() + " TSM shards (inmem index)");
            n.add("config: the [cluster] section is read as [coordinator] by 1.4");
        }
        ShardSpec walShard = shards.stream().filter(ShardSpec::wal).findFirst().orElseThrow();
        n.add("wal dir: shard " + walShard.id() + " (" + walShard.db() + "/" + walShard.rp() + ") has an unflushed WAL segment");
        n.add("users admin, telegraf, grafana and sensor_ingest have bcrypt-shaped hashes that no password matches");
        n.add("every file belongs to the current user, who is the session's service user: the ownership checks pass");
        return n;
    }

    // ---------------------------------------------------------------- small helpers

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("create " + dir, e);
        }
    }

    private static void writeText(Path file, String text) {
        AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8), PosixFilePermissions.fromString("rw-r--r--"));
    }
}
