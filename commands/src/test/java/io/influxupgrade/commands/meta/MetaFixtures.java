package io.influxupgrade.commands.meta;

import io.influxupgrade.commands.meta.MetaData.ContinuousQueryInfo;
import io.influxupgrade.commands.meta.MetaData.DatabaseInfo;
import io.influxupgrade.commands.meta.MetaData.NodeInfo;
import io.influxupgrade.commands.meta.MetaData.RetentionPolicyInfo;
import io.influxupgrade.commands.meta.MetaData.ShardGroupInfo;
import io.influxupgrade.commands.meta.MetaData.ShardInfo;
import io.influxupgrade.commands.meta.MetaData.SubscriptionInfo;

import java.util.List;
import java.util.Map;

/** Hand-built metastores for unit tests: awkward names, deleted and truncated groups, owners, grants, a hash. */
final class MetaFixtures {

    static final long HOUR = 3_600_000_000_000L;
    static final long DAY = 24 * HOUR;
    static final long T0 = 1_764_028_800_000_000_000L; // 2025-11-25T00:00:00Z
    static final String HASH = "$2a$10$abcdefghijklmnopqrstuuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ01";

    private MetaFixtures() {
    }

    static MetaData awkward() {
        DatabaseInfo telegraf = new DatabaseInfo("telegraf", "two weeks", List.of(
                new RetentionPolicyInfo("autogen", 0, 7 * DAY, 1, List.of(
                        new ShardGroupInfo(1, T0, T0 + 7 * DAY, 0, 0, List.of(new ShardInfo(1, List.of()))),
                        new ShardGroupInfo(2, T0 + 7 * DAY, T0 + 14 * DAY, T0 + 20 * DAY, 0, List.of(new ShardInfo(2, List.of())))),
                        List.of(new SubscriptionInfo("kapacitor", "ANY", List.of("http://127.0.0.1:9", "udp://127.0.0.1:9")))),
                new RetentionPolicyInfo("two weeks", 14 * DAY, DAY, 2, List.of(
                        new ShardGroupInfo(3, T0, T0 + DAY, 0, T0 + 12 * HOUR, List.of(new ShardInfo(3, List.of(1L)), new ShardInfo(4, List.of(1L, 2L))))),
                        List.of())),
                List.of(new ContinuousQueryInfo("cq \"mean\"", "CREATE CONTINUOUS QUERY \"cq \\\"mean\\\"\" ON telegraf BEGIN SELECT mean(v) INTO m2 FROM m GROUP BY time(1h) END")));
        DatabaseInfo weird = new DatabaseInfo("sélect \"db\" 'x' 日本", "", List.of(), List.of());
        DatabaseInfo keyword = new DatabaseInfo("SELECT", "default", List.of(
                new RetentionPolicyInfo("default", 90 * 60_000_000_000L, HOUR, 1, List.of(), List.of())), List.of());
        UserInfo admin = new UserInfo("admin", true, Map.of(), Secret.of(HASH));
        UserInfo reader = new UserInfo("read er", false, Map.of("telegraf", Privilege.READ, "SELECT", Privilege.ALL,
                "sélect \"db\" 'x' 日本", Privilege.WRITE, "gone", Privilege.NONE), Secret.of(HASH.replace('a', 'b')));
        return MetaData.of(0, 42, 0xF00DCAFEDEADBEEFL, 3, 4, List.of(telegraf, weird, keyword), List.of(admin, reader));
    }

    /** The same content as a 0.11 raft state: node lists and a real MaxNodeID. */
    static MetaData raftEra() {
        return awkward().withNodes(2, List.of(), List.of(new NodeInfo(1, "127.0.0.1:8086", "127.0.0.1:8088")),
                List.of(new NodeInfo(1, "127.0.0.1:8091", null))).withCounters(3, 42, awkward().clusterId());
    }
}
