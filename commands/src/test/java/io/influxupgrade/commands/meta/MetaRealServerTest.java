package io.influxupgrade.commands.meta;

import com.fasterxml.jackson.databind.JsonNode;
import io.influxupgrade.commands.Json;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.testing.InfluxdServer;
import io.influxupgrade.commands.testing.RealInfluxd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static io.influxupgrade.commands.testing.InfluxdServer.ident;
import static io.influxupgrade.commands.testing.InfluxdServer.literal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Against a real influxd: an awkward metastore read from meta.db, from an {@code influxd backup} legacy file and
 * from an {@code influxd backup -portable} set must each match what the live server answers to its SHOW
 * statements; a meta.db and a meta.NN written by our codec must be accepted by a real influxd.
 */
@RealInfluxd
class MetaRealServerTest {

    static final String DB1 = "my db";
    static final String DB2 = "select";
    static final String DB3 = "quo\"te's";
    static final String DB4 = "日本語 db";
    static final String RP_30D = "thirty days";

    @TempDir
    Path tmp;

    /** Builds the awkward metastore; returns nothing, the server holds it. */
    static void buildAwkwardMetastore(InfluxdServer s) {
        s.query("CREATE DATABASE " + ident(DB1) + " WITH DURATION 30d REPLICATION 1 SHARD DURATION 2d NAME " + ident(RP_30D));
        s.query("CREATE RETENTION POLICY " + ident("two hours") + " ON " + ident(DB1) + " DURATION 2h REPLICATION 3 SHARD DURATION 1h DEFAULT");
        s.query("CREATE DATABASE " + ident(DB2));
        s.query("CREATE RETENTION POLICY " + ident("inf") + " ON " + ident(DB2) + " DURATION INF REPLICATION 1 SHARD DURATION 30d");
        s.query("CREATE DATABASE " + ident(DB3));
        s.query("CREATE DATABASE " + ident(DB4) + " WITH DURATION 90d SHARD DURATION 1d NAME " + ident("ninety"));
        s.query("CREATE DATABASE doomed");
        s.write("doomed", null, "m v=1 " + nanos(Instant.now()));
        s.query("DROP DATABASE doomed");

        s.query("CREATE USER root WITH PASSWORD 'r00t-secret' WITH ALL PRIVILEGES");
        s.query("CREATE USER " + ident("read er") + " WITH PASSWORD 'x'");
        s.query("GRANT READ ON " + ident(DB1) + " TO " + ident("read er"));
        s.query("GRANT ALL ON " + ident(DB4) + " TO " + ident("read er"));
        s.query("CREATE USER " + ident("wr\"iter") + " WITH PASSWORD 'y'");
        s.query("GRANT WRITE ON " + ident(DB2) + " TO " + ident("wr\"iter"));
        s.query("GRANT READ ON " + ident(DB3) + " TO " + ident("wr\"iter"));
        s.query("REVOKE READ ON " + ident(DB3) + " FROM " + ident("wr\"iter"));

        s.query("CREATE CONTINUOUS QUERY " + ident("cq \"one\"") + " ON " + ident(DB1) + " BEGIN SELECT mean(v) INTO "
                + ident(DB1) + "." + ident(RP_30D) + ".m_mean FROM m GROUP BY time(1h) END");
        s.query("CREATE CONTINUOUS QUERY " + ident("from") + " ON " + ident(DB4) + " RESAMPLE EVERY 2h FOR 4h BEGIN SELECT max(v) INTO "
                + ident("日本") + " FROM m GROUP BY time(1h), * END");
        s.query("CREATE SUBSCRIPTION " + ident("sub 1") + " ON " + ident(DB1) + "." + ident(RP_30D) + " DESTINATIONS ANY "
                + literal("http://127.0.0.1:9") + ", " + literal("http://127.0.0.1:9/b"));
        s.query("CREATE SUBSCRIPTION " + ident("all'sub") + " ON " + ident(DB4) + "." + ident("ninety") + " DESTINATIONS ALL "
                + literal("udp://127.0.0.1:9"));

        Instant now = Instant.now();
        StringBuilder lp = new StringBuilder();
        for (int day = 0; day < 6; day++) {
            lp.append("m,host=a v=").append(day).append(' ').append(nanos(now.minusSeconds(86_400L * day))).append('\n');
        }
        s.write(DB1, RP_30D, lp.toString());
        s.write(DB1, "two hours", "m v=1 " + nanos(now));
        s.write(DB2, "inf", "m v=1 1577836800000000000\nm v=2 1590000000000000000\nm v=3 1600000000000000000");
        s.write(DB4, "ninety", "m v=1 " + nanos(now) + "\nm v=2 " + nanos(now.minusSeconds(86_400 * 3)));

        // a deleted shard group: drop the only shard of one of DB2's groups
        long victim = -1;
        for (Series sr : series(s.query("SHOW SHARDS"))) {
            if (sr.name().equals(DB2)) {
                victim = ((Number) sr.values().get(0).get(0)).longValue();
            }
        }
        assertThat(victim).isPositive();
        s.query("DROP SHARD " + victim);
    }

    static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    @Test
    void metaShowOfMetaDbLegacyBackupAndPortableBackupEachEqualTheLiveShowAnswers(InfluxdServer server) {
        buildAwkwardMetastore(server);
        Map<String, Object> live = liveAnswers(server);

        MetaShowCommand show = new MetaShowCommand();
        MetaReport fromMetaDb = show.run(new MetaShowCommand.Request(server.metaDir().toString(), null, null));
        assertThat(fromMetaDb.format()).isEqualTo("meta.db");
        assertThat(answersOf(fromMetaDb, server)).isEqualTo(live);

        Path legacy = tmp.resolve("legacy");
        InfluxdServer.ProcessResult r = server.influxd("backup", "-host", server.bindAddress(), legacy.toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
        MetaReport fromLegacy = show.run(new MetaShowCommand.Request(legacy.toString(), null, null));
        assertThat(fromLegacy.format()).isEqualTo("meta.NN");
        assertThat(answersOf(fromLegacy, server)).isEqualTo(live);

        Path portable = tmp.resolve("portable");
        r = server.influxd("backup", "-portable", "-host", server.bindAddress(), portable.toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
        MetaReport fromPortable = show.run(new MetaShowCommand.Request(portable.toString(), null, null));
        assertThat(fromPortable.format()).isEqualTo("portable");
        assertThat(answersOf(fromPortable, server)).isEqualTo(live);

        // the deleted shard group is flagged, not dropped, and password hashes never show
        assertThat(fromMetaDb.databases().stream().filter(d -> d.name().equals(DB2)).findFirst().orElseThrow()
                .retentionPolicies().stream().flatMap(p -> p.shardGroups().stream()))
                .anySatisfy(g -> assertThat(g.deletedAt()).isNotNull());
        assertThat(Json.line(fromMetaDb) + Json.line(fromLegacy) + Json.line(fromPortable)).doesNotContain("$2a$");

        MetaDiff sameAsLegacy = new MetaDiffCommand().run(new MetaDiffCommand.Request(server.metaDir().toString(), legacy.toString(), true));
        assertThat(sameAsLegacy.differences()).isEmpty();
        assertThat(MetaDiff.compare(MetaSources.read(server.metaDir()), MetaSources.read(portable), true).failed()).isFalse();
    }

    @Test
    void metaDbAndLegacyBackupWrittenByOurCodecAreAcceptedByARealInfluxd(InfluxdServer server) {
        buildAwkwardMetastore(server);
        Map<String, Object> sourceAnswers = rawAnswers(server);
        MetaData data = MetaSources.read(server.metaDir()).data();

        // our meta.db, in a fresh meta dir, started by a second influxd
        Path ourMeta = tmp.resolve("ourmeta");
        MetaStoreWriter.writeMetaDb(ourMeta, data);
        try (InfluxdServer second = InfluxdServer.create(tmp.resolve("second"), InfluxdServer.Options.defaults())) {
            second.start(ourMeta);
            assertThat(rawAnswers(second)).isEqualTo(sourceAnswers);
        }

        // our meta.00, restored by influxd restore -metadir, started by a third influxd
        Path backup = tmp.resolve("ourbackup");
        MetaStoreWriter.writeLegacyBackup(backup.resolve("meta.00"), data);
        Path restored = tmp.resolve("restored");
        InfluxdServer.ProcessResult r = server.influxd("restore", "-metadir", restored.toString(), backup.toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
        try (InfluxdServer third = InfluxdServer.create(tmp.resolve("third"), InfluxdServer.Options.defaults())) {
            third.start(restored);
            assertThat(rawAnswers(third)).isEqualTo(sourceAnswers);
        }

        MetaData back = MetaSources.read(restored).data();
        MetaDiff d = MetaDiff.compare(data, back, true);
        assertThat(d.differences()).isEmpty();
        assertThat(back.index()).isEqualTo(data.index() + 2); // restore bumps the index twice (format doc §2.4)
    }

    /** Real files from a real influxd, mutated: each case parses or fails with one line naming the file. */
    @Test
    void fuzzMutationsOfRealServerFilesEitherParseOrFailWithOneLine(InfluxdServer server) throws Exception {
        buildAwkwardMetastore(server);
        Path legacy = tmp.resolve("legacy");
        assertThat(server.influxd("backup", "-host", server.bindAddress(), legacy.toString()).exitCode()).isZero();
        Path portable = tmp.resolve("portable");
        assertThat(server.influxd("backup", "-portable", "-host", server.bindAddress(), portable.toString()).exitCode()).isZero();
        List<Path> bases = new ArrayList<>();
        bases.add(server.metaDir().resolve("meta.db"));
        bases.add(legacy.resolve("meta.00"));
        try (Stream<Path> s = Files.list(portable)) {
            bases.add(s.filter(p -> p.toString().endsWith(".meta")).findFirst().orElseThrow());
        }
        Random rnd = new Random(20261125L);
        int cases = 0;
        for (Path base : bases) {
            byte[] orig = Files.readAllBytes(base);
            for (int i = 0; i < 350; i++) {
                byte[] b = orig.clone();
                switch (i % 3) {
                    case 0 -> b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
                    case 1 -> b = java.util.Arrays.copyOf(b, rnd.nextInt(b.length));
                    default -> {
                        if (base.getFileName().toString().startsWith("meta.0")) {
                            int off = rnd.nextBoolean() ? 8 : 16 + (int) ByteBuffer.wrap(orig).getLong(8);
                            ByteBuffer.wrap(b).putLong(off, rnd.nextBoolean() ? rnd.nextLong() : rnd.nextInt(orig.length * 2));
                        } else {
                            int off = 1 + rnd.nextInt(Math.min(64, b.length - 1));
                            b[off] = (byte) rnd.nextInt(256);
                        }
                    }
                }
                Path f = Files.createDirectories(tmp.resolve("fuzz" + cases)).resolve(base.getFileName());
                Files.write(f, b);
                try {
                    MetaSources.read(f);
                } catch (UpgradeException e) {
                    assertThat(e.getMessage()).contains(f.toString()).doesNotContain("\n");
                } catch (Throwable t) {
                    fail(f + " threw " + t, t);
                }
                cases++;
            }
        }
        assertThat(cases).isGreaterThanOrEqualTo(1_000);
    }

    // ------------------------------------------------------------------ live answers, parsed by the test

    record Series(String name, List<String> columns, List<List<Object>> values) {
    }

    static List<Series> series(String json) {
        try {
            JsonNode root = Json.mapper().readTree(json);
            List<Series> out = new ArrayList<>();
            for (JsonNode res : root.path("results")) {
                for (JsonNode s : res.path("series")) {
                    List<String> cols = new ArrayList<>();
                    s.path("columns").forEach(c -> cols.add(c.asText()));
                    List<List<Object>> vals = new ArrayList<>();
                    for (JsonNode row : s.path("values")) {
                        List<Object> v = new ArrayList<>();
                        row.forEach(c -> v.add(c.isNumber() ? (Object) c.asLong() : c.isBoolean() ? (Object) c.asBoolean()
                                : c.isArray() ? (Object) Json.mapper().convertValue(c, List.class) : c.isNull() ? "" : c.asText()));
                        vals.add(v);
                    }
                    out.add(new Series(s.path("name").asText(""), cols, vals));
                }
            }
            return out;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The SHOW answers a server gives, raw (names, rows), keyed by statement; comparable between servers. */
    static Map<String, Object> rawAnswers(InfluxdServer s) {
        Map<String, Object> m = new TreeMap<>();
        List<String> dbs = new ArrayList<>();
        for (Series sr : series(s.query("SHOW DATABASES"))) {
            sr.values().forEach(v -> dbs.add((String) v.get(0)));
        }
        m.put("SHOW DATABASES", new TreeSet<>(dbs));
        for (String db : dbs) {
            m.put("SHOW RETENTION POLICIES ON " + db, series(s.query("SHOW RETENTION POLICIES ON " + ident(db))));
        }
        m.put("SHOW SHARDS", series(s.query("SHOW SHARDS")));
        m.put("SHOW USERS", series(s.query("SHOW USERS")));
        for (Series sr : series(s.query("SHOW USERS"))) {
            for (List<Object> u : sr.values()) {
                // privileges live in a Go map: their order is not stable between writes, so compare them sorted
                List<Series> grants = new ArrayList<>();
                for (Series g : series(s.query("SHOW GRANTS FOR " + ident((String) u.get(0))))) {
                    List<List<Object>> rows = new ArrayList<>(g.values());
                    rows.sort(java.util.Comparator.comparing(Object::toString));
                    grants.add(new Series(g.name(), g.columns(), rows));
                }
                m.put("SHOW GRANTS FOR " + u.get(0), grants);
            }
        }
        m.put("SHOW CONTINUOUS QUERIES", series(s.query("SHOW CONTINUOUS QUERIES")));
        m.put("SHOW SUBSCRIPTIONS", series(s.query("SHOW SUBSCRIPTIONS")));
        return m;
    }

    /** The live answers in a normalised, comparable form (sets and maps rather than server order). */
    static Map<String, Object> liveAnswers(InfluxdServer s) {
        Map<String, Object> m = new TreeMap<>();
        Map<String, Object> raw = rawAnswers(s);
        @SuppressWarnings("unchecked")
        TreeSet<String> dbs = (TreeSet<String>) raw.get("SHOW DATABASES");
        m.put("databases", dbs);
        Map<String, Object> rps = new TreeMap<>();
        for (String db : dbs) {
            rps.put(db, rows(answer(raw, "SHOW RETENTION POLICIES ON " + db)));
        }
        m.put("retention policies", rps);
        m.put("shards", rows(answer(raw, "SHOW SHARDS")));
        Map<String, Object> users = new TreeMap<>();
        for (Series sr : answer(raw, "SHOW USERS")) {
            for (List<Object> u : sr.values()) {
                Map<String, String> grants = new TreeMap<>();
                answer(raw, "SHOW GRANTS FOR " + u.get(0))
                        .forEach(g -> g.values().forEach(v -> grants.put((String) v.get(0), (String) v.get(1))));
                users.put((String) u.get(0), List.of(u.get(1), grants));
            }
        }
        m.put("users", users);
        m.put("continuous queries", rowsByName(answer(raw, "SHOW CONTINUOUS QUERIES")));
        m.put("subscriptions", rowsByName(answer(raw, "SHOW SUBSCRIPTIONS")));
        return m;
    }

    @SuppressWarnings("unchecked")
    private static List<Series> answer(Map<String, Object> raw, String query) {
        return (List<Series>) raw.get(query);
    }

    /** Every row of every series, as text, sorted. */
    private static TreeSet<String> rows(List<Series> series) {
        TreeSet<String> rows = new TreeSet<>();
        series.forEach(sr -> sr.values().forEach(v -> rows.add(v.toString())));
        return rows;
    }

    /** Each series' rows under its name (SHOW CONTINUOUS QUERIES and SHOW SUBSCRIPTIONS: one series a database). */
    private static Map<String, Object> rowsByName(List<Series> series) {
        Map<String, Object> byName = new TreeMap<>();
        for (Series sr : series) {
            byName.put(sr.name(), rows(List.of(sr)));
        }
        return byName;
    }

    /** The same normalised answers, computed from a report (what the server would say about this metastore). */
    static Map<String, Object> answersOf(MetaReport rep, InfluxdServer s) {
        Map<String, Object> m = new TreeMap<>();
        TreeSet<String> dbs = new TreeSet<>();
        rep.databases().forEach(d -> dbs.add(d.name()));
        m.put("databases", dbs);
        Map<String, Object> rps = new TreeMap<>();
        TreeSet<String> shards = new TreeSet<>();
        Map<String, Object> cqs = new TreeMap<>();
        Map<String, Object> subs = new TreeMap<>();
        for (MetaReport.Database d : rep.databases()) {
            TreeSet<String> rows = new TreeSet<>();
            TreeSet<String> subRows = new TreeSet<>();
            for (MetaReport.RetentionPolicy r : d.retentionPolicies()) {
                rows.add(List.of(r.name(), r.duration(), r.shardGroupDuration(), (long) r.replicaN(),
                        r.name().equals(d.defaultRetentionPolicy())).toString());
                for (MetaReport.ShardGroup g : r.shardGroups()) {
                    if (g.deletedAt() != null) {
                        continue; // SHOW SHARDS leaves out deleted groups
                    }
                    String expiry = expiry(g.end(), r.duration());
                    for (MetaReport.Shard sh : g.shards()) {
                        StringBuilder owners = new StringBuilder();
                        sh.owners().forEach(o -> owners.append(owners.isEmpty() ? "" : ",").append(o));
                        shards.add(List.of(sh.id(), d.name(), r.name(), g.id(), g.start(), g.end(), expiry, owners.toString()).toString());
                    }
                }
                for (MetaReport.Subscription sub : r.subscriptions()) {
                    subRows.add(List.of(r.name(), sub.name(), sub.mode(), sub.destinations()).toString());
                }
            }
            rps.put(d.name(), rows);
            TreeSet<String> cqRows = new TreeSet<>();
            d.continuousQueries().forEach(c -> cqRows.add(List.of(c.name(), c.query()).toString()));
            cqs.put(d.name(), cqRows);
            if (!subRows.isEmpty()) {
                subs.put(d.name(), subRows);
            }
        }
        m.put("retention policies", rps);
        m.put("shards", shards);
        Map<String, Object> users = new TreeMap<>();
        for (MetaReport.User u : rep.users()) {
            users.put(u.name(), List.of(u.admin(), new TreeMap<>(u.privileges())));
        }
        m.put("users", users);
        m.put("continuous queries", cqs);
        m.put("subscriptions", subs);
        return m;
    }

    /** end + duration, formatted like SHOW SHARDS (RFC3339, UTC); the duration parsed from Go's text. */
    static String expiry(String end, String goDuration) {
        java.util.regex.Matcher mt = java.util.regex.Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?").matcher(goDuration);
        assertThat(mt.matches()).as(goDuration).isTrue();
        long secs = (mt.group(1) == null ? 0 : Long.parseLong(mt.group(1)) * 3600)
                + (mt.group(2) == null ? 0 : Long.parseLong(mt.group(2)) * 60)
                + (mt.group(3) == null ? 0 : Long.parseLong(mt.group(3)));
        return Instant.parse(end).plusSeconds(secs).toString();
    }

}
