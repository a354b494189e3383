package io.influxupgrade.commands.verify;

import io.influxupgrade.commands.codec.GoDuration;
import io.influxupgrade.commands.InfluxVersion;
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
import java.util.TreeSet;

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

    /** Series are counted from SHOW SERIES rows up to this many per database: 100,000 keys answer in ~1.6 MB, ~0.25 s (1.6.7). */
    static final int SERIES_BOUND = 100_000;
    /** Measurement names are recorded up to this many per database. */
    static final int MEASUREMENT_BOUND = 10_000;

    /**
     * What to collect besides the metadata. {@code fingerprint}: series and measurements per database.
     * Points: over the last {@code countGroups} shard groups, or over {@code windowNanos} before the baseline's time
     * ({@code allTime}: everything before it), or over exactly {@code ranges} (compare); every range ends at the
     * baseline's time at the latest. {@code since}: also count what lies after each range's end ({@link #countsSince}).
     */
    public record Plan(boolean fingerprint, int countGroups, Long windowNanos, boolean allTime, Collection<CountRange> ranges,
                       boolean since) {
        public Plan {
            ranges = ranges == null ? List.of() : List.copyOf(ranges);
        }

        /** How the points are counted, for the record: {@code 24h0m0s}, {@code all}, {@code last 2 shard groups}, or null. */
        String pointsSpec() {
            if (!ranges.isEmpty()) {
                return "ranges of the baseline";
            }
            if (allTime) {
                return "all";
            }
            if (windowNanos != null && windowNanos > 0) {
                return GoDuration.format(windowNanos);
            }
            return countGroups > 0 ? "last " + countGroups + (countGroups == 1 ? " shard group" : " shard groups") : null;
        }
    }

    private final InfluxQuery client;
    private final List<Baseline.PointCount> since = new ArrayList<>();
    private final List<CountRange> timedOut = new ArrayList<>();

    public BaselineCollector(InfluxQuery client) {
        this.client = client;
    }

    /**
     * Collects a baseline (metadata only, no fingerprint). With {@code countGroups > 0}, counts points per
     * measurement over the last that many shard groups of each retention policy (up to {@code takenAt}); with
     * {@code countRanges} (compare), over exactly those ranges.
     */
    public Baseline collect(String name, Instant takenAt, int countGroups, Collection<CountRange> countRanges) {
        return collect(name, takenAt, new Plan(false, countGroups, null, false, countRanges, false));
    }

    /**
     * Collects a baseline as {@code plan} says: the metadata always; the data fingerprint (series and measurements per
     * database) when {@code plan.fingerprint()}; point counts over the plan's window, shard groups or given ranges.
     */
    public Baseline collect(String name, Instant takenAt, Plan plan) {
        Pong pong = client.ping();
        InfluxVersion version = InfluxVersion.tryParse(pong.version());
        Baseline.Builder b = Baseline.builder(name).takenAt(takenAt).source(client.url()).serverVersion(pong.version());
        List<QueryResult.Statement> first = serverWide();
        Map<String, Set<String>> rpsOf = perObject(b, first);
        attachServerWide(b, first, rpsOf);
        Map<String, Map<String, ShardGroups>> shards = shardGroups(first.get(3));
        attachShards(b, shards, rpsOf);
        List<CountRange> ranges = countRanges(shards, rpsOf, plan, takenAt);
        timedOut.clear();
        // count(*) needs 1.0 (wildcards in functions); older servers get the fields named, from SHOW FIELD KEYS
        boolean namedFields = version != null && !version.atLeast(1, 0) && (!ranges.isEmpty() || plan.since());
        Map<String, Map<String, List<String>>> fields = null;
        if (plan.fingerprint() || namedFields) {
            fields = fingerprint(b, rpsOf, version, plan.fingerprint(), namedFields, plan.pointsSpec());
        }
        countPoints(ranges, namedFields ? fields : null).forEach(c -> {
            if (c.note() != null) {
                b.note(c.note());
            } else {
                b.count(c.count());
            }
        });
        since.clear();
        if (plan.since()) {
            // points after each range's end: what was written since the baseline (reported as growth, never compared)
            Set<CountRange> after = new LinkedHashSet<>();
            ranges.stream().filter(r -> r.to() != null).forEach(r -> after.add(new CountRange(r.database(), r.retentionPolicy(), r.to(), null)));
            countPoints(new ArrayList<>(after), namedFields ? fields : null).stream().filter(c -> c.count() != null)
                    .forEach(c -> since.add(c.count()));
        }
        return b.build();
    }

    /** The ranges of the last {@link #collect} whose count outlasted the timeout (skipped with a note, not compared). */
    public List<CountRange> timedOut() {
        return List.copyOf(timedOut);
    }

    /** A read that timed out (not a refused connection, not Ctrl-C). */
    private static boolean isTimeout(UpgradeException e) {
        if (e.kind() != UpgradeException.Kind.UNAVAILABLE || Thread.currentThread().isInterrupted()) {
            return false;
        }
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof java.net.SocketTimeoutException || t instanceof java.io.InterruptedIOException) {
                return true;
            }
        }
        return false;
    }

    /** The counts of the last {@link #collect} after each range's end (when its plan asked for them). */
    public List<Baseline.PointCount> countsSince() {
        return List.copyOf(since);
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

    /**
     * The ranges to count: the given ones (compare), else per retention policy with shards (not {@code _internal}) the
     * window before {@code takenAt} or the last {@code countGroups} shard groups, cut at {@code takenAt} (second
     * precision) so that points written after the baseline are outside them.
     */
    private static List<CountRange> countRanges(Map<String, Map<String, ShardGroups>> shards, Map<String, Set<String>> rpsOf,
                                                Plan plan, Instant takenAt) {
        List<CountRange> ranges = new ArrayList<>();
        if (!plan.ranges().isEmpty()) {
            for (CountRange r : plan.ranges()) {
                if (rpsOf.getOrDefault(r.database(), Set.of()).contains(r.retentionPolicy())) {
                    ranges.add(r);
                }
            }
            return ranges;
        }
        boolean window = plan.allTime() || (plan.windowNanos() != null && plan.windowNanos() > 0);
        if (!window && plan.countGroups() <= 0) {
            return ranges;
        }
        Instant end = (takenAt == null ? Instant.now() : takenAt).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String to = end.toString();
        for (Map.Entry<String, Map<String, ShardGroups>> e : new TreeMap<>(shards).entrySet()) {
            if (e.getKey().equals("_internal") || !rpsOf.containsKey(e.getKey())) {
                continue;
            }
            for (Map.Entry<String, ShardGroups> r : new TreeMap<>(e.getValue()).entrySet()) {
                if (!rpsOf.get(e.getKey()).contains(r.getKey()) || r.getValue().groups.isEmpty()) {
                    continue;
                }
                String from;
                if (window) {
                    from = plan.allTime() ? null : end.minusNanos(plan.windowNanos()).toString();
                } else {
                    List<String[]> groups = new ArrayList<>(r.getValue().groups.values());
                    groups.sort((x, y) -> x[0].compareTo(y[0]));
                    from = groups.get(Math.max(0, groups.size() - plan.countGroups()))[0];
                    if (!before(from, end)) {
                        continue; // the groups start after the baseline: nothing before it to count
                    }
                }
                ranges.add(new CountRange(e.getKey(), r.getKey(), from, to));
            }
        }
        return ranges;
    }

    private static boolean before(String time, Instant end) {
        try {
            return Instant.parse(time).isBefore(end);
        } catch (java.time.format.DateTimeParseException ex) {
            return true;
        }
    }

    /** A count of one measurement, or a note that a range was skipped. */
    private record Counted(Baseline.PointCount count, String note) {
    }

    /**
     * Counts points per measurement and field in each range: {@code count(*)} over {@code ./.*\/} (1.0+), or, with
     * {@code fields} (0.10 … 0.13: measurement → field names per database), one statement per measurement naming
     * each field ({@code count("f") AS "count_f"}).
     */
    private List<Counted> countPoints(List<CountRange> ranges, Map<String, Map<String, List<String>>> fields) {
        List<Counted> out = new ArrayList<>();
        List<String> statements = new ArrayList<>();
        List<CountRange> of = new ArrayList<>();
        for (CountRange r : ranges) {
            String rp = InfluxQl.ident(r.database()) + "." + InfluxQl.ident(r.retentionPolicy()) + ".";
            if (fields == null) {
                statements.add("SELECT count(*) FROM " + rp + "/.*/" + where(r));
                of.add(r);
                continue;
            }
            for (Map.Entry<String, List<String>> m : new TreeMap<>(fields.getOrDefault(r.database(), Map.of())).entrySet()) {
                if (m.getValue().isEmpty()) {
                    continue;
                }
                StringBuilder q = new StringBuilder("SELECT ");
                for (int i = 0; i < m.getValue().size(); i++) {
                    String f = m.getValue().get(i);
                    q.append(i == 0 ? "" : ", ").append("count(").append(InfluxQl.ident(f)).append(") AS ").append(InfluxQl.ident("count_" + f));
                }
                statements.add(q.append(" FROM ").append(rp).append(InfluxQl.ident(m.getKey())).append(where(r)).toString());
                of.add(r);
            }
        }
        if (statements.isEmpty()) {
            return out;
        }
        // one request per range: a count that outlasts the timeout costs that range only, not the whole baseline
        List<QueryResult.Statement> answers = new ArrayList<>();
        for (int i = 0; i < statements.size(); ) {
            int j = i;
            while (j < statements.size() && of.get(j) == of.get(i)) {
                j++;
            }
            try {
                answers.addAll(runBatch(statements.subList(i, j), null));
            } catch (UpgradeException e) {
                if (!isTimeout(e)) {
                    throw e;
                }
                timedOut.add(of.get(i));
                for (int k = i; k < j; k++) {
                    answers.add(null);
                }
            }
            i = j;
        }
        for (int i = 0; i < statements.size(); i++) {
            CountRange r = of.get(i);
            QueryResult.Statement st = answers.get(i);
            if (st == null) {
                if (i == 0 || of.get(i - 1) != r) {
                    out.add(new Counted(null, "point counts of " + InfluxQl.display(r.database()) + "." + InfluxQl.display(r.retentionPolicy())
                            + " skipped: the count took longer than the timeout (narrow --window, or raise 'connect --timeout')"));
                }
                continue;
            }
            if (st.hasError()) {
                if (st.error().startsWith("database not found") || st.error().contains("retention policy not found")) {
                    out.add(new Counted(null, "point counts of " + InfluxQl.display(r.database()) + "." + InfluxQl.display(r.retentionPolicy())
                            + " skipped: " + InfluxJavaClient.oneLine(st.error())));
                    continue;
                }
                throw statementFailed(statements.get(i), st);
            }
            for (QueryResult.Series s : st.series()) {
                if (s.name() == null) {
                    continue;
                }
                Map<String, Long> counts = new TreeMap<>();
                List<Object> row = s.values().isEmpty() ? List.of() : s.values().get(0);
                for (int c = 0; c < s.columns().size() && c < row.size(); c++) {
                    String col = s.columns().get(c);
                    Long n = QueryResult.number(row.get(c));
                    if (col.startsWith("count_") && n != null) {
                        counts.put(col.substring("count_".length()), n);
                    }
                }
                out.add(new Counted(new Baseline.PointCount(r.database(), r.retentionPolicy(), s.name(), r.from(), r.to(), counts), null));
            }
        }
        return out;
    }

    private static String where(CountRange r) {
        List<String> c = new ArrayList<>();
        if (r.from() != null) {
            c.add("time >= " + InfluxQl.literal(r.from()));
        }
        if (r.to() != null) {
            c.add("time < " + InfluxQl.literal(r.to()));
        }
        return c.isEmpty() ? "" : " WHERE " + String.join(" AND ", c);
    }

    /**
     * Per database (not {@code _internal}), one request with the database as {@code db}: {@code SHOW MEASUREMENTS} and
     * {@code SHOW SERIES}, each with a LIMIT one over its bound (0.10/0.11 apply a SHOW SERIES LIMIT to the series of
     * all measurements together, as 1.x does), and {@code SHOW SERIES CARDINALITY} on 1.4+ (an estimate, used only
     * above the row bound); {@code SHOW FIELD KEYS} when counts must name the fields. Returns measurement → fields per
     * database (empty unless asked).
     */
    private Map<String, Map<String, List<String>>> fingerprint(Baseline.Builder b, Map<String, Set<String>> rpsOf,
                                                               InfluxVersion version, boolean record, boolean fieldKeys,
                                                               String pointsSpec) {
        boolean estimate = version == null || version.atLeast(1, 4);
        List<Baseline.DatabaseData> data = new ArrayList<>();
        Map<String, Map<String, List<String>>> fields = new HashMap<>();
        for (String db : new TreeSet<>(rpsOf.keySet())) {
            if (db.equals("_internal")) {
                continue; // its series and measurements change by the minute
            }
            List<String> statements = new ArrayList<>();
            if (record) {
                statements.add("SHOW MEASUREMENTS LIMIT " + (MEASUREMENT_BOUND + 1));
                statements.add("SHOW SERIES LIMIT " + (SERIES_BOUND + 1));
                if (estimate) {
                    statements.add("SHOW SERIES CARDINALITY");
                }
            }
            if (fieldKeys) {
                statements.add("SHOW FIELD KEYS");
            }
            List<QueryResult.Statement> r = runBatch(statements, db);
            boolean dropped = false;
            for (int i = 0; i < r.size(); i++) {
                if (r.get(i).hasError()) {
                    if (r.get(i).error().startsWith("database not found")) {
                        dropped = true;
                        break;
                    }
                    throw statementFailed(statements.get(i) + " (on " + InfluxQl.display(db) + ")", r.get(i));
                }
            }
            if (dropped) {
                b.note("data of database " + InfluxQl.display(db) + " not recorded: dropped while the baseline ran");
                continue;
            }
            if (fieldKeys) {
                Map<String, List<String>> f = new TreeMap<>();
                for (QueryResult.Series s : r.get(r.size() - 1).series()) {
                    if (s.name() != null) {
                        List<String> names = new ArrayList<>();
                        for (List<Object> row : s.values()) {
                            Object k = s.column("fieldKey") >= 0 ? s.cell(row, "fieldKey") : (row.isEmpty() ? null : row.get(0));
                            if (k instanceof String n) {
                                names.add(n);
                            }
                        }
                        f.put(s.name(), names);
                    }
                }
                fields.put(db, f);
            }
            if (!record) {
                continue;
            }
            List<String> measurements = new ArrayList<>();
            for (QueryResult.Series s : r.get(0).series()) {
                for (List<Object> row : s.values()) {
                    Object n = s.column("name") >= 0 ? s.cell(row, "name") : (row.isEmpty() ? null : row.get(0));
                    if (n != null) {
                        measurements.add(String.valueOf(n));
                    }
                }
            }
            if (measurements.size() > MEASUREMENT_BOUND) {
                b.note("database " + InfluxQl.display(db) + " has more than " + MEASUREMENT_BOUND + " measurements: their names are not recorded (not compared)");
                measurements = null;
            }
            long rows = 0;
            for (QueryResult.Series s : r.get(1).series()) {
                rows += s.values().size();
            }
            Long series = rows;
            boolean estimated = false;
            if (rows > SERIES_BOUND) {
                Long est = null;
                if (estimate) {
                    for (QueryResult.Series s : r.get(2).series()) {
                        if (!s.values().isEmpty() && !s.values().get(0).isEmpty()) {
                            est = QueryResult.number(s.values().get(0).get(0));
                        }
                    }
                }
                series = est;
                estimated = est != null;
                b.note("database " + InfluxQl.display(db) + " has more than " + SERIES_BOUND + " series: "
                        + (est != null ? "recorded SHOW SERIES CARDINALITY's estimate " + est + " (compared within 1%)"
                        : "not counted (InfluxDB before 1.4 has no SHOW SERIES CARDINALITY; not compared)"));
            }
            data.add(new Baseline.DatabaseData(db, series, estimated, measurements));
        }
        if (record) {
            b.data(new Baseline.DataFingerprint(pointsSpec, data));
        }
        return fields;
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
