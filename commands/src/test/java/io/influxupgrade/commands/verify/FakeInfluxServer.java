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
    final List<String> requests = new ArrayList<>();
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
        List<String> statements = split(influxql);
        List<QueryResult.Statement> out = new ArrayList<>();
        for (int i = 0; i < statements.size(); i++) {
            String st = statements.get(i).trim();
            Consumer<FakeInfluxServer> hook = beforeStatement.remove(st);
            if (hook != null) {
                hook.accept(this);
            }
            QueryResult.Statement r = answer(st);
            if (r.hasError()) {
                out.add(statements.size() > 1 ? QueryResult.Statement.failed("not executed") : r);
                break;
            }
            out.add(r);
        }
        return new QueryResult(out);
    }

    private QueryResult.Statement answer(String st) {
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
