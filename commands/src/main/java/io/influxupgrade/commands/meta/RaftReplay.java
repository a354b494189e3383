package io.influxupgrade.commands.meta;

import com.google.protobuf.ExtensionRegistry;
import com.google.protobuf.InvalidProtocolBufferException;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.meta.proto.MetaProto;
import io.influxupgrade.commands.meta.proto.MetaProto.Command.Type;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * Replays the raft log of a 0.10/0.11 meta dir the way the 0.11.1 metastore FSM applied it: the state of the
 * newest snapshot (or an empty metastore when there is none), then every log entry after the snapshot's
 * index, in order. Noop, AddPeer, RemovePeer and Barrier entries change nothing (counted as skipped); after
 * each Command entry Data.Term/Index take the entry's term and index, whether or not its command changed anything
 * (a command the FSM refused, e.g. CREATE USER of an existing user, leaves the data as it was, as in InfluxDB).
 * A torn last entry (a crash while raft appended it) is skipped with a warning; damage to an earlier entry is
 * FAILED naming its index, and so is a command type the FSM does not know.
 *
 * <p>Two inputs the log does not hold are assumed: {@code [meta] retention-autocreate} is on (its default;
 * CREATE DATABASE without an RP then creates RP "default"), and a DeleteShardGroup's DeletedAt, which 0.11 took
 * from its clock, is {@code deletedAtNanos} (callers pass raft.db's modification time, the latest it can be).
 */
public final class RaftReplay {

    private static final long HOUR = 3_600_000_000_000L;
    private static final long DAY = 24 * HOUR;
    /** Seconds from Go's zero time (Jan 1, year 1 UTC) to the Unix epoch; Go's Time.Truncate counts from the former. */
    private static final BigInteger ZERO_TO_UNIX_NANOS = BigInteger.valueOf(62_135_596_800L).multiply(BigInteger.valueOf(1_000_000_000L));
    private static final ExtensionRegistry REGISTRY = ExtensionRegistry.newInstance();

    static {
        MetaProto.registerAllExtensions(REGISTRY);
    }

    private RaftReplay() {
    }

    /**
     * The replayed state. {@code snapshotIndex} is null when there was no snapshot; {@code applied} counts
     * Command entries, {@code skipped} the others (torn last entry included).
     */
    public record Result(MetaData data, Long snapshotIndex, long applied, long skipped, List<String> warnings) {
        public Result {
            warnings = List.copyOf(warnings);
        }

        /** Entries read after the snapshot. */
        public long entries() {
            return applied + skipped;
        }

        /** "snapshot N + M log entries" or "no snapshot: M log entries". */
        public String origin() {
            long m = entries();
            String entries = m + " log " + (m == 1 ? "entry" : "entries");
            return snapshotIndex == null ? "no snapshot: " + entries : "snapshot " + snapshotIndex + " + " + entries;
        }
    }

    /** Replays raft.db's entries after {@code snapshotIndex} (null: no snapshot, all entries) onto {@code base}. */
    public static Result replay(Path raftDb, MetaData base, Long snapshotIndex, long deletedAtNanos) {
        List<RaftLogs.Raw> raw = RaftLogs.readAfter(raftDb, snapshotIndex == null ? -1 : snapshotIndex);
        return replay("raft.db " + raftDb, raw, base, snapshotIndex, deletedAtNanos);
    }

    static Result replay(String what, List<RaftLogs.Raw> raw, MetaData base, Long snapshotIndex, long deletedAtNanos) {
        MetaProto.Data.Builder d = base == null ? empty() : MetaStoreCodec.toProto(base).toBuilder();
        List<String> warnings = new ArrayList<>();
        long applied = 0;
        long skipped = 0;
        long expectFirst = snapshotIndex == null ? 1 : snapshotIndex + 1;
        if (!raw.isEmpty() && raw.get(0).key() != expectFirst) {
            warnings.add(what + ": the log after " + (snapshotIndex == null ? "no snapshot" : "snapshot " + snapshotIndex)
                    + " starts at index " + Long.toUnsignedString(raw.get(0).key()) + ", not " + expectFirst
                    + ": entries in between are gone, so the replayed state may lack changes");
        }
        for (int i = 0; i < raw.size(); i++) {
            RaftLogs.Raw r = raw.get(i);
            boolean last = i == raw.size() - 1;
            RaftLogs.Entry e;
            MetaProto.Command cmd = null;
            try {
                e = RaftLogs.decode(r.value());
                if (e.index() != r.key()) {
                    throw new IllegalArgumentException("it says index " + Long.toUnsignedString(e.index()));
                }
                if (e.type() == RaftLogs.COMMAND) {
                    cmd = MetaProto.Command.parseFrom(e.data(), REGISTRY);
                }
            } catch (IOException | IllegalArgumentException ex) {
                String why = ex instanceof InvalidProtocolBufferException ? "its metastore command is not a valid protobuf"
                        : ex instanceof IOException ? "its msgpack is cut short or invalid" : ex.getMessage();
                if (last) {
                    warnings.add(what + ": the last log entry, index " + Long.toUnsignedString(r.key()) + ", is torn (" + why
                            + ") and was skipped; raft never applied it if the server crashed while writing it");
                    skipped++;
                    continue;
                }
                throw UpgradeException.failed(what + ": log entry " + Long.toUnsignedString(r.key()) + " is damaged (" + why
                        + "); later entries cannot be applied" + MetaStoreCodec.CORRUPT);
            }
            if (cmd == null) {
                if (e.type() < RaftLogs.NOOP || e.type() > RaftLogs.BARRIER) {
                    throw UpgradeException.failed(what + ": log entry " + Long.toUnsignedString(e.index()) + " has raft log type "
                            + e.type() + ", which 0.10/0.11 never wrote" + MetaStoreCodec.CORRUPT);
                }
                skipped++;
            } else {
                try {
                    apply(d, cmd, deletedAtNanos, warnings);
                } catch (IllegalArgumentException ex) {
                    throw UpgradeException.failed(what + ": log entry " + Long.toUnsignedString(e.index()) + ": " + ex.getMessage()
                            + MetaStoreCodec.CORRUPT);
                }
                applied++;
                d.setTerm(e.term()).setIndex(e.index());
            }
        }
        MetaStoreCodec.Decoded out = MetaStoreCodec.decodeWithWarnings(d.build().toByteArray(), what + " (replayed)");
        warnings.addAll(out.warnings());
        return new Result(out.data(), snapshotIndex, applied, skipped, warnings);
    }

    /** Removes the first of {@code items} named {@code name}, as the FSM's drop commands did; none: no change. */
    private static <T> void removeNamed(List<T> items, Function<T, String> nameOf, String name, IntConsumer remove) {
        for (int i = 0; i < items.size(); i++) {
            if (nameOf.apply(items.get(i)).equals(name)) {
                remove.accept(i);
                return;
            }
        }
    }

    private static MetaProto.Data.Builder empty() {
        return MetaProto.Data.newBuilder().setTerm(0).setIndex(0).setClusterId(0).setMaxNodeId(0).setMaxShardGroupId(0)
                .setMaxShardId(0);
    }

    /** Applies one command as 0.11.1's FSM did; a command the FSM refused changes nothing. */
    static void apply(MetaProto.Data.Builder d, MetaProto.Command cmd, long deletedAtNanos, List<String> warnings) {
        Type type = Type.forNumber(cmd.getType());
        if (type == null) {
            throw new IllegalArgumentException("unknown metastore command type " + cmd.getType()
                    + " (0.10/0.11 know 1-29)");
        }
        switch (type) {
            case CREATE_NODE -> {
                var v = need(cmd, MetaProto.CreateNodeCommand.createNode, type);
                // 0.11 also made the node a meta node when it was a raft peer; the peer list is not in the log.
                if (d.getMetaNodesCount() == 1) {
                    setDataNode(d, d.getMetaNodes(0).getId(), v.getHost(), v.getHost());
                } else {
                    createDataNode(d, v.getHost(), v.getHost());
                }
                if (d.getClusterId() == 0) {
                    d.setClusterId(v.getRand());
                }
            }
            case DELETE_NODE, UPDATE_NODE, REMOVE_PEER -> {
                // no-ops in 0.10/0.11 (RemovePeer only changes raft's peer set)
            }
            case CREATE_DATABASE -> {
                var v = need(cmd, MetaProto.CreateDatabaseCommand.createDatabase, type);
                String name = v.getName();
                if (name.isEmpty()) {
                    return;
                }
                MetaProto.Data.Builder other = d.clone();
                if (db(other, name) == null) {
                    other.addDatabases(MetaProto.DatabaseInfo.newBuilder().setName(name).setDefaultRetentionPolicy(""));
                }
                MetaProto.RetentionPolicyInfo rp;
                if (v.hasRetentionPolicy()) {
                    rp = v.getRetentionPolicy();
                } else {
                    int replicaN = Math.max(1, Math.min(3, other.getDataNodesCount()));
                    rp = MetaProto.RetentionPolicyInfo.newBuilder().setName("default").setDuration(0).setReplicaN(replicaN).build();
                }
                if (!createRetentionPolicy(other, name, rp.getName(), rp.getDuration(), rp.getReplicaN())
                        || !setDefault(other, name, rp.getName())) {
                    return;
                }
                copy(other, d);
            }
            case DROP_DATABASE -> {
                var v = need(cmd, MetaProto.DropDatabaseCommand.dropDatabase, type);
                removeNamed(d.getDatabasesList(), MetaProto.DatabaseInfo::getName, v.getName(), d::removeDatabases);
            }
            case CREATE_RETENTION_POLICY -> {
                var v = need(cmd, MetaProto.CreateRetentionPolicyCommand.createRetentionPolicy, type);
                var rp = v.getRetentionPolicy();
                createRetentionPolicy(d, v.getDatabase(), rp.getName(), rp.getDuration(), rp.getReplicaN());
            }
            case DROP_RETENTION_POLICY -> {
                var v = need(cmd, MetaProto.DropRetentionPolicyCommand.dropRetentionPolicy, type);
                inDatabase(d, v.getDatabase(), db -> removeNamed(db.getRetentionPoliciesList(), MetaProto.RetentionPolicyInfo::getName,
                        v.getName(), db::removeRetentionPolicies));
            }
            case SET_DEFAULT_RETENTION_POLICY -> {
                var v = need(cmd, MetaProto.SetDefaultRetentionPolicyCommand.setDefaultRetentionPolicy, type);
                setDefault(d, v.getDatabase(), v.getName());
            }
            case UPDATE_RETENTION_POLICY -> {
                var v = need(cmd, MetaProto.UpdateRetentionPolicyCommand.updateRetentionPolicy, type);
                MetaProto.RetentionPolicyInfo.Builder rp = rp(d, v.getDatabase(), v.getName());
                if (rp == null) {
                    return;
                }
                if (v.hasNewName() && !v.getNewName().equals(v.getName()) && rp(d, v.getDatabase(), v.getNewName()) != null) {
                    return;
                }
                if (v.hasDuration() && v.getDuration() != 0 && v.getDuration() < HOUR) {
                    return;
                }
                if (v.hasNewName()) {
                    rp.setName(v.getNewName());
                }
                if (v.hasDuration()) {
                    rp.setDuration(v.getDuration()).setShardGroupDuration(shardGroupDuration(v.getDuration()));
                }
                if (v.hasReplicaN()) {
                    rp.setReplicaN(v.getReplicaN());
                }
            }
            case CREATE_SHARD_GROUP -> {
                var v = need(cmd, MetaProto.CreateShardGroupCommand.createShardGroup, type);
                createShardGroup(d, v.getDatabase(), v.getPolicy(), v.getTimestamp());
            }
            case DELETE_SHARD_GROUP -> {
                var v = need(cmd, MetaProto.DeleteShardGroupCommand.deleteShardGroup, type);
                MetaProto.RetentionPolicyInfo.Builder rp = rp(d, v.getDatabase(), v.getPolicy());
                if (rp != null) {
                    for (MetaProto.ShardGroupInfo.Builder g : rp.getShardGroupsBuilderList()) {
                        if (g.getId() == v.getShardGroupId()) {
                            g.setDeletedAt(deletedAtNanos);
                            break;
                        }
                    }
                }
            }
            case CREATE_CONTINUOUS_QUERY -> {
                var v = need(cmd, MetaProto.CreateContinuousQueryCommand.createContinuousQuery, type);
                inDatabase(d, v.getDatabase(), db -> {
                    if (named(db.getContinuousQueriesList(), MetaProto.ContinuousQueryInfo::getName, v.getName()) == null) {
                        db.addContinuousQueries(MetaProto.ContinuousQueryInfo.newBuilder().setName(v.getName()).setQuery(v.getQuery()));
                    }
                });
            }
            case DROP_CONTINUOUS_QUERY -> {
                var v = need(cmd, MetaProto.DropContinuousQueryCommand.dropContinuousQuery, type);
                inDatabase(d, v.getDatabase(), db -> removeNamed(db.getContinuousQueriesList(), MetaProto.ContinuousQueryInfo::getName,
                        v.getName(), db::removeContinuousQueries));
            }
            case CREATE_SUBSCRIPTION -> {
                var v = need(cmd, MetaProto.CreateSubscriptionCommand.createSubscription, type);
                MetaProto.RetentionPolicyInfo.Builder rp = rp(d, v.getDatabase(), v.getRetentionPolicy());
                if (rp != null && rp.getSubscriptionsList().stream().noneMatch(s -> s.getName().equals(v.getName()))) {
                    rp.addSubscriptions(MetaProto.SubscriptionInfo.newBuilder().setName(v.getName()).setMode(v.getMode())
                            .addAllDestinations(v.getDestinationsList()));
                }
            }
            case DROP_SUBSCRIPTION -> {
                var v = need(cmd, MetaProto.DropSubscriptionCommand.dropSubscription, type);
                MetaProto.RetentionPolicyInfo.Builder rp = rp(d, v.getDatabase(), v.getRetentionPolicy());
                if (rp != null) {
                    removeNamed(rp.getSubscriptionsList(), MetaProto.SubscriptionInfo::getName, v.getName(), rp::removeSubscriptions);
                }
            }
            case CREATE_USER -> {
                var v = need(cmd, MetaProto.CreateUserCommand.createUser, type);
                if (!v.getName().isEmpty() && user(d, v.getName()) == null) {
                    d.addUsers(MetaProto.UserInfo.newBuilder().setName(v.getName()).setHash(v.getHash()).setAdmin(v.getAdmin()));
                }
            }
            case DROP_USER -> {
                var v = need(cmd, MetaProto.DropUserCommand.dropUser, type);
                removeNamed(d.getUsersList(), MetaProto.UserInfo::getName, v.getName(), d::removeUsers);
            }
            case UPDATE_USER -> {
                var v = need(cmd, MetaProto.UpdateUserCommand.updateUser, type);
                inUser(d, v.getName(), u -> u.setHash(v.getHash()));
            }
            case SET_PRIVILEGE -> {
                var v = need(cmd, MetaProto.SetPrivilegeCommand.setPrivilege, type);
                inUser(d, v.getUsername(), u -> {
                    MetaProto.UserPrivilege.Builder p = named(u.getPrivilegesBuilderList(), MetaProto.UserPrivilege.Builder::getDatabase,
                            v.getDatabase());
                    if (p != null) {
                        p.setPrivilege(v.getPrivilege());
                    } else {
                        u.addPrivileges(MetaProto.UserPrivilege.newBuilder().setDatabase(v.getDatabase()).setPrivilege(v.getPrivilege()));
                    }
                });
            }
            case SET_ADMIN_PRIVILEGE -> {
                var v = need(cmd, MetaProto.SetAdminPrivilegeCommand.setAdminPrivilege, type);
                inUser(d, v.getUsername(), u -> u.setAdmin(v.getAdmin()));
            }
            case SET_DATA -> {
                var v = need(cmd, MetaProto.SetDataCommand.setData, type);
                d.clear().mergeFrom(empty().build()).mergeFrom(v.getData());
            }
            case CREATE_META_NODE -> {
                var v = need(cmd, MetaProto.CreateMetaNodeCommand.createMetaNode, type);
                createMetaNode(d, v.getHttpAddr(), v.getTcpAddr());
                if (d.getClusterId() == 0) {
                    d.setClusterId(v.getRand());
                }
            }
            case SET_META_NODE -> {
                var v = need(cmd, MetaProto.SetMetaNodeCommand.setMetaNode, type);
                if (d.getMetaNodesCount() == 0) {
                    createMetaNode(d, v.getHttpAddr(), v.getTcpAddr());
                } else if (d.getMetaNodesCount() == 1) {
                    d.getMetaNodesBuilder(0).setHost(v.getHttpAddr()).setTcpHost(v.getTcpAddr());
                }
                if (d.getClusterId() == 0) {
                    d.setClusterId(v.getRand());
                }
            }
            case DELETE_META_NODE -> {
                var v = need(cmd, MetaProto.DeleteMetaNodeCommand.deleteMetaNode, type);
                for (int i = 0; i < d.getMetaNodesCount(); i++) {
                    if (d.getMetaNodes(i).getId() == v.getId()) {
                        d.removeMetaNodes(i);
                        break;
                    }
                }
            }
            case CREATE_DATA_NODE -> {
                var v = need(cmd, MetaProto.CreateDataNodeCommand.createDataNode, type);
                if (d.getMetaNodesCount() == 1 && d.getDataNodesCount() == 0) {
                    setDataNode(d, d.getMetaNodes(0).getId(), v.getHttpAddr(), v.getTcpAddr());
                } else {
                    createDataNode(d, v.getHttpAddr(), v.getTcpAddr());
                }
            }
            case UPDATE_DATA_NODE -> {
                // 0.11.1's FSM has no case for it (it would stop the server); applied as its name says.
                var v = need(cmd, MetaProto.UpdateDataNodeCommand.updateDataNode, type);
                for (MetaProto.NodeInfo.Builder n : d.getDataNodesBuilderList()) {
                    if (n.getId() == v.getId()) {
                        n.setHost(v.getHost()).setTcpHost(v.getTcpHost());
                    }
                }
                warnings.add("an UpdateDataNode command was applied; 0.11.1 itself would have refused to apply it");
            }
            case DELETE_DATA_NODE -> {
                var v = need(cmd, MetaProto.DeleteDataNodeCommand.deleteDataNode, type);
                deleteDataNode(d, v.getId(), deletedAtNanos);
            }
            case DROP_SHARD -> {
                var v = need(cmd, MetaProto.DropShardCommand.dropShard, type);
                for (MetaProto.DatabaseInfo.Builder db : d.getDatabasesBuilderList()) {
                    for (MetaProto.RetentionPolicyInfo.Builder rp : db.getRetentionPoliciesBuilderList()) {
                        for (MetaProto.ShardGroupInfo.Builder g : rp.getShardGroupsBuilderList()) {
                            for (int i = 0; i < g.getShardsCount(); i++) {
                                if (g.getShards(i).getId() == v.getId()) {
                                    g.removeShards(i);
                                    break;
                                }
                            }
                        }
                    }
                }
                warnings.add("a DropShard command (InfluxDB 0.12+) was applied to a 0.10/0.11 metastore");
            }
        }
    }

    private static <T> T need(MetaProto.Command cmd, com.google.protobuf.GeneratedMessage.GeneratedExtension<MetaProto.Command, T> ext,
                              Type type) {
        if (!cmd.hasExtension(ext)) {
            throw new IllegalArgumentException("a " + type.name() + " command (type " + type.getNumber()
                    + ") without its payload (field " + (100 + type.getNumber()) + ")");
        }
        return cmd.getExtension(ext);
    }

    private static void copy(MetaProto.Data.Builder from, MetaProto.Data.Builder to) {
        to.clear().mergeFrom(from.build());
    }

    /** 0.11's shard group duration for a retention policy duration (ns): 7 days, 1 day or 1 hour. */
    static long shardGroupDuration(long d) {
        if (d >= 180 * DAY || d == 0) {
            return 7 * DAY;
        }
        return d >= 2 * DAY ? DAY : HOUR;
    }

    /** Go's {@code time.Unix(0, ts).Truncate(d)} in Unix nanoseconds: multiples of d counted from Go's zero time. */
    static long goTruncate(long ts, long d) {
        if (d <= 0) {
            return ts;
        }
        long offset = ZERO_TO_UNIX_NANOS.mod(BigInteger.valueOf(d)).longValue();
        return ts - Math.floorMod(Math.floorMod(ts, d) + offset, d);
    }

    private static boolean createRetentionPolicy(MetaProto.Data.Builder d, String database, String name, long duration, int replicaN) {
        if (name.isEmpty() || replicaN < 1) {
            return false;
        }
        MetaProto.DatabaseInfo.Builder db = db(d, database);
        if (db == null) {
            return false;
        }
        MetaProto.RetentionPolicyInfo.Builder existing = rp(db, name);
        if (existing != null) {
            return existing.getReplicaN() == replicaN && existing.getDuration() == duration;
        }
        db.addRetentionPolicies(MetaProto.RetentionPolicyInfo.newBuilder().setName(name).setDuration(duration)
                .setShardGroupDuration(shardGroupDuration(duration)).setReplicaN(replicaN));
        return true;
    }

    private static boolean setDefault(MetaProto.Data.Builder d, String database, String name) {
        MetaProto.DatabaseInfo.Builder db = db(d, database);
        if (db == null || rp(db, name) == null) {
            return false;
        }
        db.setDefaultRetentionPolicy(name);
        return true;
    }

    private static void createShardGroup(MetaProto.Data.Builder d, String database, String policy, long ts) {
        int nodes = d.getDataNodesCount();
        if (nodes == 0) {
            return;
        }
        MetaProto.RetentionPolicyInfo.Builder rp = rp(d, database, policy);
        if (rp == null) {
            return;
        }
        for (MetaProto.ShardGroupInfo g : rp.getShardGroupsList()) {
            if (g.getStartTime() <= ts && g.getEndTime() > ts && g.getDeletedAt() == 0) {
                return;
            }
        }
        int replicaN = rp.getReplicaN() == 0 ? 1 : Math.min(rp.getReplicaN(), nodes);
        int shardN = nodes / replicaN;
        long groupId = d.getMaxShardGroupId() + 1;
        d.setMaxShardGroupId(groupId);
        long start = goTruncate(ts, rp.getShardGroupDuration());
        MetaProto.ShardGroupInfo.Builder g = MetaProto.ShardGroupInfo.newBuilder().setId(groupId).setStartTime(start)
                .setEndTime(start + rp.getShardGroupDuration()).setDeletedAt(0);
        int nodeIndex = (int) Long.remainderUnsigned(d.getIndex(), nodes);
        for (int i = 0; i < shardN; i++) {
            long shardId = d.getMaxShardId() + 1;
            d.setMaxShardId(shardId);
            MetaProto.ShardInfo.Builder s = MetaProto.ShardInfo.newBuilder().setId(shardId);
            for (int j = 0; j < replicaN; j++) {
                s.addOwners(MetaProto.ShardOwner.newBuilder().setNodeId(d.getDataNodes(nodeIndex % nodes).getId()));
                nodeIndex++;
            }
            g.addShards(s);
        }
        List<MetaProto.ShardGroupInfo> groups = new ArrayList<>(rp.getShardGroupsList());
        groups.add(g.build());
        groups.sort(Comparator.comparingLong(MetaProto.ShardGroupInfo::getStartTime));
        rp.clearShardGroups().addAllShardGroups(groups);
    }

    private static void createDataNode(MetaProto.Data.Builder d, String host, String tcpHost) {
        if (d.getDataNodesList().stream().anyMatch(n -> n.getTcpHost().equals(tcpHost))) {
            return;
        }
        List<MetaProto.NodeInfo> list = withNode(d, d.getDataNodesList(), d.getMetaNodesList(), host, tcpHost);
        d.clearDataNodes().addAllDataNodes(list);
    }

    private static void setDataNode(MetaProto.Data.Builder d, long id, String host, String tcpHost) {
        if (d.getDataNodesList().stream().noneMatch(n -> n.getHost().equals(host))) {
            d.addDataNodes(MetaProto.NodeInfo.newBuilder().setId(id).setHost(host).setTcpHost(tcpHost));
        }
    }

    private static void createMetaNode(MetaProto.Data.Builder d, String httpAddr, String tcpAddr) {
        if (d.getMetaNodesList().stream().anyMatch(n -> n.getHost().equals(httpAddr))) {
            return;
        }
        List<MetaProto.NodeInfo> list = withNode(d, d.getMetaNodesList(), d.getDataNodesList(), httpAddr, tcpAddr);
        d.clearMetaNodes().addAllMetaNodes(list);
    }

    /**
     * {@code nodes} (data or meta nodes) and a new one, by id: the id of the node of the other kind at the same TCP
     * address ({@code others}), else the next node id.
     */
    private static List<MetaProto.NodeInfo> withNode(MetaProto.Data.Builder d, List<MetaProto.NodeInfo> nodes,
                                                     List<MetaProto.NodeInfo> others, String host, String tcpHost) {
        long id = others.stream().filter(n -> n.getTcpHost().equals(tcpHost)).mapToLong(MetaProto.NodeInfo::getId)
                .findFirst().orElse(0);
        if (id == 0) {
            id = d.getMaxNodeId() + 1;
            d.setMaxNodeId(id);
        }
        List<MetaProto.NodeInfo> list = new ArrayList<>(nodes);
        list.add(MetaProto.NodeInfo.newBuilder().setId(id).setHost(host).setTcpHost(tcpHost).build());
        list.sort(Comparator.comparingLong(MetaProto.NodeInfo::getId));
        return list;
    }

    /**
     * 0.11's DeleteDataNode: drop the node and its shard ownerships; a group left with no owned shard is marked
     * deleted; an orphaned shard of a group that still has owners goes to the least-loaded remaining owner.
     */
    private static void deleteDataNode(MetaProto.Data.Builder live, long id, long deletedAtNanos) {
        MetaProto.Data.Builder d = live.clone();
        int before = d.getDataNodesCount();
        List<MetaProto.NodeInfo> keep = d.getDataNodesList().stream().filter(n -> n.getId() != id).toList();
        if (keep.size() == before) {
            return;
        }
        d.clearDataNodes().addAllDataNodes(keep);
        for (MetaProto.DatabaseInfo.Builder db : d.getDatabasesBuilderList()) {
            for (MetaProto.RetentionPolicyInfo.Builder rp : db.getRetentionPoliciesBuilderList()) {
                for (MetaProto.ShardGroupInfo.Builder g : rp.getShardGroupsBuilderList()) {
                    java.util.Map<Long, Integer> freq = new java.util.TreeMap<>();
                    List<MetaProto.ShardInfo.Builder> orphans = new ArrayList<>();
                    for (MetaProto.ShardInfo.Builder s : g.getShardsBuilderList()) {
                        List<MetaProto.ShardOwner> owners = new ArrayList<>(s.getOwnersList());
                        for (MetaProto.ShardOwner o : owners) {
                            freq.merge(o.getNodeId(), 1, Integer::sum);
                        }
                        owners.removeIf(o -> o.getNodeId() == id);
                        s.clearOwners().addAllOwners(owners);
                        if (owners.isEmpty()) {
                            orphans.add(s);
                        }
                    }
                    if (g.getShardsCount() == 0 || orphans.size() == g.getShardsCount()) {
                        g.setDeletedAt(deletedAtNanos);
                        continue;
                    }
                    freq.remove(id);
                    for (MetaProto.ShardInfo.Builder s : orphans) {
                        if (freq.isEmpty()) {
                            return; // 0.11 refused the command: no node left to take the shard
                        }
                        // the least-loaded owner; on a tie 0.11 took whichever its map gave first, we take the lowest id
                        long best = freq.entrySet().stream().min(java.util.Map.Entry.comparingByValue())
                                .map(java.util.Map.Entry::getKey).orElseThrow();
                        freq.merge(best, 1, Integer::sum);
                        s.addOwners(MetaProto.ShardOwner.newBuilder().setNodeId(best));
                    }
                }
            }
        }
        copy(d, live);
    }

    private static MetaProto.DatabaseInfo.Builder db(MetaProto.Data.Builder d, String name) {
        return named(d.getDatabasesBuilderList(), MetaProto.DatabaseInfo.Builder::getName, name);
    }

    private static MetaProto.RetentionPolicyInfo.Builder rp(MetaProto.DatabaseInfo.Builder db, String name) {
        return named(db.getRetentionPoliciesBuilderList(), MetaProto.RetentionPolicyInfo.Builder::getName, name);
    }

    /** Runs {@code change} on database {@code name} when it exists (a command on a missing database does nothing). */
    private static void inDatabase(MetaProto.Data.Builder d, String name, java.util.function.Consumer<MetaProto.DatabaseInfo.Builder> change) {
        MetaProto.DatabaseInfo.Builder db = db(d, name);
        if (db != null) {
            change.accept(db);
        }
    }

    /** Runs {@code change} on user {@code name} when it exists (a command on a missing user does nothing). */
    private static void inUser(MetaProto.Data.Builder d, String name, java.util.function.Consumer<MetaProto.UserInfo.Builder> change) {
        MetaProto.UserInfo.Builder u = user(d, name);
        if (u != null) {
            change.accept(u);
        }
    }

    /** The policy {@code policy} of database {@code database}; null when either does not exist. */
    private static MetaProto.RetentionPolicyInfo.Builder rp(MetaProto.Data.Builder d, String database, String policy) {
        MetaProto.DatabaseInfo.Builder db = db(d, database);
        return db == null ? null : rp(db, policy);
    }

    private static MetaProto.UserInfo.Builder user(MetaProto.Data.Builder d, String name) {
        return named(d.getUsersBuilderList(), MetaProto.UserInfo.Builder::getName, name);
    }

    /** The first of {@code items} named {@code name}, or null. */
    private static <T> T named(List<T> items, Function<T, String> nameOf, String name) {
        for (T t : items) {
            if (nameOf.apply(t).equals(name)) {
                return t;
            }
        }
        return null;
    }
}
