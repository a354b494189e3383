package io.influxupgrade.commands.meta;

import java.util.List;
import java.util.Optional;

/**
 * An immutable InfluxDB metastore (the {@code Data} message of every version from 0.10 to 1.8): counters,
 * databases with their retention policies, shard groups, shards, subscriptions and continuous queries,
 * users, and the node lists that only 0.10/0.11 fill.
 */
public record MetaData(long term, long index, long clusterId, long maxNodeId, long maxShardGroupId, long maxShardId,
                       List<DatabaseInfo> databases, List<UserInfo> users,
                       List<NodeInfo> nodes, List<NodeInfo> dataNodes, List<NodeInfo> metaNodes) {

    public MetaData {
        databases = List.copyOf(databases);
        users = List.copyOf(users);
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        dataNodes = dataNodes == null ? List.of() : List.copyOf(dataNodes);
        metaNodes = metaNodes == null ? List.of() : List.copyOf(metaNodes);
    }

    /** A 1.x-style metastore without node lists. */
    public static MetaData of(long term, long index, long clusterId, long maxShardGroupId, long maxShardId,
                              List<DatabaseInfo> databases, List<UserInfo> users) {
        return new MetaData(term, index, clusterId, 0, maxShardGroupId, maxShardId, databases, users,
                List.of(), List.of(), List.of());
    }

    public Optional<DatabaseInfo> database(String name) {
        return databases.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    public Optional<UserInfo> user(String name) {
        return users.stream().filter(u -> u.name().equals(name)).findFirst();
    }

    /** True when the 0.10/0.11 node lists are present (a raft-era metastore). */
    public boolean hasNodes() {
        return !nodes.isEmpty() || !dataNodes.isEmpty() || !metaNodes.isEmpty();
    }

    public MetaData withDatabases(List<DatabaseInfo> dbs) {
        return new MetaData(term, index, clusterId, maxNodeId, maxShardGroupId, maxShardId, dbs, users, nodes, dataNodes, metaNodes);
    }

    public MetaData withUsers(List<UserInfo> us) {
        return new MetaData(term, index, clusterId, maxNodeId, maxShardGroupId, maxShardId, databases, us, nodes, dataNodes, metaNodes);
    }

    public MetaData withCounters(long newTerm, long newIndex, long newClusterId) {
        return new MetaData(newTerm, newIndex, newClusterId, maxNodeId, maxShardGroupId, maxShardId, databases, users, nodes, dataNodes, metaNodes);
    }

    /** The same metastore as 1.x keeps it: node lists dropped, MaxNodeID 0, owners kept. */
    public MetaData withoutNodes() {
        return new MetaData(term, index, clusterId, 0, maxShardGroupId, maxShardId, databases, users, List.of(), List.of(), List.of());
    }

    public MetaData withNodes(long newMaxNodeId, List<NodeInfo> newNodes, List<NodeInfo> newDataNodes, List<NodeInfo> newMetaNodes) {
        return new MetaData(term, index, clusterId, newMaxNodeId, maxShardGroupId, maxShardId, databases, users, newNodes, newDataNodes, newMetaNodes);
    }

    /** One InfluxDB node of a 0.10/0.11 cluster (HTTP host, raft TCP host). */
    public record NodeInfo(long id, String host, String tcpHost) {
    }

    /** A database: its default retention policy name, retention policies and continuous queries. */
    public record DatabaseInfo(String name, String defaultRetentionPolicy, List<RetentionPolicyInfo> retentionPolicies,
                               List<ContinuousQueryInfo> continuousQueries) {
        public DatabaseInfo {
            defaultRetentionPolicy = defaultRetentionPolicy == null ? "" : defaultRetentionPolicy;
            retentionPolicies = List.copyOf(retentionPolicies);
            continuousQueries = List.copyOf(continuousQueries);
        }

        public Optional<RetentionPolicyInfo> retentionPolicy(String rp) {
            return retentionPolicies.stream().filter(r -> r.name().equals(rp)).findFirst();
        }
    }

    /** A retention policy; durations in nanoseconds, 0 meaning infinite. */
    public record RetentionPolicyInfo(String name, long duration, long shardGroupDuration, int replicaN,
                                      List<ShardGroupInfo> shardGroups, List<SubscriptionInfo> subscriptions) {
        public RetentionPolicyInfo {
            shardGroups = List.copyOf(shardGroups);
            subscriptions = List.copyOf(subscriptions);
        }
    }

    /** A shard group; times in Unix nanoseconds, deletedAt/truncatedAt 0 when not set. */
    public record ShardGroupInfo(long id, long startTime, long endTime, long deletedAt, long truncatedAt,
                                 List<ShardInfo> shards) {
        public ShardGroupInfo {
            shards = List.copyOf(shards);
        }

        public boolean deleted() {
            return deletedAt != 0;
        }
    }

    /** A shard and its owner node ids (none on a single-node 1.x). */
    public record ShardInfo(long id, List<Long> owners) {
        public ShardInfo {
            owners = owners == null || owners.isEmpty() ? List.of() : List.copyOf(owners);
        }
    }

    /** A subscription of a retention policy: mode ANY or ALL, destinations as URLs. */
    public record SubscriptionInfo(String name, String mode, List<String> destinations) {
        public SubscriptionInfo {
            destinations = List.copyOf(destinations);
        }
    }

    /** A continuous query with its full CREATE CONTINUOUS QUERY text. */
    public record ContinuousQueryInfo(String name, String query) {
    }
}
