package io.influxupgrade.commands.meta;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code meta show} prints: the metastore of one source with durations as InfluxDB prints them, times
 * in RFC3339 UTC, deleted shard groups flagged by {@code deletedAt}, and never a password hash.
 * {@code warnings} and {@code notIncludedLogEntries} appear only when there is something to say;
 * {@code summary} only for the summary section (which then omits {@code databases} and {@code users}).
 */
@JsonPropertyOrder({"source", "format", "index", "clusterId", "databases", "users", "summary", "notIncludedLogEntries", "warnings"})
public record MetaReport(String source, String format, long index, BigInteger clusterId, List<Database> databases,
                         List<User> users, Summary summary, Long notIncludedLogEntries, List<String> warnings) {

    public record Database(String name, String defaultRetentionPolicy, List<RetentionPolicy> retentionPolicies,
                           List<ContinuousQuery> continuousQueries) {
    }

    public record RetentionPolicy(String name, String duration, String shardGroupDuration, int replicaN,
                                  List<ShardGroup> shardGroups, List<Subscription> subscriptions) {
    }

    @JsonPropertyOrder({"id", "start", "end", "deletedAt", "truncatedAt", "shards"})
    public record ShardGroup(long id, String start, String end,
                             @JsonInclude(JsonInclude.Include.ALWAYS) String deletedAt,
                             @JsonInclude(JsonInclude.Include.ALWAYS) String truncatedAt, List<Shard> shards) {
        public boolean deleted() {
            return deletedAt != null;
        }
    }

    public record Shard(long id, List<Long> owners) {
    }

    public record Subscription(String name, String mode, List<String> destinations) {
    }

    public record ContinuousQuery(String name, String query) {
    }

    public record User(String name, boolean admin, Map<String, String> privileges) {
    }

    /** Counts per kind; deleted shard groups (and their shards) are counted apart from live ones. */
    public record Summary(long databases, long retentionPolicies, long shardGroups, long deletedShardGroups, long shards,
                          long continuousQueries, long subscriptions, long users, long admins) {
    }

    // ------------------------------------------------------------------ table rows for the shell

    /** Table rows (first row = header) for one section. */
    public List<List<String>> rows(MetaShowCommand.Section section) {
        return switch (section) {
            case DATABASES -> databaseRows();
            case RETENTION_POLICIES -> retentionPolicyRows();
            case SHARD_GROUPS -> shardGroupRows();
            case SHARDS -> shardRows();
            case USERS -> userRows();
            case CONTINUOUS_QUERIES -> continuousQueryRows();
            case SUBSCRIPTIONS -> subscriptionRows();
            case SUMMARY -> summaryRows();
        };
    }

    public List<List<String>> databaseRows() {
        List<List<String>> rows = header("name", "default retention policy", "retention policies", "continuous queries");
        for (Database d : dbs()) {
            rows.add(List.of(d.name(), d.defaultRetentionPolicy(), str(d.retentionPolicies().size()), str(d.continuousQueries().size())));
        }
        return rows;
    }

    public List<List<String>> retentionPolicyRows() {
        List<List<String>> rows = header("database", "name", "duration", "shardGroupDuration", "replicaN", "default");
        for (Database d : dbs()) {
            for (RetentionPolicy r : d.retentionPolicies()) {
                rows.add(List.of(d.name(), r.name(), r.duration(), r.shardGroupDuration(), str(r.replicaN()),
                        str(r.name().equals(d.defaultRetentionPolicy()))));
            }
        }
        return rows;
    }

    public List<List<String>> shardGroupRows() {
        List<List<String>> rows = header("database", "retention policy", "id", "start", "end", "deleted at", "truncated at", "shards");
        for (GroupIn in : shardGroups()) {
            ShardGroup g = in.group();
            rows.add(List.of(in.db(), in.rp(), str(g.id()), g.start(), g.end(), nz(g.deletedAt()), nz(g.truncatedAt()),
                    str(g.shards().size())));
        }
        return rows;
    }

    public List<List<String>> shardRows() {
        List<List<String>> rows = header("id", "database", "retention policy", "shard group", "start", "end", "owners", "deleted");
        for (GroupIn in : shardGroups()) {
            ShardGroup g = in.group();
            for (Shard s : g.shards()) {
                rows.add(List.of(str(s.id()), in.db(), in.rp(), str(g.id()), g.start(), g.end(),
                        join(s.owners()), g.deleted() ? "deleted " + g.deletedAt() : ""));
            }
        }
        return rows;
    }

    /** A shard group and the database and retention policy it belongs to. */
    private record GroupIn(String db, String rp, ShardGroup group) {
    }

    /** Every shard group, database by database, policy by policy. */
    private List<GroupIn> shardGroups() {
        List<GroupIn> out = new ArrayList<>();
        for (Database d : dbs()) {
            for (RetentionPolicy r : d.retentionPolicies()) {
                for (ShardGroup g : r.shardGroups()) {
                    out.add(new GroupIn(d.name(), r.name(), g));
                }
            }
        }
        return out;
    }

    public List<List<String>> userRows() {
        List<List<String>> rows = header("user", "admin", "privileges");
        for (User u : users == null ? List.<User>of() : users) {
            List<String> p = new ArrayList<>();
            u.privileges().forEach((db, priv) -> p.add(db + ": " + priv));
            rows.add(List.of(u.name(), str(u.admin()), String.join(", ", p)));
        }
        return rows;
    }

    public List<List<String>> continuousQueryRows() {
        List<List<String>> rows = header("database", "name", "query");
        for (Database d : dbs()) {
            for (ContinuousQuery c : d.continuousQueries()) {
                rows.add(List.of(d.name(), c.name(), c.query()));
            }
        }
        return rows;
    }

    public List<List<String>> subscriptionRows() {
        List<List<String>> rows = header("database", "retention policy", "name", "mode", "destinations");
        for (Database d : dbs()) {
            for (RetentionPolicy r : d.retentionPolicies()) {
                for (Subscription s : r.subscriptions()) {
                    rows.add(List.of(d.name(), r.name(), s.name(), s.mode(), String.join(", ", s.destinations())));
                }
            }
        }
        return rows;
    }

    public List<List<String>> summaryRows() {
        List<List<String>> rows = header("what", "count");
        Summary s = summary;
        if (s == null) {
            return rows;
        }
        rows.add(List.of("databases", str(s.databases())));
        rows.add(List.of("retention policies", str(s.retentionPolicies())));
        rows.add(List.of("shard groups", str(s.shardGroups())));
        rows.add(List.of("deleted shard groups", str(s.deletedShardGroups())));
        rows.add(List.of("shards", str(s.shards())));
        rows.add(List.of("continuous queries", str(s.continuousQueries())));
        rows.add(List.of("subscriptions", str(s.subscriptions())));
        rows.add(List.of("users", str(s.users())));
        rows.add(List.of("admin users", str(s.admins())));
        return rows;
    }

    private List<Database> dbs() {
        return databases == null ? List.of() : databases;
    }

    private static List<List<String>> header(String... names) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of(names));
        return rows;
    }

    private static String str(Object o) {
        return String.valueOf(o);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String join(List<Long> ids) {
        List<String> s = new ArrayList<>(ids.size());
        for (Long id : ids) {
            s.add(Long.toUnsignedString(id));
        }
        return String.join(",", s);
    }
}
