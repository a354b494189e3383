package io.influxupgrade.commands.real;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.influxupgrade.commands.codec.GoDuration;
import io.influxupgrade.commands.meta.MetaData;
import io.influxupgrade.commands.meta.UserInfo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The fixtures that real InfluxDB releases wrote (see {@code real/README.md} in the test resources), and the
 * answers those releases gave to SHOW statements when the fixtures were made, in one comparable form: each statement
 * maps to rows of strings. {@link #expected(MetaData, JsonNode)} computes the same rows from a metastore we read, so a
 * test compares what the real server said with what our offline reading says, statement by statement.
 */
final class RealFixtures {

    static final ObjectMapper JSON = new ObjectMapper();

    private RealFixtures() {
    }

    /** The folder of one fixture set, e.g. {@code 0.11.1-small}, inside the test classpath. */
    static Path set(String name) {
        try {
            Path root = Path.of(RealFixtures.class.getResource("/io/influxupgrade/commands/real").toURI());
            return root.resolve(name);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of a fixture folder (tests that write must never touch the classpath copy). */
    static Path copy(Path from, Path to) {
        try {
            io.influxupgrade.commands.fs.FileTrees.copy(from, to, (rel, attrs) -> true);
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server's answers as statement → rows (each value as text, arrays joined with ","). */
    static Map<String, List<List<String>>> actual(JsonNode answers) {
        Map<String, List<List<String>>> out = new LinkedHashMap<>();
        for (Iterator<String> it = answers.fieldNames(); it.hasNext(); ) {
            String stmt = it.next();
            if (!stmt.startsWith("SHOW ") || stmt.equals("SHOW SHARD GROUPS")) {
                continue;
            }
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode series : answers.get(stmt).path("results").path(0).path("series")) {
                for (JsonNode values : series.path("values")) {
                    List<String> row = new ArrayList<>();
                    if (stmt.equals("SHOW CONTINUOUS QUERIES") || stmt.equals("SHOW SUBSCRIPTIONS")) {
                        row.add(series.path("name").asText());
                    }
                    for (JsonNode v : values) {
                        row.add(text(v));
                    }
                    rows.add(row);
                }
            }
            if (stmt.startsWith("SHOW GRANTS FOR ")) {
                rows.sort(ROWS);
            }
            out.put(stmt, rows);
        }
        return out;
    }

    /**
     * The same statements answered from a metastore we read. {@code answers} says which statements to answer and,
     * for SHOW RETENTION POLICIES, which columns the release printed (1.x adds shardGroupDuration).
     */
    static Map<String, List<List<String>>> expected(MetaData meta, JsonNode answers) {
        Map<String, List<List<String>>> out = new LinkedHashMap<>();
        for (Iterator<String> it = answers.fieldNames(); it.hasNext(); ) {
            String stmt = it.next();
            if (!stmt.startsWith("SHOW ") || stmt.equals("SHOW SHARD GROUPS")) {
                continue;
            }
            out.put(stmt, answer(meta, stmt, answers.get(stmt)));
        }
        return out;
    }

    private static List<List<String>> answer(MetaData meta, String stmt, JsonNode real) {
        List<List<String>> rows = new ArrayList<>();
        switch (stmt) {
            case "SHOW DATABASES" -> meta.databases().forEach(d -> rows.add(List.of(d.name())));
            case "SHOW USERS" -> meta.users().forEach(u -> rows.add(List.of(u.name(), String.valueOf(u.admin()))));
            case "SHOW CONTINUOUS QUERIES" -> meta.databases().forEach(d -> d.continuousQueries()
                    .forEach(cq -> rows.add(List.of(d.name(), cq.name(), cq.query()))));
            case "SHOW SUBSCRIPTIONS" -> meta.databases().forEach(d -> d.retentionPolicies().forEach(rp -> rp.subscriptions()
                    .forEach(s -> rows.add(List.of(d.name(), rp.name(), s.name(), s.mode(), String.join(",", s.destinations()))))));
            case "SHOW SHARDS" -> meta.databases().forEach(d -> d.retentionPolicies().forEach(rp -> rp.shardGroups().stream()
                    .filter(g -> !g.deleted())
                    .forEach(g -> g.shards().forEach(s -> rows.add(List.of(String.valueOf(s.id()), d.name(), rp.name(),
                            String.valueOf(g.id()), time(g.startTime()), time(g.endTime()),
                            time(g.endTime() + rp.duration()),
                            s.owners().stream().map(String::valueOf).collect(Collectors.joining(","))))))));
            default -> {
                if (stmt.startsWith("SHOW RETENTION POLICIES ON ")) {
                    String db = stmt.substring("SHOW RETENTION POLICIES ON ".length());
                    JsonNode columns = real.path("results").path(0).path("series").path(0).path("columns");
                    boolean sgd = columns.toString().contains("shardGroupDuration");
                    MetaData.DatabaseInfo d = meta.database(db).orElseThrow(() -> new AssertionError("no database " + db));
                    for (MetaData.RetentionPolicyInfo rp : d.retentionPolicies()) {
                        List<String> row = new ArrayList<>(List.of(rp.name(), GoDuration.format(rp.duration())));
                        if (sgd) {
                            row.add(GoDuration.format(rp.shardGroupDuration()));
                        }
                        row.add(String.valueOf(rp.replicaN()));
                        row.add(String.valueOf(rp.name().equals(d.defaultRetentionPolicy())));
                        rows.add(row);
                    }
                } else if (stmt.startsWith("SHOW GRANTS FOR ")) {
                    String name = stmt.substring("SHOW GRANTS FOR ".length());
                    UserInfo u = meta.user(name).orElseThrow(() -> new AssertionError("no user " + name));
                    u.privileges().forEach((db, p) -> rows.add(List.of(db, p.label())));
                    rows.sort(ROWS);
                } else {
                    throw new AssertionError("no expectation for " + stmt);
                }
            }
        }
        return rows;
    }

    private static final java.util.Comparator<List<String>> ROWS = (a, b) -> String.join("\u0000", a).compareTo(String.join("\u0000", b));

    static String time(long unixNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(unixNanos, 1_000_000_000L), Math.floorMod(unixNanos, 1_000_000_000L)).toString();
    }

    private static String text(JsonNode v) {
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            v.forEach(x -> parts.add(x.asText()));
            return String.join(",", parts);
        }
        return v.asText();
    }
}
