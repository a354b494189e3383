package io.influxupgrade.commands.demo;

import io.influxupgrade.commands.demo.DemoShards.ShardSpec;
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

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.influxupgrade.commands.demo.DemoSandbox.DAY;
import static io.influxupgrade.commands.demo.DemoSandbox.HOUR;
import static io.influxupgrade.commands.demo.DemoSandbox.WEEK;
import static io.influxupgrade.commands.demo.DemoSandbox.writeText;

/** The sandbox's metastore: databases, retention policies, users and CQs of each layout, and the 0.11 raft meta dir. */
final class DemoMetastore {

    private DemoMetastore() {
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

    static void writeRaftMetaDir(Path meta, MetaData md) {
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
}
