package io.influxupgrade.commands.v2;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a 1.x continuous query as the text of a 2.x task (Flux), since {@code influxd upgrade} does not migrate CQs.
 * The common form is translated: {@code SELECT fn(field) [AS alias] INTO [[db.]rp.]measurement FROM measurement
 * [WHERE tag = 'v'] GROUP BY time(d)[, tags]}, with {@code fn} one of the aggregates Flux has under the same meaning.
 * Anything else gets a task skeleton with the InfluxQL quoted, marked as needing a hand translation.
 */
public final class CqToTask {

    /** A task text and whether it is a full translation or a skeleton to finish by hand. */
    public record Task(String name, String flux, boolean complete, String note) {
    }

    private static final Map<String, String> FUNCTIONS = Map.of("mean", "mean", "sum", "sum", "count", "count", "min", "min",
            "max", "max", "first", "first", "last", "last", "median", "median", "spread", "spread", "stddev", "stddev");

    private static final String IDENT = "(?:\"(?:[^\"\\\\]|\\\\.)+\"|[A-Za-z_][A-Za-z0-9_]*)";
    private static final Pattern CQ = Pattern.compile("(?is)\\s*CREATE\\s+CONTINUOUS\\s+QUERY\\s+(" + IDENT + ")\\s+ON\\s+(" + IDENT
            + ")\\s+(?:RESAMPLE\\s+(?:EVERY\\s+(\\w+)\\s*)?(?:FOR\\s+(\\w+)\\s*)?)?BEGIN\\s+(.*?)\\s+END\\s*");
    private static final Pattern SELECT = Pattern.compile("(?is)SELECT\\s+(\\w+)\\s*\\(\\s*(" + IDENT + ")\\s*\\)(?:\\s+AS\\s+(" + IDENT + "))?"
            + "\\s+INTO\\s+((?:" + IDENT + "\\.){0,2}" + IDENT + ")\\s+FROM\\s+((?:" + IDENT + "\\.){0,2}" + IDENT + ")"
            + "(?:\\s+WHERE\\s+(" + IDENT + ")\\s*=\\s*'((?:[^'\\\\]|\\\\.)*)')?"
            + "\\s+GROUP\\s+BY\\s+time\\s*\\(\\s*(\\w+)\\s*\\)((?:\\s*,\\s*(?:\\*|" + IDENT + "))*)\\s*");

    private CqToTask() {
    }

    /**
     * @param db        the database the CQ is on
     * @param defaultRp that database's default retention policy (the bucket a CQ reads and writes without an rp)
     */
    public static Task translate(String name, String db, String defaultRp, String query) {
        Matcher cq = CQ.matcher(query);
        String body = cq.matches() ? cq.group(5) : query;
        String every = cq.matches() ? cq.group(3) : null;
        Matcher m = SELECT.matcher(body);
        if (!m.matches() || !FUNCTIONS.containsKey(m.group(1).toLowerCase(Locale.ROOT))) {
            return new Task(name, skeleton(name, db, defaultRp, query, every), false,
                    "not a single-aggregate SELECT … INTO … GROUP BY time(): translate the query by hand");
        }
        String fn = FUNCTIONS.get(m.group(1).toLowerCase(Locale.ROOT));
        String field = unquote(m.group(2));
        String alias = m.group(3) == null ? m.group(1).toLowerCase(Locale.ROOT) : unquote(m.group(3));
        List<String> into = splitDotted(m.group(4));
        String intoMeasurement = into.get(into.size() - 1);
        String intoRp = into.size() >= 2 ? into.get(into.size() - 2) : defaultRp;
        String intoDb = into.size() == 3 ? into.get(0) : db;
        // 1.x stores the CQ with its source spelled out (db."rp".measurement)
        List<String> source = splitDotted(m.group(5));
        String from = source.get(source.size() - 1);
        String fromRp = source.size() >= 2 ? source.get(source.size() - 2) : defaultRp;
        String fromDb = source.size() == 3 ? source.get(0) : db;
        String window = m.group(8);
        List<String> tags = new ArrayList<>();
        boolean allTags = false;
        for (String t : m.group(9).split(",")) {
            String s = t.strip();
            if (s.equals("*")) {
                allTags = true;
            } else if (!s.isEmpty()) {
                tags.add(unquote(s));
            }
        }
        StringBuilder f = new StringBuilder();
        f.append("option task = {name: ").append(str(name)).append(", every: ").append(every == null ? window : every).append("}\n\n");
        f.append("from(bucket: ").append(str(fromDb + "/" + fromRp)).append(")\n");
        f.append("    |> range(start: -").append(window).append(")\n");
        f.append("    |> filter(fn: (r) => r._measurement == ").append(str(from)).append(" and r._field == ").append(str(field));
        if (m.group(6) != null) {
            f.append(" and r[").append(str(unquote(m.group(6)))).append("] == ").append(str(m.group(7).replace("\\'", "'")));
        }
        f.append(")\n");
        if (!allTags) {
            List<String> cols = new ArrayList<>(List.of("_measurement", "_field"));
            tags.forEach(t -> cols.add(t));
            f.append("    |> group(columns: [").append(String.join(", ", cols.stream().map(CqToTask::str).toList())).append("])\n");
        }
        f.append("    |> aggregateWindow(every: ").append(window).append(", fn: ").append(fn).append(", createEmpty: false)\n");
        f.append("    |> set(key: \"_measurement\", value: ").append(str(intoMeasurement)).append(")\n");
        f.append("    |> set(key: \"_field\", value: ").append(str(alias)).append(")\n");
        f.append("    |> to(bucket: ").append(str(intoDb + "/" + intoRp)).append(")\n");
        return new Task(name, f.toString(), true, cq.matches() && cq.group(4) != null
                ? "RESAMPLE FOR " + cq.group(4) + " re-reads older windows: widen range(start:) to -" + cq.group(4) : null);
    }

    private static String skeleton(String name, String db, String rp, String query, String every) {
        StringBuilder f = new StringBuilder();
        f.append("// TODO translate by hand; the 1.x continuous query was:\n");
        for (String line : query.strip().split("\\R")) {
            f.append("//   ").append(line).append('\n');
        }
        f.append("option task = {name: ").append(str(name)).append(", every: ").append(every == null ? "1h" : every).append("}\n\n");
        f.append("from(bucket: ").append(str(db + "/" + rp)).append(")\n    |> range(start: -task.every)\n");
        return f.toString();
    }

    static List<String> splitDotted(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' && (i == 0 || s.charAt(i - 1) != '\\')) {
                quoted = !quoted;
                cur.append(c);
            } else if (c == '.' && !quoted) {
                out.add(unquote(cur.toString()));
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(unquote(cur.toString()));
        return out;
    }

    static String unquote(String s) {
        String t = s.strip();
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
            return t.substring(1, t.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return t;
    }

    /** A Flux string literal. */
    static String str(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("${", "\\${") + "\"";
    }
}
