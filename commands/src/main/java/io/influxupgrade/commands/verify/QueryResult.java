package io.influxupgrade.commands.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The answer to one query request, independent of the client library: one {@link Statement} per
 * statement, in order. InfluxDB 1.x stops at the first failing statement and may answer fewer statements
 * than were sent (the rest "not executed").
 */
public record QueryResult(List<Statement> statements) {

    public QueryResult {
        statements = List.copyOf(statements);
    }

    /** One statement's answer: an error, or zero or more series. */
    public record Statement(String error, List<Series> series) {
        public Statement {
            series = series == null ? List.of() : List.copyOf(series);
        }

        public static Statement ok(List<Series> series) {
            return new Statement(null, series);
        }

        public static Statement failed(String error) {
            return new Statement(error, List.of());
        }

        public boolean hasError() {
            return error != null;
        }
    }

    /**
     * One series: name (may be null), tags, column names and rows. Numbers are whatever the client produced
     * (influxdb-java gives Double for every JSON number); use {@link #number} to read them.
     */
    public record Series(String name, Map<String, String> tags, List<String> columns, List<List<Object>> values) {
        public Series {
            tags = tags == null ? Map.of() : Map.copyOf(tags);
            columns = columns == null ? List.of() : List.copyOf(columns);
            List<List<Object>> rows = new ArrayList<>();
            if (values != null) {
                for (List<Object> row : values) {
                    rows.add(row == null ? List.of() : java.util.Collections.unmodifiableList(new ArrayList<>(row)));
                }
            }
            values = List.copyOf(rows);
        }

        /** The index of {@code column}, or -1 when this server version does not report it. */
        public int column(String column) {
            return columns.indexOf(column);
        }

        /** The cell at {@code row}/{@code column}, or null when the column or the cell is absent. */
        public Object cell(List<Object> row, String column) {
            int i = column(column);
            return i < 0 || i >= row.size() ? null : row.get(i);
        }
    }

    /** A JSON number as a long (influxdb-java reads every number as Double); null when not a number. */
    public static Long number(Object cell) {
        if (cell instanceof Number n) {
            return n.longValue();
        }
        if (cell instanceof String s) {
            try {
                return (long) Double.parseDouble(s);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
