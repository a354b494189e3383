package io.influxupgrade.commands.verify;

import io.influxupgrade.commands.UpgradeException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs one read-only statement ({@link ReadOnlyQuery}) and returns its series as columns and rows.
 * Numbers that are whole come back as integers (influxdb-java reads every number as a double).
 */
public final class QueryCommand {

    public record Request(String influxql, String db) {
    }

    /** The answer: one entry per series (name and tags may be absent), JSON friendly. */
    public record QueryAnswer(String query, String db, List<Table> series) {
        /** Rows for a text table of series {@code i}: the header row first. */
        public List<List<String>> rows(int i) {
            Table t = series.get(i);
            List<List<String>> rows = new ArrayList<>();
            rows.add(t.columns());
            for (List<Object> r : t.values()) {
                rows.add(r.stream().map(v -> v == null ? "" : String.valueOf(v)).toList());
            }
            return rows;
        }
    }

    /** One series. */
    public record Table(String name, Map<String, String> tags, List<String> columns, List<List<Object>> values) {
    }

    /** {@code query}: a statement that is not read-only is refused before the session's server is connected at all. */
    public QueryAnswer run(SessionConnection connection, Request request) {
        ReadOnlyQuery.check(request.influxql());
        return run(connection.client(), request);
    }

    public QueryAnswer run(InfluxQuery client, Request request) {
        String statement = ReadOnlyQuery.check(request.influxql());
        String db = request.db() == null || request.db().isBlank() ? null : request.db();
        QueryResult r = client.query(statement, db);
        if (r.statements().isEmpty()) {
            return new QueryAnswer(statement, db, List.of());
        }
        QueryResult.Statement st = r.statements().get(0);
        if (st.hasError()) {
            String err = InfluxJavaClient.oneLine(st.error());
            if (err.startsWith("database not found")) {
                throw UpgradeException.usage("query: " + err + " on " + client.url()
                        + " (see query \"SHOW DATABASES\"; pass --db with an existing database)");
            }
            if (err.contains("database name required")) {
                throw UpgradeException.usage("query: " + err + " (pass --db, or qualify the measurement as \"db\".\"rp\".\"m\")");
            }
            throw UpgradeException.failed("query on " + client.url() + " failed: " + err);
        }
        List<Table> tables = new ArrayList<>();
        for (QueryResult.Series s : st.series()) {
            List<List<Object>> values = new ArrayList<>();
            for (List<Object> row : s.values()) {
                List<Object> out = new ArrayList<>(row.size());
                for (Object v : row) {
                    out.add(wholeNumber(v));
                }
                values.add(out);
            }
            tables.add(new Table(s.name(), s.tags().isEmpty() ? null : s.tags(), s.columns(), values));
        }
        return new QueryAnswer(statement, db, tables);
    }

    static Object wholeNumber(Object v) {
        if (v instanceof Double d && !d.isInfinite() && !d.isNaN() && d == Math.rint(d) && Math.abs(d) < 9.007199254740992E15) {
            return d.longValue();
        }
        return v;
    }
}
