package io.influxupgrade.commands.bench;

import io.influxupgrade.commands.meta.MetaData;
import io.influxupgrade.commands.meta.MetaData.ContinuousQueryInfo;
import io.influxupgrade.commands.meta.MetaData.DatabaseInfo;
import io.influxupgrade.commands.meta.MetaData.RetentionPolicyInfo;
import io.influxupgrade.commands.meta.MetaData.ShardGroupInfo;
import io.influxupgrade.commands.meta.MetaData.ShardInfo;
import io.influxupgrade.commands.meta.MetaData.SubscriptionInfo;
import io.influxupgrade.commands.meta.MetaDiff;
import io.influxupgrade.commands.meta.MetaDiffCommand;
import io.influxupgrade.commands.meta.MetaReport;
import io.influxupgrade.commands.meta.MetaShowCommand;
import io.influxupgrade.commands.meta.MetaStoreWriter;
import io.influxupgrade.commands.meta.Privilege;
import io.influxupgrade.commands.meta.Secret;
import io.influxupgrade.commands.meta.UserInfo;
import io.influxupgrade.commands.testing.InfluxdServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Metastore benchmark (a main class, not a test): generates 1,000 databases × 3 retention policies × 300 shard
 * groups (900,000 shards) and 1,000 users, then times {@code meta show --section summary} and {@code meta diff}
 * of two such files, and a real influxd loading the same meta.db (start until /ping).
 * <pre>
 *   java -Xmx1g -cp ... io.influxupgrade.commands.bench.MetaBench generate DIR
 *   java -Xmx1g -cp ... io.influxupgrade.commands.bench.MetaBench summary DIR/a/meta.db [repeats]
 *   java -Xmx1g -cp ... io.influxupgrade.commands.bench.MetaBench diff DIR/a/meta.db DIR/b/meta.db [repeats]
 *   java -cp ... io.influxupgrade.commands.bench.MetaBench influxd DIR/a [repeats]
 * </pre>
 * Each timing line is one operation in this JVM; the first is cold (class loading, JIT), later ones warm.
 */
public final class MetaBench {

    static final long HOUR = 3_600_000_000_000L;
    static final long START = 1_500_000_000_000_000_000L;

    private MetaBench() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "generate" -> generate(Path.of(args[1]));
            case "summary" -> {
                int n = args.length > 2 ? Integer.parseInt(args[2]) : 1;
                lastCpu = cpuNanos();
                for (int i = 0; i < n; i++) {
                    long t0 = System.nanoTime();
                    MetaReport r = new MetaShowCommand().run(new MetaShowCommand.Request(args[1], null, MetaShowCommand.Section.SUMMARY));
                    report("summary", t0, r.summary().toString());
                }
            }
            case "diff" -> {
                int n = args.length > 3 ? Integer.parseInt(args[3]) : 1;
                lastCpu = cpuNanos();
                for (int i = 0; i < n; i++) {
                    long t0 = System.nanoTime();
                    MetaDiff d = new MetaDiffCommand().run(new MetaDiffCommand.Request(args[1], args[2], false));
                    report("diff", t0, d.differences().size() + " differences: " + d.failureSummary());
                }
            }
            case "influxd" -> {
                int n = args.length > 2 ? Integer.parseInt(args[2]) : 1;
                Path metaDir = Path.of(args[1]);
                for (int i = 0; i < n; i++) {
                    Path root = Files.createTempDirectory("meta-bench-influxd-");
                    try (InfluxdServer s = InfluxdServer.create(root, InfluxdServer.Options.defaults())) {
                        long t0 = System.nanoTime();
                        s.start(metaDir);
                        report("influxd start until /ping", t0, "pid " + s.pid());
                        String dbs = s.query("SHOW DATABASES");
                        System.out.println("  influxd then answers SHOW DATABASES with " + (dbs.split("\\],\\[").length) + " rows");
                    }
                }
            }
            default -> throw new IllegalArgumentException("usage: generate DIR | summary FILE [n] | diff A B [n] | influxd METADIR [n]");
        }
    }

    private static long lastCpu = cpuNanos();

    private static long cpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    private static void report(String what, long t0, String detail) {
        long ms = (System.nanoTime() - t0) / 1_000_000;
        long cpu = cpuNanos();
        long cpuMs = (cpu - lastCpu) / 1_000_000;
        lastCpu = cpu;
        Runtime rt = Runtime.getRuntime();
        System.out.printf("%s: %d ms wall, %d ms process CPU (max heap %d MiB, used now %d MiB, load %.1f) %s%n", what, ms, cpuMs,
                rt.maxMemory() >> 20, (rt.totalMemory() - rt.freeMemory()) >> 20,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), detail);
    }

    /** Writes DIR/a/meta.db and DIR/b/meta.db (b: one RP duration changed, one user dropped, index bumped). */
    static void generate(Path dir) {
        MetaData a = build(1000, 3, 300, 1000);
        long t0 = System.nanoTime();
        Path fa = MetaStoreWriter.writeMetaDb(dir.resolve("a"), a);
        report("write a/meta.db", t0, fa + " " + fa.toFile().length() + " bytes");
        List<DatabaseInfo> dbs = new ArrayList<>(a.databases());
        DatabaseInfo d0 = dbs.get(0);
        RetentionPolicyInfo r0 = d0.retentionPolicies().get(0);
        List<RetentionPolicyInfo> rps = new ArrayList<>(d0.retentionPolicies());
        rps.set(0, new RetentionPolicyInfo(r0.name(), r0.duration() + HOUR, r0.shardGroupDuration(), r0.replicaN(), r0.shardGroups(), r0.subscriptions()));
        dbs.set(0, new DatabaseInfo(d0.name(), d0.defaultRetentionPolicy(), rps, d0.continuousQueries()));
        MetaData b = a.withDatabases(dbs).withUsers(a.users().subList(1, a.users().size())).withCounters(0, a.index() + 7, a.clusterId());
        Path fb = MetaStoreWriter.writeMetaDb(dir.resolve("b"), b);
        System.out.println("wrote " + fb);
    }

    static MetaData build(int nDb, int nRp, int nGroups, int nUsers) {
        long groupId = 0;
        long shardId = 0;
        List<DatabaseInfo> dbs = new ArrayList<>(nDb);
        for (int d = 0; d < nDb; d++) {
            List<RetentionPolicyInfo> rps = new ArrayList<>(nRp);
            for (int r = 0; r < nRp; r++) {
                long sgd = (r + 1) * 24 * HOUR;
                List<ShardGroupInfo> groups = new ArrayList<>(nGroups);
                for (int g = 0; g < nGroups; g++) {
                    long start = START + g * sgd;
                    groups.add(new ShardGroupInfo(++groupId, start, start + sgd, 0, 0, List.of(new ShardInfo(++shardId, List.of()))));
                }
                rps.add(new RetentionPolicyInfo(r == 0 ? "autogen" : "rp" + r, r == 0 ? 0 : r * 30 * 24 * HOUR, sgd, 1, groups,
                        r == 1 ? List.of(new SubscriptionInfo("kapacitor", "ANY", List.of("http://127.0.0.1:9092"))) : List.of()));
            }
            String name = "db" + d;
            dbs.add(new DatabaseInfo(name, "autogen", rps, List.of(new ContinuousQueryInfo("cq",
                    "CREATE CONTINUOUS QUERY cq ON " + name + " BEGIN SELECT mean(v) INTO m2 FROM m GROUP BY time(1h) END"))));
        }
        List<UserInfo> users = new ArrayList<>(nUsers);
        for (int u = 0; u < nUsers; u++) {
            Map<String, Privilege> privs = new HashMap<>();
            for (int k = 0; k < 3; k++) {
                privs.put("db" + ((u + k * 7) % nDb), Privilege.values()[1 + (u + k) % 3]);
            }
            users.add(new UserInfo("user" + u, u % 50 == 0, privs,
                    Secret.of("$2a$10$" + String.format("%053d", u))));
        }
        return MetaData.of(0, 1_000_000, 0x1234_5678_9abc_def0L, groupId, shardId, dbs, users);
    }
}
