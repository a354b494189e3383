package io.influxupgrade.commands.verify;

import io.influxupgrade.commands.UpgradeException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Takes a {@link Baseline} from a live server in as few round trips as possible: one request for the
 * server-wide SHOW statements, one (or a few, when long) for SHOW RETENTION POLICIES ON each database and
 * SHOW GRANTS FOR each user, and one for point counts. A database or user dropped between two SHOWs is
 * left out with a note instead of failing the run.
 */
public final class BaselineCollector {

    /** Statements are joined with {@code ;} into one GET until the query text reaches this many chars. */
    static final int MAX_BATCH_CHARS = 16_000;

    /** The time range of the point counts of one retention policy. */
    public record CountRange(String database, String retentionPolicy, String from, String to) {
    }

    private final InfluxQuery client;

    public BaselineCollector(InfluxQuery client) {
        this.client = client;
    }

    /**
     * Collects a baseline. With {@code countGroups > 0}, counts points per measurement over the last that
     * many shard groups of each retention policy; with {@code countRanges} (compare), over exactly those ranges.
     */
    public Baseline collect(String name, Instant takenAt, int countGroups, Collection<CountRange> countRanges) {
        Pong pong = client.ping();
        Baseline.Builder b = Baseline.builder(name).takenAt(takenAt).source(client.url()).serverVersion(pong.version());
        List<QueryResult.Statement> first = serverWide();
        Map<String, Set<String>> rpsOf = perObject(b, first);
        attachServerWide(b, first, rpsOf);
        Map<String, Map<String, ShardGroups>> shards = shardGroups(first.get(3));
        attachShards(b, shards, rpsOf);
        countPoints(b, countRanges(shards, rpsOf, countGroups, countRanges));
        return b.build();
    }

    /** SHOW DATABASES, CONTINUOUS QUERIES, SUBSCRIPTIONS, SHARDS and USERS in one request. */
    private List<QueryResult.Statement> serverWide() {
        List<String> serverWide = List.of("SHOW DATABASES", "SHOW CONTINUOUS QUERIES", "SHOW SUBSCRIPTIONS",
                "SHOW SHARDS", "SHOW USERS");
        List<QueryResult.Statement> first = runBatch(serverWide, null);
        for (int i = 0; i < first.size(); i++) {
            if (first.get(i).hasError()) {
                throw UpgradeException.failed("server " + client.url() + " failed `" + serverWide.get(i) + "`: "
                        + InfluxJavaClient.oneLine(first.get(i).error()));
            }
        }
        return first;
    }

    /** SHOW RETENTION POLICIES ON each database and SHOW GRANTS FOR each user; returns the RPs of each database kept. */
    private Map<String, Set<String>> perObject(Baseline.Builder b, List<QueryResult.Statement> first) {
        Set<String> dbs = new LinkedHashSet<>();
        for (QueryResult.Series s : first.get(0).series()) {
            for (List<Object> row : s.values()) {
                dbs.add(name(s, row, "name", "SHOW DATABASES"));
            }
        }
        Map<String, Boolean> users = new LinkedHashMap<>();
        for (QueryResult.Series s : first.get(4).series()) {
            for (List<Object> row : s.values()) {
                users.put(name(s, row, "user", "SHOW USERS"), Boolean.TRUE.equals(s.cell(row, "admin")));
            }
        }
        dbs.forEach(b::database);
        users.forEach(b::user);

        // Stage 2: per-object statements, batched.
        List<String> perObject = new ArrayList<>();
        List<String> dbList = new ArrayList<>(dbs);
        List<String> userList = new ArrayList<>(users.keySet());
        for (String db : dbList) {
            perObject.add("SHOW RETENTION POLICIES ON " + InfluxQl.ident(db));
        }
        for (String u : userList) {
            perObject.add("SHOW GRANTS FOR " + InfluxQl.ident(u));
        }
        List<QueryResult.Statement> second = runBatch(perObject, null);
        for (int i = 0; i < dbList.size(); i++) {
            String db = dbList.get(i);
            QueryResult.Statement st = second.get(i);
            if (st.hasError()) {
                if (st.error().startsWith("database not found")) {
                    b.removeDatabase(db).note("database " + InfluxQl.display(db) + " was dropped while the baseline ran; left out");
                    dbs.remove(db);
                    continue;
                }
                throw statementFailed(perObject.get(i), st);
            }
            for (QueryResult.Series s : st.series()) {
                for (List<Object> row : s.values()) {
                    Object sgd = s.cell(row, "shardGroupDuration");
                    Long replicaN = QueryResult.number(s.cell(row, "replicaN"));
                    b.retentionPolicyText(db, name(s, row, "name", perObject.get(i)), text(s.cell(row, "duration")),
                            sgd == null ? null : text(sgd), replicaN == null ? null : replicaN.intValue(),
                            Boolean.TRUE.equals(s.cell(row, "default")));
                }
            }
        }
        for (int j = 0; j < userList.size(); j++) {
            String u = userList.get(j);
            QueryResult.Statement st = second.get(dbList.size() + j);
            if (st.hasError()) {
                if (st.error().startsWith("user not found")) {
                    b.removeUser(u).note("user " + InfluxQl.display(u) + " was dropped while the baseline ran; left out");
                    continue;
                }
                throw statementFailed(perObject.get(dbList.size() + j), st);
            }
            for (QueryResult.Series s : st.series()) {
                for (List<Object> row : s.values()) {
                    String db = name(s, row, "database", perObject.get(dbList.size() + j));
                    b.grant(u, db, text(s.cell(row, "privilege")));
                }
            }
        }

        Map<String, Set<String>> rpsOf = new HashMap<>();
        Baseline draft = b.build();
        for (Baseline.Database d : draft.databases()) {
            Set<String> set = new LinkedHashSet<>();
            d.retentionPolicies().forEach(r -> set.add(r.name()));
            rpsOf.put(d.name(), set);
        }
        return rpsOf;
    }

    /** CQs and subscriptions, kept only for databases and policies that still exist. */
    private void attachServerWide(Baseline.Builder b, List<QueryResult.Statement> first, Map<String, Set<String>> rpsOf) {
        for (QueryResult.Series s : first.get(1).series()) {
            if (s.name() != null && rpsOf.containsKey(s.name())) {
                for (List<Object> row : s.values()) {
                    b.continuousQuery(s.name(), name(s, row, "name", "SHOW CONTINUOUS QUERIES"), text(s.cell(row, "query")));
                }
            }
        }
        for (QueryResult.Series s : first.get(2).series()) {
            for (List<Object> row : s.values()) {
                String rp = name(s, row, "retention_policy", "SHOW SUBSCRIPTIONS");
                if (s.name() != null && rpsOf.getOrDefault(s.name(), Set.of()).contains(rp)) {
                    List<String> dest = new ArrayList<>();
                    if (s.cell(row, "destinations") instanceof Collection<?> c) {
                        c.forEach(x -> dest.add(String.valueOf(x)));
                    } else if (s.cell(row, "destinations") != null) {
                        dest.add(String.valueOf(s.cell(row, "destinations")));
                    }
                    b.subscription(s.name(), rp, name(s, row, "name", "SHOW SUBSCRIPTIONS"), text(s.cell(row, "mode")), dest);
                }
            }
        }
    }

    private static void attachShards(Baseline.Builder b, Map<String, Map<String, ShardGroups>> shards, Map<String, Set<String>> rpsOf) {
        for (Map.Entry<String, Set<String>> e : rpsOf.entrySet()) {
            if (e.getKey().equals("_internal")) {
                continue; // its shards come and go with the monitor's own retention
            }
            for (String rp : e.getValue()) {
                ShardGroups g = shards.getOrDefault(e.getKey(), Map.of()).get(rp);
                b.shards(e.getKey(), rp, g == null ? 0 : g.groups.size(), g == null ? 0 : g.shards);
            }
        }

    }

    /** The ranges to count: the given ones (compare), else the last {@code countGroups} shard groups of each RP. */
    private static List<CountRange> countRanges(Map<String, Map<String, ShardGroups>> shards, Map<String, Set<String>> rpsOf,
                                                int countGroups, Collection<CountRange> countRanges) {
        List<CountRange> ranges = new ArrayList<>();
        if (countRanges != null && !countRanges.isEmpty()) {
            for (CountRange r : countRanges) {
                if (rpsOf.getOrDefault(r.database(), Set.of()).contains(r.retentionPolicy())) {
                    ranges.add(r);
                }
            }
        } else if (countGroups > 0) {
            for (Map.Entry<String, Map<String, ShardGroups>> e : new TreeMap<>(shards).entrySet()) {
                if (e.getKey().equals("_internal") || !rpsOf.containsKey(e.getKey())) {
                    continue;
                }
                for (Map.Entry<String, ShardGroups> r : new TreeMap<>(e.getValue()).entrySet()) {
                    if (!rpsOf.get(e.getKey()).contains(r.getKey()) || r.getValue().groups.isEmpty()) {
                        continue;
                    }
                    List<String[]> groups = new ArrayList<>(r.getValue().groups.values());
                    groups.sort((x, y) -> x[0].compareTo(y[0]));
                    List<String[]> last = groups.subList(Math.max(0, groups.size() - countGroups), groups.size());
                    String from = last.get(0)[0];
                    String to = last.stream().map(x -> x[1]).max(String::compareTo).orElse(from);
                    ranges.add(new CountRange(e.getKey(), r.getKey(), from, to));
                }
            }
        }
        return ranges;
    }

    private void countPoints(Baseline.Builder b, List<CountRange> ranges) {
        if (!ranges.isEmpty()) {
            List<String> countStatements = ranges.stream().map(r -> "SELECT count(*) FROM " + InfluxQl.ident(r.database())
                    + "." + InfluxQl.ident(r.retentionPolicy()) + "./.*/ WHERE time >= " + InfluxQl.literal(r.from())
                    + " AND time < " + InfluxQl.literal(r.to())).toList();
            List<QueryResult.Statement> third = runBatch(countStatements, null);
            for (int i = 0; i < ranges.size(); i++) {
                CountRange r = ranges.get(i);
                QueryResult.Statement st = third.get(i);
                if (st.hasError()) {
                    if (st.error().startsWith("database not found") || st.error().contains("retention policy not found")) {
                        b.note("point counts of " + InfluxQl.display(r.database()) + "." + InfluxQl.display(r.retentionPolicy())
                                + " skipped: " + InfluxJavaClient.oneLine(st.error()));
                        continue;
                    }
                    throw statementFailed(countStatements.get(i), st);
                }
                for (QueryResult.Series s : st.series()) {
                    if (s.name() == null) {
                        continue;
                    }
                    Map<String, Long> fields = new TreeMap<>();
                    List<Object> row = s.values().isEmpty() ? List.of() : s.values().get(0);
                    for (int c = 0; c < s.columns().size() && c < row.size(); c++) {
                        String col = s.columns().get(c);
                        Long n = QueryResult.number(row.get(c));
                        if (col.startsWith("count_") && n != null) {
                            fields.put(col.substring("count_".length()), n);
                        }
                    }
                    b.count(new Baseline.PointCount(r.database(), r.retentionPolicy(), s.name(), r.from(), r.to(), fields));
                }
            }
        }
    }

    private static final class ShardGroups {
        final Map<String, String[]> groups = new LinkedHashMap<>();
        int shards;
    }

    /** A name cell that must be a string; anything else means the server is not the InfluxDB we know. */
    private String name(QueryResult.Series s, List<Object> row, String column, String statement) {
        if (s.cell(row, column) instanceof String v) {
            return v;
        }
        throw UpgradeException.failed("server " + client.url() + " answered `" + InfluxJavaClient.oneLine(statement)
                + "` without a '" + column + "' name (unexpected answer: is this InfluxDB 0.10 … 1.8?)");
    }

    private Map<String, Map<String, ShardGroups>> shardGroups(QueryResult.Statement showShards) {
        Map<String, Map<String, ShardGroups>> out = new HashMap<>();
        for (QueryResult.Series s : showShards.series()) {
            for (List<Object> row : s.values()) {
                Object dbCell = s.cell(row, "database");
                String db = dbCell instanceof String d ? d : s.name();
                if (db == null) {
                    continue;
                }
                String rp = name(s, row, "retention_policy", "SHOW SHARDS");
                String start = text(s.cell(row, "start_time"));
                String end = text(s.cell(row, "end_time"));
                Object group = s.cell(row, "shard_group");
                String key = group == null ? start + "/" + end : String.valueOf(QueryResult.number(group));
                ShardGroups g = out.computeIfAbsent(db, k -> new HashMap<>()).computeIfAbsent(rp, k -> new ShardGroups());
                g.groups.putIfAbsent(key, new String[] {Objects.toString(start, ""), Objects.toString(end, "")});
                g.shards++;
            }
        }
        return out;
    }

    /**
     * Runs statements in as few requests as fit {@link #MAX_BATCH_CHARS}, one answer per statement. InfluxDB
     * 1.x stops a request at the first failing statement (and may answer the rest as "not executed" or not at
     * all), so a failing statement is re-run alone for its real error and the batch resumes after it.
     */
    List<QueryResult.Statement> runBatch(List<String> statements, String db) {
        List<QueryResult.Statement> out = new ArrayList<>(statements.size());
        int i = 0;
        while (i < statements.size()) {
            int end = i;
            int chars = 0;
            while (end < statements.size() && (end == i || chars + statements.get(end).length() + 2 <= MAX_BATCH_CHARS)) {
                chars += statements.get(end).length() + 2;
                end++;
            }
            List<String> chunk = statements.subList(i, end);
            QueryResult r = client.query(String.join("; ", chunk), db);
            int k = 0;
            while (k < chunk.size() && k < r.statements().size() && !r.statements().get(k).hasError()) {
                out.add(r.statements().get(k));
                k++;
            }
            if (k < chunk.size()) {
                if (k < r.statements().size() && chunk.size() == 1) {
                    out.add(r.statements().get(k));
                } else if (k < r.statements().size()) {
                    QueryResult alone = client.query(chunk.get(k), db);
                    out.add(alone.statements().isEmpty() ? QueryResult.Statement.ok(List.of()) : alone.statements().get(0));
                } else {
                    // fewer answers than statements and no error: resume at the first unanswered one
                    i += k;
                    if (k == 0) {
                        out.add(QueryResult.Statement.ok(List.of()));
                        i++;
                    }
                    continue;
                }
                k++;
            }
            i += k;
        }
        return out;
    }

    private UpgradeException statementFailed(String statement, QueryResult.Statement st) {
        return UpgradeException.failed("server " + client.url() + " failed `" + InfluxJavaClient.oneLine(statement) + "`: "
                + InfluxJavaClient.oneLine(st.error()));
    }

    private static String text(Object cell) {
        return cell == null ? null : String.valueOf(cell);
    }
}
