package io.influxupgrade.commands.verify;

import io.influxupgrade.commands.codec.GoDuration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A normalised snapshot of what a server (or an offline metastore) holds: databases with their retention
 * policies, subscriptions, shard summaries and continuous queries; users with the admin flag and grants;
 * optional point counts and a data fingerprint ({@link DataFingerprint}: series and measurements per database, and
 * the point-count window; null in baselines taken before it existed and in metastore models). Everything is sorted and free of ids, owners and node ids, so two snapshots
 * compare object by object ({@link BaselineDiff}). A field that is null was not reported by the source
 * (e.g. an old release without {@code shardGroupDuration}) and is not compared. Build one with
 * {@link #builder(String)}, from live queries ({@link BaselineCollector}) or from a metastore model.
 */
public record Baseline(int format, String name, Instant takenAt, String source, String serverVersion,
                       List<Database> databases, List<User> users, List<PointCount> counts, List<String> notes,
                       DataFingerprint data) {

    public static final int FORMAT = 1;

    public Baseline {
        databases = databases == null ? List.of() : List.copyOf(databases);
        users = users == null ? List.of() : List.copyOf(users);
        counts = counts == null ? List.of() : List.copyOf(counts);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** One database. */
    public record Database(String name, List<RetentionPolicy> retentionPolicies, List<ContinuousQuery> continuousQueries) {
        public Database {
            retentionPolicies = retentionPolicies == null ? List.of() : List.copyOf(retentionPolicies);
            continuousQueries = continuousQueries == null ? List.of() : List.copyOf(continuousQueries);
        }
    }

    /**
     * One retention policy. Durations are in Go's canonical text ({@code 168h0m0s}, {@code 0s} = infinite);
     * {@code shardGroupDuration} and {@code replicaN} are null when the source did not report them;
     * {@code shards} is null when not collected (e.g. {@code _internal}, whose shards change by the hour).
     */
    public record RetentionPolicy(String name, String duration, String shardGroupDuration, Integer replicaN,
                                  boolean isDefault, List<Subscription> subscriptions, ShardSummary shards) {
        public RetentionPolicy {
            subscriptions = subscriptions == null ? List.of() : List.copyOf(subscriptions);
        }
    }

    /** One subscription of a retention policy. */
    public record Subscription(String name, String mode, List<String> destinations) {
        public Subscription {
            destinations = destinations == null ? List.of() : destinations.stream().sorted().toList();
        }
    }

    /** How many shard groups and shards a retention policy has (no ids, no owners). */
    public record ShardSummary(int shardGroups, int shards) {
    }

    /** One continuous query, with the text the server stores. */
    public record ContinuousQuery(String name, String query) {
    }

    /** One user: the admin flag and the non-empty grants, database → privilege ({@code READ}, {@code WRITE}, {@code ALL PRIVILEGES}). */
    public record User(String name, boolean admin, Map<String, String> grants) {
        public User {
            grants = grants == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(grants));
        }
    }

    /**
     * Points per field of one measurement in {@code [from, to)} of one retention policy ({@code from} null = from the
     * beginning). The range ends at the baseline's time (or earlier), so points written afterwards do not land in it:
     * compare counts the same range again, and fewer points there is a loss.
     */
    public record PointCount(String database, String retentionPolicy, String measurement, String from, String to,
                             Map<String, Long> fields) {
        public PointCount {
            fields = fields == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(fields));
        }
    }

    /**
     * What a baseline recorded of the data itself: per database (not {@code _internal}) the series count and the
     * measurement names, and how points were counted ({@code pointsWindow}: e.g. {@code 24h}, {@code all},
     * {@code last 2 shard groups}; null = points not counted). Absent (null) in baselines taken before this existed.
     */
    public record DataFingerprint(String pointsWindow, List<DatabaseData> databases) {
        public DataFingerprint {
            databases = databases == null ? List.of() : databases.stream()
                    .sorted(Comparator.comparing(DatabaseData::database)).toList();
        }

        public DatabaseData database(String db) {
            return databases.stream().filter(d -> d.database().equals(db)).findFirst().orElse(null);
        }
    }

    /**
     * One database's fingerprint. {@code series}: the number of series, exact ({@code SHOW SERIES} rows) or, when
     * {@code seriesEstimated}, {@code SHOW SERIES CARDINALITY}'s estimate (1.4+, above the row bound); null when over
     * the bound on a server without the estimate. {@code measurements}: sorted names, null when over the bound.
     */
    public record DatabaseData(String database, Long series, boolean seriesEstimated, List<String> measurements) {
        public DatabaseData {
            measurements = measurements == null ? null : measurements.stream().sorted().toList();
        }
    }

    /** The privilege name SHOW GRANTS prints for a metastore privilege number (0 none, 1 read, 2 write, 3 all). */
    public static String privilegeName(int privilege) {
        return switch (privilege) {
            case 1 -> "READ";
            case 2 -> "WRITE";
            case 3 -> "ALL PRIVILEGES";
            default -> "NO PRIVILEGES";
        };
    }

    public Database database(String db) {
        return databases.stream().filter(d -> d.name().equals(db)).findFirst().orElse(null);
    }

    public User user(String u) {
        return users.stream().filter(x -> x.name().equals(u)).findFirst().orElse(null);
    }

    public int retentionPolicyCount() {
        return databases.stream().mapToInt(d -> d.retentionPolicies().size()).sum();
    }

    public int continuousQueryCount() {
        return databases.stream().mapToInt(d -> d.continuousQueries().size()).sum();
    }

    public int subscriptionCount() {
        return databases.stream().flatMap(d -> d.retentionPolicies().stream()).mapToInt(r -> r.subscriptions().size()).sum();
    }

    public int shardCount() {
        return databases.stream().flatMap(d -> d.retentionPolicies().stream())
                .mapToInt(r -> r.shards() == null ? 0 : r.shards().shards()).sum();
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * Fills a baseline object by object, in any order; {@link #build} sorts and normalises: durations to Go's
     * canonical text, {@code NO PRIVILEGES} grants dropped, names compared exactly (they are case-sensitive).
     */
    public static final class Builder {
        private final String name;
        private Instant takenAt;
        private String source;
        private String serverVersion;
        private final Map<String, Map<String, RpDraft>> rps = new LinkedHashMap<>();
        private final Map<String, Map<String, String>> cqs = new LinkedHashMap<>();
        private final Map<String, Boolean> users = new LinkedHashMap<>();
        private final Map<String, Map<String, String>> grants = new LinkedHashMap<>();
        private final List<PointCount> counts = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private DataFingerprint data;

        private static final class RpDraft {
            String duration;
            String shardGroupDuration;
            Integer replicaN;
            boolean isDefault;
            final List<Subscription> subscriptions = new ArrayList<>();
            ShardSummary shards;
        }

        private Builder(String name) {
            this.name = name;
        }

        public Builder takenAt(Instant at) {
            this.takenAt = at;
            return this;
        }

        /** Where the snapshot came from, e.g. the server URL or the metastore path. */
        public Builder source(String s) {
            this.source = s;
            return this;
        }

        public Builder serverVersion(String v) {
            this.serverVersion = v;
            return this;
        }

        public Builder database(String db) {
            rps.computeIfAbsent(db, k -> new LinkedHashMap<>());
            cqs.computeIfAbsent(db, k -> new LinkedHashMap<>());
            return this;
        }

        /** Removes a database and everything under it (e.g. dropped while the baseline ran). */
        public Builder removeDatabase(String db) {
            rps.remove(db);
            cqs.remove(db);
            counts.removeIf(c -> c.database().equals(db));
            return this;
        }

        /** A retention policy from nanoseconds (the metastore's unit); null = not known. */
        public Builder retentionPolicy(String db, String rp, Long durationNanos, Long shardGroupDurationNanos,
                                       Integer replicaN, boolean isDefault) {
            return retentionPolicyText(db, rp, durationNanos == null ? null : GoDuration.format(durationNanos),
                    shardGroupDurationNanos == null ? null : GoDuration.format(shardGroupDurationNanos), replicaN, isDefault);
        }

        /** A retention policy as SHOW RETENTION POLICIES prints it (durations as text, any Go form). */
        public Builder retentionPolicyText(String db, String rp, String duration, String shardGroupDuration,
                                           Integer replicaN, boolean isDefault) {
            RpDraft d = rp(db, rp);
            d.duration = duration == null ? null : GoDuration.canonical(duration);
            d.shardGroupDuration = shardGroupDuration == null ? null : GoDuration.canonical(shardGroupDuration);
            d.replicaN = replicaN;
            d.isDefault = isDefault;
            return this;
        }

        public Builder subscription(String db, String rp, String sub, String mode, List<String> destinations) {
            rp(db, rp).subscriptions.add(new Subscription(sub, mode, destinations));
            return this;
        }

        /**
         * Shard groups and shards of a retention policy. To match a live baseline, count what SHOW SHARDS lists
         * (skip deleted shard groups) and leave {@code _internal} out; a policy without this is not compared.
         */
        public Builder shards(String db, String rp, int shardGroups, int shards) {
            rp(db, rp).shards = new ShardSummary(shardGroups, shards);
            return this;
        }

        public Builder continuousQuery(String db, String cq, String query) {
            database(db);
            cqs.get(db).put(cq, query);
            return this;
        }

        public Builder user(String user, boolean admin) {
            users.put(user, admin);
            grants.computeIfAbsent(user, k -> new TreeMap<>());
            return this;
        }

        public Builder removeUser(String user) {
            users.remove(user);
            grants.remove(user);
            return this;
        }

        /** A grant as SHOW GRANTS prints it; {@code NO PRIVILEGES} (left by REVOKE) is the same as no grant. */
        public Builder grant(String user, String db, String privilege) {
            String p = privilege == null ? "NO PRIVILEGES" : privilege.trim().toUpperCase(java.util.Locale.ROOT);
            if (p.equals("ALL")) {
                p = "ALL PRIVILEGES";
            }
            Map<String, String> g = grants.computeIfAbsent(user, k -> new TreeMap<>());
            if (p.equals("NO PRIVILEGES")) {
                g.remove(db);
            } else {
                g.put(db, p);
            }
            return this;
        }

        /** A grant from the metastore's privilege number. */
        public Builder grant(String user, String db, int privilege) {
            return grant(user, db, privilegeName(privilege));
        }

        public Builder count(PointCount c) {
            counts.add(c);
            return this;
        }

        /** The data fingerprint (null = not recorded). */
        public Builder data(DataFingerprint d) {
            this.data = d;
            return this;
        }

        public Builder note(String note) {
            notes.add(note);
            return this;
        }

        private RpDraft rp(String db, String rp) {
            database(db);
            return rps.get(db).computeIfAbsent(rp, k -> new RpDraft());
        }

        public Baseline build() {
            List<Database> dbs = new ArrayList<>();
            for (Map.Entry<String, Map<String, RpDraft>> e : new TreeMap<>(rps).entrySet()) {
                List<RetentionPolicy> list = new ArrayList<>();
                for (Map.Entry<String, RpDraft> r : new TreeMap<>(e.getValue()).entrySet()) {
                    RpDraft d = r.getValue();
                    List<Subscription> subs = new ArrayList<>(d.subscriptions);
                    subs.sort(Comparator.comparing(Subscription::name));
                    list.add(new RetentionPolicy(r.getKey(), d.duration, d.shardGroupDuration, d.replicaN, d.isDefault, subs, d.shards));
                }
                List<ContinuousQuery> cq = new TreeMap<>(cqs.getOrDefault(e.getKey(), Map.of())).entrySet().stream()
                        .map(c -> new ContinuousQuery(c.getKey(), c.getValue())).toList();
                dbs.add(new Database(e.getKey(), list, cq));
            }
            List<User> us = new TreeMap<>(users).entrySet().stream()
                    .map(u -> new User(u.getKey(), u.getValue(), grants.getOrDefault(u.getKey(), Map.of()))).toList();
            List<PointCount> cs = new ArrayList<>(counts);
            cs.sort(Comparator.comparing(PointCount::database).thenComparing(PointCount::retentionPolicy)
                    .thenComparing(PointCount::measurement));
            return new Baseline(FORMAT, name, takenAt, source, serverVersion, dbs, us, cs, notes, data);
        }
    }
}
