package io.influxupgrade.commands.meta;

import com.google.protobuf.GeneratedMessage;
import com.google.protobuf.Message;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.meta.MetaData.DatabaseInfo;
import io.influxupgrade.commands.meta.MetaData.NodeInfo;
import io.influxupgrade.commands.meta.MetaData.RetentionPolicyInfo;
import io.influxupgrade.commands.meta.MetaData.ShardGroupInfo;
import io.influxupgrade.commands.meta.proto.MetaProto;
import io.influxupgrade.commands.meta.proto.MetaProto.Command.Type;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Raft log replay of 0.10/0.11 meta dirs, against the apply rules of 0.11.1's metastore FSM (formats doc section 4).
 * No 0.11 binary exists here yet: entries are written by our own writer (msgpack-core with old raw strings).
 */
class RaftReplayTest {

    private static final long HOUR = 3_600_000_000_000L;
    private static final long DAY = 24 * HOUR;
    private static final long DELETED_AT = 1_765_000_000_000_000_000L;
    /** 2026-01-01T00:00:00Z, a Thursday. */
    private static final long NEW_YEAR = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond() * 1_000_000_000L;

    @TempDir
    Path tmp;

    // ---- command builders -------------------------------------------------------------------------------

    static <T extends Message> byte[] cmd(Type type, GeneratedMessage.GeneratedExtension<MetaProto.Command, T> ext, T payload) {
        return RaftLogs.command(type, ext, payload);
    }

    static byte[] setMetaNode(String http, String tcp, long rand) {
        return cmd(Type.SET_META_NODE, MetaProto.SetMetaNodeCommand.setMetaNode,
                MetaProto.SetMetaNodeCommand.newBuilder().setHttpAddr(http).setTcpAddr(tcp).setRand(rand).build());
    }

    static byte[] createDataNode(String http, String tcp) {
        return cmd(Type.CREATE_DATA_NODE, MetaProto.CreateDataNodeCommand.createDataNode,
                MetaProto.CreateDataNodeCommand.newBuilder().setHttpAddr(http).setTcpAddr(tcp).build());
    }

    static byte[] createDb(String name) {
        return RaftLogs.createDatabaseCommand(name);
    }

    static byte[] createRp(String db, String name, long duration, int replicaN) {
        return cmd(Type.CREATE_RETENTION_POLICY, MetaProto.CreateRetentionPolicyCommand.createRetentionPolicy,
                MetaProto.CreateRetentionPolicyCommand.newBuilder().setDatabase(db).setRetentionPolicy(
                        MetaProto.RetentionPolicyInfo.newBuilder().setName(name).setDuration(duration).setShardGroupDuration(0)
                                .setReplicaN(replicaN)).build());
    }

    static byte[] createShardGroup(String db, String rp, long ts) {
        return cmd(Type.CREATE_SHARD_GROUP, MetaProto.CreateShardGroupCommand.createShardGroup,
                MetaProto.CreateShardGroupCommand.newBuilder().setDatabase(db).setPolicy(rp).setTimestamp(ts).build());
    }

    static byte[] createUser(String name, String hash, boolean admin) {
        return cmd(Type.CREATE_USER, MetaProto.CreateUserCommand.createUser,
                MetaProto.CreateUserCommand.newBuilder().setName(name).setHash(hash).setAdmin(admin).build());
    }

    static byte[] dropUser(String name) {
        return cmd(Type.DROP_USER, MetaProto.DropUserCommand.dropUser, MetaProto.DropUserCommand.newBuilder().setName(name).build());
    }

    static byte[] createCq(String db, String name, String q) {
        return cmd(Type.CREATE_CONTINUOUS_QUERY, MetaProto.CreateContinuousQueryCommand.createContinuousQuery,
                MetaProto.CreateContinuousQueryCommand.newBuilder().setDatabase(db).setName(name).setQuery(q).build());
    }

    static byte[] createSub(String db, String rp, String name) {
        return cmd(Type.CREATE_SUBSCRIPTION, MetaProto.CreateSubscriptionCommand.createSubscription,
                MetaProto.CreateSubscriptionCommand.newBuilder().setDatabase(db).setRetentionPolicy(rp).setName(name).setMode("ANY")
                        .addDestinations("udp://127.0.0.1:9999").build());
    }

    /** A single-node 0.11 after start-up: meta node 1 = data node 1, database "db one" with RP "default", user bob. */
    static List<byte[]> base() {
        return new ArrayList<>(List.of(
                setMetaNode("127.0.0.1:8091", "127.0.0.1:8088", 77),
                createDataNode("127.0.0.1:8086", "127.0.0.1:8088"),
                createDb("db one"),
                createUser("bob", "$2a$10$hash-of-bob", false)));
    }

    static List<RaftLogs.Raw> raws(long firstIndex, long term, List<byte[]> commands) {
        List<RaftLogs.Raw> out = new ArrayList<>();
        long i = firstIndex;
        for (byte[] c : commands) {
            out.add(new RaftLogs.Raw(i, RaftLogs.encode(new RaftLogs.Entry(i, term, RaftLogs.COMMAND, c))));
            i++;
        }
        return out;
    }

    static RaftReplay.Result replay(List<byte[]> commands) {
        return RaftReplay.replay("test log", raws(1, 2, commands), null, null, DELETED_AT);
    }

    static DatabaseInfo db(MetaData d, String name) {
        return d.database(name).orElseThrow(() -> new AssertionError("no database " + name));
    }

    static RetentionPolicyInfo rp(MetaData d, String dbName, String rp) {
        return db(d, dbName).retentionPolicy(rp).orElseThrow(() -> new AssertionError("no rp " + rp));
    }

    // ---- every command type, table-driven -----------------------------------------------------------------

    record Case(Type type, List<byte[]> then, Consumer<MetaData> check) {
    }

    static List<Case> cases() {
        return List.of(
                new Case(Type.SET_META_NODE, List.of(), d -> {
                    assertThat(d.metaNodes()).containsExactly(new NodeInfo(1, "127.0.0.1:8091", "127.0.0.1:8088"));
                    assertThat(d.clusterId()).isEqualTo(77);
                    assertThat(d.maxNodeId()).isEqualTo(1);
                }),
                new Case(Type.CREATE_DATA_NODE, List.of(createDataNode("127.0.0.2:8086", "127.0.0.2:8088")), d -> {
                    // the first data node took the meta node's id; the second is a new node id
                    assertThat(d.dataNodes()).containsExactly(new NodeInfo(1, "127.0.0.1:8086", "127.0.0.1:8088"),
                            new NodeInfo(2, "127.0.0.2:8086", "127.0.0.2:8088"));
                    assertThat(d.maxNodeId()).isEqualTo(2);
                }),
                new Case(Type.CREATE_META_NODE, List.of(cmd(Type.CREATE_META_NODE, MetaProto.CreateMetaNodeCommand.createMetaNode,
                        MetaProto.CreateMetaNodeCommand.newBuilder().setHttpAddr("127.0.0.3:8091").setTcpAddr("127.0.0.3:8088")
                                .setRand(5).build())), d -> {
                    assertThat(d.metaNodes()).extracting(NodeInfo::id).containsExactly(1L, 2L);
                    assertThat(d.clusterId()).isEqualTo(77); // set once, by the first node
                }),
                new Case(Type.DELETE_META_NODE, List.of(cmd(Type.DELETE_META_NODE, MetaProto.DeleteMetaNodeCommand.deleteMetaNode,
                        MetaProto.DeleteMetaNodeCommand.newBuilder().setId(1).build())), d -> assertThat(d.metaNodes()).isEmpty()),
                new Case(Type.UPDATE_DATA_NODE, List.of(cmd(Type.UPDATE_DATA_NODE, MetaProto.UpdateDataNodeCommand.updateDataNode,
                        MetaProto.UpdateDataNodeCommand.newBuilder().setId(1).setHost("h:1").setTcpHost("h:2").build())),
                        d -> assertThat(d.dataNodes()).containsExactly(new NodeInfo(1, "h:1", "h:2"))),
                new Case(Type.DELETE_DATA_NODE, List.of(createDataNode("127.0.0.2:8086", "127.0.0.2:8088"),
                        createShardGroup("db one", "default", NEW_YEAR),
                        cmd(Type.DELETE_DATA_NODE, MetaProto.DeleteDataNodeCommand.deleteDataNode,
                                MetaProto.DeleteDataNodeCommand.newBuilder().setId(2).build())), d -> {
                    assertThat(d.dataNodes()).extracting(NodeInfo::id).containsExactly(1L);
                    // replicaN 1, two nodes: two shards, one per node; the shard of node 2 moves to node 1
                    ShardGroupInfo g = rp(d, "db one", "default").shardGroups().get(0);
                    assertThat(g.shards()).hasSize(2);
                    assertThat(g.shards()).allSatisfy(s -> assertThat(s.owners()).containsExactly(1L));
                    assertThat(g.deleted()).isFalse();
                }),
                new Case(Type.CREATE_NODE, List.of(cmd(Type.CREATE_NODE, MetaProto.CreateNodeCommand.createNode,
                        MetaProto.CreateNodeCommand.newBuilder().setHost("old:8088").setRand(9).build())), d -> {
                    // one meta node: 0.11 filed the pre-0.10 node as a data node with the meta node's id
                    assertThat(d.dataNodes()).contains(new NodeInfo(1, "old:8088", "old:8088"));
                }),
                new Case(Type.DELETE_NODE, List.of(cmd(Type.DELETE_NODE, MetaProto.DeleteNodeCommand.deleteNode,
                        MetaProto.DeleteNodeCommand.newBuilder().setId(1).setForce(true).build())),
                        d -> assertThat(d.dataNodes()).hasSize(1)),
                new Case(Type.UPDATE_NODE, List.of(cmd(Type.UPDATE_NODE, MetaProto.UpdateNodeCommand.updateNode,
                        MetaProto.UpdateNodeCommand.newBuilder().setId(1).setHost("x:1").build())),
                        d -> assertThat(d.dataNodes().get(0).host()).isEqualTo("127.0.0.1:8086")),
                new Case(Type.REMOVE_PEER, List.of(cmd(Type.REMOVE_PEER, MetaProto.RemovePeerCommand.removePeer,
                        MetaProto.RemovePeerCommand.newBuilder().setId(1).setAddr("127.0.0.1:8088").build())),
                        d -> assertThat(d.metaNodes()).hasSize(1)),
                new Case(Type.CREATE_DATABASE, List.of(), d -> {
                    RetentionPolicyInfo r = rp(d, "db one", "default");
                    assertThat(db(d, "db one").defaultRetentionPolicy()).isEqualTo("default");
                    assertThat(r.duration()).isZero();
                    assertThat(r.shardGroupDuration()).isEqualTo(7 * DAY);
                    assertThat(r.replicaN()).isEqualTo(1);
                }),
                new Case(Type.CREATE_DATABASE, List.of(cmd(Type.CREATE_DATABASE, MetaProto.CreateDatabaseCommand.createDatabase,
                        MetaProto.CreateDatabaseCommand.newBuilder().setName("with rp").setRetentionPolicy(
                                MetaProto.RetentionPolicyInfo.newBuilder().setName("week").setDuration(7 * DAY).setShardGroupDuration(HOUR)
                                        .setReplicaN(1)).build())), d -> {
                    // 0.11: CREATE DATABASE ... WITH: that RP, the default; its shard group duration from the duration
                    assertThat(db(d, "with rp").retentionPolicies()).extracting(RetentionPolicyInfo::name).containsExactly("week");
                    assertThat(db(d, "with rp").defaultRetentionPolicy()).isEqualTo("week");
                    assertThat(rp(d, "with rp", "week").shardGroupDuration()).isEqualTo(DAY);
                }),
                new Case(Type.DROP_DATABASE, List.of(createDb("two"), cmd(Type.DROP_DATABASE, MetaProto.DropDatabaseCommand.dropDatabase,
                        MetaProto.DropDatabaseCommand.newBuilder().setName("db one").build())),
                        d -> assertThat(d.databases()).extracting(DatabaseInfo::name).containsExactly("two")),
                new Case(Type.CREATE_RETENTION_POLICY, List.of(createRp("db one", "two days", 2 * DAY, 1), createRp("db one", "short", HOUR, 1)),
                        d -> {
                            assertThat(rp(d, "db one", "two days").shardGroupDuration()).isEqualTo(DAY);
                            assertThat(rp(d, "db one", "short").shardGroupDuration()).isEqualTo(HOUR);
                            assertThat(db(d, "db one").defaultRetentionPolicy()).isEqualTo("default");
                        }),
                new Case(Type.DROP_RETENTION_POLICY, List.of(createRp("db one", "x", HOUR, 1), cmd(Type.DROP_RETENTION_POLICY,
                        MetaProto.DropRetentionPolicyCommand.dropRetentionPolicy,
                        MetaProto.DropRetentionPolicyCommand.newBuilder().setDatabase("db one").setName("x").build())),
                        d -> assertThat(db(d, "db one").retentionPolicies()).extracting(RetentionPolicyInfo::name).containsExactly("default")),
                new Case(Type.SET_DEFAULT_RETENTION_POLICY, List.of(createRp("db one", "x", HOUR, 1), cmd(Type.SET_DEFAULT_RETENTION_POLICY,
                        MetaProto.SetDefaultRetentionPolicyCommand.setDefaultRetentionPolicy,
                        MetaProto.SetDefaultRetentionPolicyCommand.newBuilder().setDatabase("db one").setName("x").build()),
                        // a missing RP is refused, as 0.11 did: the default stays "x"
                        cmd(Type.SET_DEFAULT_RETENTION_POLICY, MetaProto.SetDefaultRetentionPolicyCommand.setDefaultRetentionPolicy,
                                MetaProto.SetDefaultRetentionPolicyCommand.newBuilder().setDatabase("db one").setName("nope").build())),
                        d -> assertThat(db(d, "db one").defaultRetentionPolicy()).isEqualTo("x")),
                new Case(Type.UPDATE_RETENTION_POLICY, List.of(createRp("db one", "x", HOUR, 1),
                        cmd(Type.UPDATE_RETENTION_POLICY, MetaProto.UpdateRetentionPolicyCommand.updateRetentionPolicy,
                                MetaProto.UpdateRetentionPolicyCommand.newBuilder().setDatabase("db one").setName("x").setNewName("y")
                                        .setDuration(200 * DAY).build())), d -> {
                    RetentionPolicyInfo r = rp(d, "db one", "y");
                    assertThat(r.duration()).isEqualTo(200 * DAY);
                    assertThat(r.shardGroupDuration()).isEqualTo(7 * DAY);
                    assertThat(r.replicaN()).isEqualTo(1); // not in the update: unchanged
                    assertThat(db(d, "db one").retentionPolicy("x")).isEmpty();
                }),
                new Case(Type.CREATE_SHARD_GROUP, List.of(createShardGroup("db one", "default", NEW_YEAR + 5 * HOUR),
                        createShardGroup("db one", "default", NEW_YEAR + 6 * HOUR)), d -> {
                    List<ShardGroupInfo> gs = rp(d, "db one", "default").shardGroups();
                    assertThat(gs).hasSize(1); // the second timestamp falls into the first group
                    ShardGroupInfo g = gs.get(0);
                    assertThat(g.id()).isEqualTo(1);
                    // Go truncates from its zero time (a Monday): the week starts Monday 2025-12-29, not Thursday
                    assertThat(g.startTime()).isEqualTo(Instant.parse("2025-12-29T00:00:00Z").getEpochSecond() * 1_000_000_000L);
                    assertThat(g.endTime() - g.startTime()).isEqualTo(7 * DAY);
                    assertThat(g.shards()).hasSize(1);
                    assertThat(g.shards().get(0).id()).isEqualTo(1);
                    assertThat(g.shards().get(0).owners()).containsExactly(1L);
                    assertThat(d.maxShardGroupId()).isEqualTo(1);
                    assertThat(d.maxShardId()).isEqualTo(1);
                }),
                new Case(Type.DELETE_SHARD_GROUP, List.of(createShardGroup("db one", "default", NEW_YEAR),
                        createShardGroup("db one", "default", NEW_YEAR - 30 * DAY),
                        cmd(Type.DELETE_SHARD_GROUP, MetaProto.DeleteShardGroupCommand.deleteShardGroup,
                                MetaProto.DeleteShardGroupCommand.newBuilder().setDatabase("db one").setPolicy("default").setShardGroupId(1).build()),
                        createShardGroup("db one", "default", NEW_YEAR)), d -> {
                    List<ShardGroupInfo> gs = rp(d, "db one", "default").shardGroups();
                    // sorted by start time; group 1 marked deleted (kept); a new group 3 replaces it
                    assertThat(gs).extracting(ShardGroupInfo::id).containsExactly(2L, 1L, 3L);
                    assertThat(gs.get(1).deletedAt()).isEqualTo(DELETED_AT);
                    assertThat(gs.get(2).deleted()).isFalse();
                    assertThat(d.maxShardId()).isEqualTo(3);
                }),
                new Case(Type.DROP_SHARD, List.of(createShardGroup("db one", "default", NEW_YEAR), cmd(Type.DROP_SHARD,
                        MetaProto.DropShardCommand.dropShard, MetaProto.DropShardCommand.newBuilder().setId(1).build())),
                        d -> assertThat(rp(d, "db one", "default").shardGroups().get(0).shards()).isEmpty()),
                new Case(Type.CREATE_CONTINUOUS_QUERY, List.of(createCq("db one", "cq \"1\"", "CREATE CONTINUOUS QUERY ..."),
                        createCq("db one", "cq \"1\"", "a second one of the same name is refused")),
                        d -> assertThat(db(d, "db one").continuousQueries()).containsExactly(
                                new MetaData.ContinuousQueryInfo("cq \"1\"", "CREATE CONTINUOUS QUERY ..."))),
                new Case(Type.DROP_CONTINUOUS_QUERY, List.of(createCq("db one", "a", "q"), createCq("db one", "b", "q"),
                        cmd(Type.DROP_CONTINUOUS_QUERY, MetaProto.DropContinuousQueryCommand.dropContinuousQuery,
                                MetaProto.DropContinuousQueryCommand.newBuilder().setDatabase("db one").setName("a").build())),
                        d -> assertThat(db(d, "db one").continuousQueries()).extracting(MetaData.ContinuousQueryInfo::name).containsExactly("b")),
                new Case(Type.CREATE_SUBSCRIPTION, List.of(createSub("db one", "default", "s1")), d -> {
                    assertThat(rp(d, "db one", "default").subscriptions()).containsExactly(
                            new MetaData.SubscriptionInfo("s1", "ANY", List.of("udp://127.0.0.1:9999")));
                }),
                new Case(Type.DROP_SUBSCRIPTION, List.of(createSub("db one", "default", "s1"), cmd(Type.DROP_SUBSCRIPTION,
                        MetaProto.DropSubscriptionCommand.dropSubscription,
                        MetaProto.DropSubscriptionCommand.newBuilder().setDatabase("db one").setRetentionPolicy("default").setName("s1").build())),
                        d -> assertThat(rp(d, "db one", "default").subscriptions()).isEmpty()),
                new Case(Type.CREATE_USER, List.of(createUser("admin", "h", true), createUser("bob", "refused: exists", true)), d -> {
                    assertThat(d.user("admin").orElseThrow().admin()).isTrue();
                    assertThat(d.user("bob").orElseThrow().admin()).isFalse();
                    assertThat(d.user("bob").orElseThrow().passwordHash()).isEqualTo(Secret.of("$2a$10$hash-of-bob"));
                }),
                new Case(Type.DROP_USER, List.of(dropUser("bob")), d -> assertThat(d.users()).isEmpty()),
                new Case(Type.UPDATE_USER, List.of(cmd(Type.UPDATE_USER, MetaProto.UpdateUserCommand.updateUser,
                        MetaProto.UpdateUserCommand.newBuilder().setName("bob").setHash("new").build())),
                        d -> assertThat(d.user("bob").orElseThrow().passwordHash()).isEqualTo(Secret.of("new"))),
                new Case(Type.SET_PRIVILEGE, List.of(setPrivilege("bob", "db one", 1), setPrivilege("bob", "other", 3),
                        setPrivilege("bob", "db one", 2)),
                        d -> assertThat(d.user("bob").orElseThrow().privileges()).isEqualTo(
                                Map.of("db one", Privilege.WRITE, "other", Privilege.ALL))),
                new Case(Type.SET_ADMIN_PRIVILEGE, List.of(cmd(Type.SET_ADMIN_PRIVILEGE, MetaProto.SetAdminPrivilegeCommand.setAdminPrivilege,
                        MetaProto.SetAdminPrivilegeCommand.newBuilder().setUsername("bob").setAdmin(true).build())),
                        d -> assertThat(d.user("bob").orElseThrow().admin()).isTrue()),
                new Case(Type.SET_DATA, List.of(cmd(Type.SET_DATA, MetaProto.SetDataCommand.setData,
                        MetaProto.SetDataCommand.newBuilder().setData(MetaStoreCodec.toProto(MetaFixtures.raftEra())).build()),
                        createDb("after")), d -> {
                    // everything replaced by the payload, then the next entry applied on top
                    assertThat(d.databases()).extracting(DatabaseInfo::name).containsAll(
                            MetaFixtures.raftEra().databases().stream().map(DatabaseInfo::name).toList()).contains("after")
                            .doesNotContain("db one");
                    assertThat(d.users()).extracting(UserInfo::name).doesNotContain("bob");
                    assertThat(d.clusterId()).isEqualTo(MetaFixtures.raftEra().clusterId());
                }));
    }

    static byte[] setPrivilege(String user, String db, int p) {
        return cmd(Type.SET_PRIVILEGE, MetaProto.SetPrivilegeCommand.setPrivilege,
                MetaProto.SetPrivilegeCommand.newBuilder().setUsername(user).setDatabase(db).setPrivilege(p).build());
    }

    @TestFactory
    Stream<DynamicTest> everyCommandTypeIsApplied() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.type().name(), () -> {
            List<byte[]> all = base();
            all.addAll(c.then());
            RaftReplay.Result r = replay(all);
            assertThat(r.applied()).isEqualTo(all.size());
            assertThat(r.data().index()).isEqualTo(all.size());
            assertThat(r.data().term()).isEqualTo(2);
            c.check().accept(r.data());
        }));
    }

    @Test
    void theTableCoversEveryCommandType() {
        Set<Type> covered = cases().stream().map(Case::type).collect(Collectors.toCollection(() -> EnumSet.noneOf(Type.class)));
        assertThat(covered).containsExactlyInAnyOrderElementsOf(Arrays.asList(Type.values()));
    }

    @Test
    void orderMatters() {
        List<byte[]> createThenDrop = base();
        createThenDrop.addAll(List.of(createUser("eve", "h", false), dropUser("eve")));
        List<byte[]> dropThenCreate = base();
        dropThenCreate.addAll(List.of(dropUser("eve"), createUser("eve", "h", false)));
        assertThat(replay(createThenDrop).data().user("eve")).isEmpty();
        assertThat(replay(dropThenCreate).data().user("eve")).isPresent();
    }

    @Test
    void shardOwnersRoundRobinFromTheIndexBeforeTheEntry() {
        List<byte[]> cmds = base();
        cmds.add(createDataNode("127.0.0.2:8086", "127.0.0.2:8088"));
        cmds.add(createDataNode("127.0.0.3:8086", "127.0.0.3:8088"));
        cmds.add(createRp("db one", "r2", HOUR, 2));
        cmds.add(createShardGroup("db one", "r2", NEW_YEAR)); // entry 8: Data.Index is 7 then
        MetaData d = replay(cmds).data();
        ShardGroupInfo g = rp(d, "db one", "r2").shardGroups().get(0);
        // 3 nodes / replicaN 2 = 1 shard; owners start at node index 7 % 3 = 1 -> nodes 2, 3
        assertThat(g.shards()).hasSize(1);
        assertThat(g.shards().get(0).owners()).containsExactly(2L, 3L);
        assertThat(g.startTime()).isEqualTo(NEW_YEAR);
        assertThat(g.endTime()).isEqualTo(NEW_YEAR + HOUR);
    }

    @Test
    void nonCommandEntriesAreSkippedAndDoNotMoveTheIndex() {
        List<RaftLogs.Raw> raw = raws(1, 2, base());
        raw.add(new RaftLogs.Raw(5, RaftLogs.encode(new RaftLogs.Entry(5, 3, RaftLogs.NOOP, new byte[0]))));
        raw.add(new RaftLogs.Raw(6, RaftLogs.encode(new RaftLogs.Entry(6, 3, RaftLogs.ADD_PEER,
                RaftLogs.rawStringArray(List.of("127.0.0.1:8088"))))));
        raw.add(new RaftLogs.Raw(7, RaftLogs.encode(new RaftLogs.Entry(7, 3, RaftLogs.BARRIER, new byte[0]))));
        RaftReplay.Result r = RaftReplay.replay("test log", raw, null, null, DELETED_AT);
        assertThat(r.applied()).isEqualTo(4);
        assertThat(r.skipped()).isEqualTo(3);
        assertThat(r.data().index()).isEqualTo(4);
        assertThat(r.origin()).isEqualTo("no snapshot: 7 log entries");
    }

    @Test
    void aTornLastEntryIsSkippedWithAWarning() {
        List<byte[]> cmds = base();
        cmds.add(createDb("torn"));
        List<RaftLogs.Raw> raw = raws(1, 2, cmds);
        RaftLogs.Raw last = raw.remove(raw.size() - 1);
        raw.add(new RaftLogs.Raw(last.key(), Arrays.copyOf(last.value(), last.value().length - 3)));
        RaftReplay.Result r = RaftReplay.replay("test log", raw, null, null, DELETED_AT);
        assertThat(r.data().database("torn")).isEmpty();
        assertThat(r.data().database("db one")).isPresent();
        assertThat(r.data().index()).isEqualTo(4);
        assertThat(String.join("\n", r.warnings())).contains("last log entry, index 5, is torn").contains("skipped");
    }

    @Test
    void aTornProtobufInTheLastEntryIsSkippedToo() {
        List<RaftLogs.Raw> raw = raws(1, 2, base());
        byte[] cut = Arrays.copyOf(createDb("a long enough name"), 8);
        raw.add(new RaftLogs.Raw(5, RaftLogs.encode(new RaftLogs.Entry(5, 2, RaftLogs.COMMAND, cut))));
        RaftReplay.Result r = RaftReplay.replay("test log", raw, null, null, DELETED_AT);
        assertThat(String.join("\n", r.warnings())).contains("index 5, is torn").contains("not a valid protobuf");
        assertThat(r.data().databases()).extracting(DatabaseInfo::name).containsExactly("db one");
    }

    @Test
    void damageBeforeTheLastEntryFailsNamingTheIndex() {
        List<byte[]> cmds = base();
        cmds.add(createDb("later"));
        List<RaftLogs.Raw> raw = raws(1, 2, cmds);
        RaftLogs.Raw third = raw.get(2);
        raw.set(2, new RaftLogs.Raw(third.key(), Arrays.copyOf(third.value(), third.value().length - 3)));
        assertThatThrownBy(() -> RaftReplay.replay("test log", raw, null, null, DELETED_AT))
                .isInstanceOfSatisfying(UpgradeException.class, e -> {
                    assertThat(e.kind()).isEqualTo(UpgradeException.Kind.FAILED);
                    assertThat(e.getMessage()).contains("log entry 3 is damaged").contains("msgpack");
                });
    }

    @Test
    void anUnknownCommandTypeFailsNamingIndexAndType() {
        List<RaftLogs.Raw> raw = raws(1, 2, base());
        byte[] odd = MetaProto.Command.newBuilder().setType(99).build().toByteArray();
        raw.add(new RaftLogs.Raw(5, RaftLogs.encode(new RaftLogs.Entry(5, 2, RaftLogs.COMMAND, odd))));
        raw.add(new RaftLogs.Raw(6, RaftLogs.encode(new RaftLogs.Entry(6, 2, RaftLogs.NOOP, new byte[0]))));
        assertThatThrownBy(() -> RaftReplay.replay("test log", raw, null, null, DELETED_AT))
                .isInstanceOfSatisfying(UpgradeException.class, e -> assertThat(e.getMessage())
                        .contains("log entry 5").contains("unknown metastore command type 99"));
    }

    @Test
    void aCommandWithoutItsPayloadFailsNamingTheIndex() {
        List<RaftLogs.Raw> raw = raws(1, 2, base());
        byte[] bare = MetaProto.Command.newBuilder().setType(Type.CREATE_USER.getNumber()).build().toByteArray();
        raw.addAll(raws(5, 2, List.of(bare, createDb("x"))));
        assertThatThrownBy(() -> RaftReplay.replay("test log", raw, null, null, DELETED_AT))
                .hasMessageContaining("log entry 5").hasMessageContaining("without its payload (field 113)");
    }

    // ---- whole meta dirs through MetaSources -----------------------------------------------------------------

    @Test
    void aMetaDirWithoutSnapshotIsReplayedFromAnEmptyMetastore() {
        RaftLogs.write(tmp, entries(1, base()), 2);
        MetaSnapshot s = MetaSources.read(tmp);
        assertThat(s.format()).isEqualTo("raft: no snapshot: 4 log entries");
        assertThat(s.raft()).isTrue();
        assertThat(s.data()).isEqualTo(replay(base()).data());
        assertThat(s.data().database("db one")).isPresent();
        assertThat(MetaShowCommand.report(s, null, null).format()).isEqualTo("raft: no snapshot: 4 log entries");
    }

    @Test
    void snapshotPlusTailReplaysOnlyEntriesAfterTheSnapshot() {
        MetaData snap = replay(base()).data(); // the state at index 4
        RaftSnapshotFormat.write(tmp, snap, 2, 4, 1_000, List.of("127.0.0.1:8088"));
        List<byte[]> all = base();
        all.add(createDb("tail"));
        all.add(createUser("carol", "h", true));
        // entries 1..4 are in the snapshot: a changed entry 3 shows whether they are applied again (they must not be)
        all.set(2, createDb("must not appear"));
        RaftLogs.write(tmp, entries(1, all), 2);
        MetaSnapshot s = MetaSources.read(tmp);
        assertThat(s.format()).isEqualTo("raft: snapshot 4 + 2 log entries");
        assertThat(s.data().databases()).extracting(DatabaseInfo::name).containsExactly("db one", "tail");
        assertThat(s.data().user("carol")).isPresent();
        assertThat(s.data().index()).isEqualTo(6);
        assertThat(s.notIncludedLogEntries()).isZero();
    }

    @Test
    void aGapAfterTheSnapshotIsAWarning() {
        RaftSnapshotFormat.write(tmp, replay(base()).data(), 2, 4, 1_000, List.of());
        RaftLogs.write(tmp, entries(9, List.of(createDb("late"))), 2);
        MetaSnapshot s = MetaSources.read(tmp);
        assertThat(String.join("\n", s.warnings())).contains("starts at index 9, not 5");
        assertThat(s.data().database("late")).isPresent();
    }

    @Test
    void msgpackDecodeReadsWhatTheWriterWrote() throws Exception {
        byte[] data = new byte[70_000]; // str32
        data[5] = 7;
        RaftLogs.Entry e = new RaftLogs.Entry(1L << 33, 300, RaftLogs.COMMAND, data);
        byte[] enc = RaftLogs.encode(e);
        assertThat(enc[enc.length - data.length - 5] & 0xff).isEqualTo(0xdb);
        RaftLogs.Entry back = RaftLogs.decode(enc);
        assertThat(back.index()).isEqualTo(1L << 33);
        assertThat(back.term()).isEqualTo(300);
        assertThat(back.data()).isEqualTo(data);
        // a 40-byte key or value is str16 (go-msgpack's old raw), never str8
        byte[] mid = RaftLogs.encode(new RaftLogs.Entry(1, 1, 0, new byte[40]));
        assertThat(mid[mid.length - 43] & 0xff).isEqualTo(0xda);
    }

    static List<RaftLogs.Entry> entries(long first, List<byte[]> commands) {
        List<RaftLogs.Entry> out = new ArrayList<>();
        for (byte[] c : commands) {
            out.add(new RaftLogs.Entry(first, 2, RaftLogs.COMMAND, c));
            first++;
        }
        return out;
    }
}
