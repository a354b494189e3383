package io.influxupgrade.commands.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A fake behind the {@link InfluxQuery} port that answers the SHOW statements of a baseline from an
 * in-memory model, the way influxd 1.x shapes them (or 0.11, with {@code oldColumns}): every number a
 * Double, statements split on {@code ;} outside quotes, and the first failing statement of a multi-statement
 * request answered "not executed" with nothing after it, as influxd 1.6.7 does.
 */
final class FakeInfluxServer implements InfluxQuery {

    static final class Rp {
        String duration;
        String shardGroupDuration;
        int replicaN = 1;
        boolean isDefault;
        final Map<String, List<Object>> subscriptions = new LinkedHashMap<>();
        final List<List<Object>> shards = new ArrayList<>();

        Rp(String duration, String sgd, boolean isDefault) {
            this.duration = duration;
            this.shardGroupDuration = sgd;
            this.isDefault = isDefault;
        }
    }

    final Map<String, Map<String, Rp>> dbs = new LinkedHashMap<>();
    final Map<String, Map<String, String>> cqs = new LinkedHashMap<>();
    final Map<String, Boolean> users = new LinkedHashMap<>();
    final Map<String, Map<String, String>> grants = new LinkedHashMap<>();
    /** count(*) answers by "db.rp" → measurement → field → count. */
    final Map<String, Map<String, Map<String, Long>>> points = new LinkedHashMap<>();
    /** Series per database: measurement → number of series (keys are made up as {@code m,id=N}). */
    final Map<String, Map<String, Integer>> series = new LinkedHashMap<>();
    /** The databases passed as {@code db} with each request, in order (null when none). */
    final List<String> requestDbs = new ArrayList<>();
    final List<String> requests = new ArrayList<>();
    /** Databases whose point counts time out, as a read that outlasts the client's timeout does. */
    final java.util.Set<String> slowCounts = new java.util.HashSet<>();
    boolean oldColumns;
    String version = "1.6.7~rc0";
    long nextShardId = 1;
    /** Runs before answering the statement with this index in the whole session (to drop things mid-baseline). */
    final Map<String, Consumer<FakeInfluxServer>> beforeStatement = new LinkedHashMap<>();

    FakeInfluxServer db(String name) {
        dbs.computeIfAbsent(name, k -> new LinkedHashMap<>());
        cqs.computeIfAbsent(name, k -> new LinkedHashMap<>());
        return this;
    }

    FakeInfluxServer rp(String db, String rp, String duration, String sgd, boolean isDefault) {
        db(db).dbs.get(db).put(rp, new Rp(duration, sgd, isDefault));
        return this;
    }

    Rp rp(String db, String rp) {
        return dbs.get(db).get(rp);
    }

    FakeInfluxServer shardGroup(String db, String rp, String start, String end, int shards) {
        long group = nextShardId * 10;
        for (int i = 0; i < shards; i++) {
            rp(db, rp).shards.add(List.of((double) nextShardId++, db, rp, (double) group, start, end, end, "1,2"));
        }
        return this;
    }

    FakeInfluxServer cq(String db, String name, String query) {
        db(db).cqs.get(db).put(name, query);
        return this;
    }

    FakeInfluxServer subscription(String db, String rp, String name, String mode, String... dest) {
        rp(db, rp).subscriptions.put(name, List.of(rp, name, mode, List.of(dest)));
        return this;
    }

    FakeInfluxServer user(String name, boolean admin) {
        users.put(name, admin);
        grants.computeIfAbsent(name, k -> new LinkedHashMap<>());
        return this;
    }

    FakeInfluxServer grant(String user, String db, String privilege) {
        grants.get(user).put(db, privilege);
        return this;
    }

    FakeInfluxServer dropDatabase(String db) {
        dbs.remove(db);
        cqs.remove(db);
        return this;
    }

    FakeInfluxServer dropUser(String u) {
        users.remove(u);
        grants.remove(u);
        return this;
    }

    @Override
    public QueryResult query(String influxql, String db) {
        requests.add(influxql);
        requestDbs.add(db);
        for (String slow : slowCounts) {
            if (influxql.startsWith("SELECT count(") && influxql.contains(" FROM " + InfluxQl.ident(slow) + ".")) {
                throw io.influxupgrade.commands.UpgradeException.unavailable("server " + url() + " did not answer within 5s (timeout)",
                        new java.net.SocketTimeoutException("timeout"));
            }
        }
        List<String> statements = split(influxql);
        List<QueryResult.Statement> out = new ArrayList<>();
        for (int i = 0; i < statements.size(); i++) {
            String st = statements.get(i).trim();
            Consumer<FakeInfluxServer> hook = beforeStatement.remove(st);
            if (hook != null) {
                hook.accept(this);
            }
            QueryResult.Statement r = answer(st, db);
            if (r.hasError()) {
                out.add(statements.size() > 1 ? QueryResult.Statement.failed("not executed") : r);
                break;
            }
            out.add(r);
        }
        return new QueryResult(out);
    }

    private boolean before10() {
        return version.startsWith("0.");
    }

    private QueryResult.Statement answer(String st, String db) {
        if (st.startsWith("SHOW MEASUREMENTS LIMIT ") || st.startsWith("SHOW SERIES LIMIT ") || st.equals("SHOW SERIES CARDINALITY")
                || st.equals("SHOW FIELD KEYS")) {
            if (db == null || !dbs.containsKey(db)) {
                return QueryResult.Statement.failed(db == null ? "database name required" : "database not found: " + db);
            }
            return perDatabase(st, db);
        }
        switch (st) {
            case "SHOW DATABASES":
                return ok(series("databases", List.of("name"), dbs.keySet().stream().map(d -> List.<Object>of(d)).toList()));
            case "SHOW USERS":
                return ok(series(null, List.of("user", "admin"), users.entrySet().stream()
                        .map(e -> List.<Object>of(e.getKey(), e.getValue())).toList()));
            case "SHOW CONTINUOUS QUERIES": {
                List<QueryResult.Series> s = new ArrayList<>();
                cqs.forEach((d, m) -> s.add(series(d, List.of("name", "query"),
                        m.entrySet().stream().map(e -> List.<Object>of(e.getKey(), e.getValue())).toList())));
                return QueryResult.Statement.ok(s);
            }
            case "SHOW SUBSCRIPTIONS": {
                List<QueryResult.Series> s = new ArrayList<>();
                dbs.forEach((d, rps) -> {
                    List<List<Object>> rows = new ArrayList<>();
                    rps.values().forEach(r -> rows.addAll(r.subscriptions.values()));
                    if (!rows.isEmpty()) {
                        s.add(series(d, List.of("retention_policy", "name", "mode", "destinations"), rows));
                    }
                });
                return QueryResult.Statement.ok(s);
            }
            case "SHOW SHARDS": {
                List<QueryResult.Series> s = new ArrayList<>();
                dbs.forEach((d, rps) -> {
                    List<List<Object>> rows = new ArrayList<>();
                    rps.values().forEach(r -> rows.addAll(r.shards));
                    s.add(series(d, List.of("id", "database", "retention_policy", "shard_group", "start_time", "end_time",
                            "expiry_time", "owners"), rows));
                });
                return QueryResult.Statement.ok(s);
            }
            default:
                break;
        }
        if (st.startsWith("SHOW RETENTION POLICIES ON ")) {
            String d = unquote(st.substring("SHOW RETENTION POLICIES ON ".length()));
            if (!dbs.containsKey(d)) {
                return QueryResult.Statement.failed("database not found: " + d);
            }
            List<List<Object>> rows = new ArrayList<>();
            dbs.get(d).forEach((name, r) -> rows.add(oldColumns
                    ? List.of(name, r.duration, (double) r.replicaN, r.isDefault)
                    : List.of(name, r.duration, r.shardGroupDuration, (double) r.replicaN, r.isDefault)));
            return ok(series(null, oldColumns ? List.of("name", "duration", "replicaN", "default")
                    : List.of("name", "duration", "shardGroupDuration", "replicaN", "default"), rows));
        }
        if (st.startsWith("SHOW GRANTS FOR ")) {
            String u = unquote(st.substring("SHOW GRANTS FOR ".length()));
            if (!users.containsKey(u)) {
                return QueryResult.Statement.failed("user not found");
            }
            return ok(series(null, List.of("database", "privilege"), grants.get(u).entrySet().stream()
                    .map(e -> List.<Object>of(e.getKey(), e.getValue())).toList()));
        }
        if (st.startsWith("SELECT count(") && !st.startsWith("SELECT count(*)")) {
            // 0.x style: SELECT count("f") AS "count_f", ... FROM "db"."rp"."m" WHERE ...
            String rest = st.substring(st.indexOf(" FROM ") + " FROM ".length());
            List<String> parts = identifiers(rest, 3);
            if (!dbs.containsKey(parts.get(0))) {
                return QueryResult.Statement.failed("database not found: " + parts.get(0));
            }
            Map<String, Long> fields = points.getOrDefault(parts.get(0) + "." + parts.get(1), Map.of()).get(parts.get(2));
            if (fields == null) {
                return QueryResult.Statement.ok(List.of());
            }
            List<String> cols = new ArrayList<>(List.of("time"));
            List<Object> row = new ArrayList<>(List.of("1970-01-01T00:00:00Z"));
            String select = st.substring(0, st.indexOf(" FROM "));
            for (int at = select.indexOf("count(\""); at >= 0; at = select.indexOf("count(\"", at + 1)) {
                String f = identifiers(select.substring(at + "count(".length()), 1).get(0);
                cols.add("count_" + f);
                row.add((double) fields.getOrDefault(f, 0L));
            }
            return ok(series(parts.get(2), cols, List.of(row)));
        }
        if (st.startsWith("SELECT count(*) FROM ") && before10()) {
            return QueryResult.Statement.failed("expected field argument in count()");
        }
        if (st.startsWith("SELECT count(*) FROM ")) {
            String rest = st.substring("SELECT count(*) FROM ".length());
            List<String> parts = identifiers(rest, 2);
            String key = parts.get(0) + "." + parts.get(1);
            if (!dbs.containsKey(parts.get(0))) {
                return QueryResult.Statement.failed("database not found: " + parts.get(0));
            }
            List<QueryResult.Series> s = new ArrayList<>();
            new TreeMap<>(points.getOrDefault(key, Map.of())).forEach((m, fields) -> {
                List<String> cols = new ArrayList<>(List.of("time"));
                List<Object> row = new ArrayList<>(List.of("1970-01-01T00:00:00Z"));
                fields.forEach((f, n) -> {
                    cols.add("count_" + f);
                    row.add((double) n);
                });
                s.add(series(m, cols, List.of(row)));
            });
            return QueryResult.Statement.ok(s);
        }
        return QueryResult.Statement.failed("fake cannot answer: " + st);
    }

    /** SHOW MEASUREMENTS / SERIES / SERIES CARDINALITY / FIELD KEYS of one database, with LIMIT over all rows. */
    private QueryResult.Statement perDatabase(String st, String db) {
        Map<String, Integer> ser = series.getOrDefault(db, Map.of());
        java.util.TreeSet<String> ms = new java.util.TreeSet<>(ser.keySet());
        points.forEach((k, m) -> {
            if (k.startsWith(db + ".")) {
                ms.addAll(m.keySet());
            }
        });
        if (st.equals("SHOW SERIES CARDINALITY")) {
            long n = ser.values().stream().mapToLong(Integer::longValue).sum();
            return ok(series(null, List.of("cardinality estimation"), List.of(List.of((double) n))));
        }
        if (st.equals("SHOW FIELD KEYS")) {
            List<QueryResult.Series> out = new ArrayList<>();
            for (String m : ms) {
                java.util.TreeSet<String> fs = new java.util.TreeSet<>();
                points.forEach((k, mm) -> {
                    if (k.startsWith(db + ".") && mm.containsKey(m)) {
                        fs.addAll(mm.get(m).keySet());
                    }
                });
                out.add(series(m, List.of("fieldKey"), fs.stream().map(f -> List.<Object>of(f)).toList()));
            }
            return QueryResult.Statement.ok(out);
        }
        int limit = Integer.parseInt(st.substring(st.lastIndexOf(' ') + 1));
        if (st.startsWith("SHOW MEASUREMENTS")) {
            List<List<Object>> rows = ms.stream().limit(limit).map(m -> List.<Object>of(m)).toList();
            return rows.isEmpty() ? QueryResult.Statement.ok(List.of()) : ok(series("measurements", List.of("name"), rows));
        }
        List<QueryResult.Series> out = new ArrayList<>();
        List<List<Object>> all = new ArrayList<>();
        int left = limit;
        for (String m : ms) {
            List<List<Object>> rows = new ArrayList<>();
            for (int i = 0; i < ser.getOrDefault(m, 0) && left > 0; i++, left--) {
                rows.add(oldColumns ? List.of(m + ",id=" + i, String.valueOf(i)) : List.of(m + ",id=" + i));
            }
            if (oldColumns && !rows.isEmpty()) {
                out.add(series(m, List.of("_key", "id"), rows)); // 0.10/0.11: one row per measurement
            }
            all.addAll(rows);
        }
        if (!oldColumns && !all.isEmpty()) {
            out.add(series(null, List.of("key"), all));
        }
        return QueryResult.Statement.ok(out);
    }

    private static QueryResult.Statement ok(QueryResult.Series s) {
        return QueryResult.Statement.ok(List.of(s));
    }

    private static QueryResult.Series series(String name, List<String> columns, List<List<Object>> rows) {
        return new QueryResult.Series(name, null, columns, rows);
    }

    /** Splits on ; outside double/single quotes (with backslash escapes). */
    static List<String> split(String q) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < q.length(); i++) {
            char c = q.charAt(i);
            if (quote != 0) {
                cur.append(c);
                if (c == '\\' && i + 1 < q.length()) {
                    cur.append(q.charAt(++i));
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                cur.append(c);
            } else if (c == ';') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (!cur.toString().isBlank()) {
            out.add(cur.toString());
        }
        return out;
    }

    /** The value of one double-quoted identifier. */
    static String unquote(String ident) {
        List<String> ids = identifiers(ident, 1);
        return ids.get(0);
    }

    private static List<String> identifiers(String s, int n) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (out.size() < n) {
            if (s.charAt(i) != '"') {
                throw new IllegalArgumentException("not a quoted identifier: " + s);
            }
            StringBuilder b = new StringBuilder();
            i++;
            while (s.charAt(i) != '"') {
                char c = s.charAt(i);
                if (c == '\\') {
                    char e = s.charAt(++i);
                    b.append(e == 'n' ? '\n' : e);
                } else {
                    b.append(c);
                }
                i++;
            }
            out.add(b.toString());
            i++;
            if (i < s.length() && s.charAt(i) == '.') {
                i++;
            }
        }
        return out;
    }

    @Override
    public Pong ping() {
        return new Pong(version, 1);
    }

    @Override
    public String url() {
        return "http://127.0.0.1:8086";
    }

    @Override
    public void close() {
    }
}
