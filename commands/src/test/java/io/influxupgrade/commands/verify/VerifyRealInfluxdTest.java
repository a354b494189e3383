package io.influxupgrade.commands.verify;

import io.influxupgrade.commands.InfluxVersion;
import io.influxupgrade.commands.Json;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.testing.InfluxdServer;
import io.influxupgrade.commands.testing.RealInfluxd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

import static io.influxupgrade.commands.verify.InfluxQl.ident;
import static io.influxupgrade.commands.verify.InfluxQl.literal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Connect, baseline and compare against a real influxd with {@code auth-enabled = true}. */
@RealInfluxd(auth = true)
class VerifyRealInfluxdTest {

    private static final String PASSWORD = "pw-9f3c\"'\\ü-never-leak";
    /** The real clock: point counts end at the baseline's time, and the points are written just before it. */
    private static final Clock CLOCK = Clock.systemUTC();
    /** Names InfluxDB accepts for databases and RPs (no backslash, no control characters there). */
    private static final String ODD_DB = "my \"db\" ü😀; x";
    private static final String ODD_RP = "rp \"q\" é";
    /** User names may also hold backslashes and newlines. */
    private static final String ODD_USER = "us\"er\\with\nnewline ü";

    @TempDir
    Path dir;
    /** Every string the commands produced, for the password grep. */
    private final List<String> produced = new ArrayList<>();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void noPasswordAnywhere() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                produced.add(Files.readString(f, StandardCharsets.UTF_8));
            }
        }
        assertThat(produced).isNotEmpty();
        for (String s : produced) {
            assertThat(s).doesNotContain(PASSWORD).doesNotContain("never-leak");
        }
    }

    private void fill(InfluxdServer server) {
        server.createAdmin("admin", PASSWORD);
        server.query("CREATE DATABASE telegraf");
        server.query("CREATE RETENTION POLICY two_weeks ON telegraf DURATION 14d REPLICATION 1 SHARD DURATION 1d");
        server.query("CREATE CONTINUOUS QUERY cq_mean ON telegraf BEGIN SELECT mean(v) INTO telegraf.two_weeks.m_1h FROM telegraf.autogen.m GROUP BY time(1h) END");
        server.query("CREATE DATABASE " + ident(ODD_DB));
        server.query("CREATE RETENTION POLICY " + ident(ODD_RP) + " ON " + ident(ODD_DB) + " DURATION 2d REPLICATION 1");
        server.query("CREATE CONTINUOUS QUERY " + ident("cq \"odd\"") + " ON " + ident(ODD_DB) + " BEGIN SELECT count(v) INTO "
                + ident(ODD_DB) + "." + ident(ODD_RP) + ".n FROM " + ident(ODD_DB) + ".autogen.m GROUP BY time(1h) END");
        server.query("CREATE SUBSCRIPTION s1 ON telegraf.autogen DESTINATIONS ALL 'udp://127.0.0.1:9'");
        server.query("CREATE USER reader WITH PASSWORD 'reader-pw'");
        server.query("GRANT READ ON telegraf TO reader");
        server.query("CREATE USER " + ident(ODD_USER) + " WITH PASSWORD 'x'");
        server.query("GRANT ALL ON " + ident(ODD_DB) + " TO " + ident(ODD_USER));
        long now = System.currentTimeMillis() * 1_000_000L;
        server.write("telegraf", null, "m,host=a v=1 " + (now - 2_000_000_000L) + "\nm,host=b v=2,w=3 " + (now - 1_000_000_000L));
    }

    private Connection connect(InfluxdServer server, String password) {
        Connection c = new ConnectCommand().run(new ConnectCommand.Request(
                ConnectionSettings.of(server.url()).withUser("admin"), password.toCharArray()));
        open.add(c);
        produced.add(c.toString());
        produced.add(Json.line(c));
        return c;
    }

    private BaselineComparison baselineThen(InfluxdServer server, Consumer<InfluxdServer> change, int counts) {
        fill(server);
        Connection c = connect(server, PASSWORD);
        VerifyBaselineCommand.BaselineSummary summary = new VerifyBaselineCommand(CLOCK)
                .run(c.client(), new VerifyBaselineCommand.Request("before", counts, dir.resolve("baselines")));
        produced.add(Json.line(summary));
        change.accept(server);
        BaselineComparison cmp = new VerifyCompareCommand(CLOCK)
                .run(c.client(), new VerifyCompareCommand.Request(Path.of(summary.file()), UpgradePathHint.NONE));
        produced.add(Json.line(cmp));
        produced.add(cmp.failureSummary());
        return cmp;
    }

    /** The comparison failed on exactly one difference, whose {@code part} is {@code expected}. */
    private static void assertFailsOnlyOn(BaselineComparison cmp, Function<Difference, String> part, String expected) {
        assertThat(cmp.differences()).extracting(part).containsExactly(expected);
        assertThat(cmp.failed()).isTrue();
    }

    @Test
    void connectReportsVersionAndUser(InfluxdServer server) {
        fill(server);
        Connection c = connect(server, PASSWORD);
        assertThat(InfluxVersion.tryParse(c.serverVersion())).isNotNull();
        assertThat(c.user()).isEqualTo("admin");
        assertThat(c.url()).isEqualTo(server.url());
        PingCommand.Ping p = new PingCommand().run(c.client());
        assertThat(p.version()).isEqualTo(c.serverVersion());
    }

    @Test
    void baselineThenUnchangedCompareDoesNotFail(InfluxdServer server) throws Exception {
        BaselineComparison cmp = baselineThen(server, s -> { }, 2);
        assertThat(cmp.differences()).isEmpty();
        assertThat(cmp.failed()).isFalse();

        Baseline b = VerifyBaselineCommand.read(dir.resolve("baselines/before.json"));
        assertThat(b.databases()).extracting(Baseline.Database::name).contains("telegraf", ODD_DB);
        assertThat(b.database(ODD_DB).retentionPolicies()).extracting(Baseline.RetentionPolicy::name).contains("autogen", ODD_RP);
        assertThat(b.database(ODD_DB).continuousQueries()).extracting(Baseline.ContinuousQuery::name).containsExactly("cq \"odd\"");
        assertThat(b.user(ODD_USER).grants()).containsEntry(ODD_DB, "ALL PRIVILEGES");
        assertThat(b.user("reader").grants()).containsEntry("telegraf", "READ");
        assertThat(b.user("admin").admin()).isTrue();
        Baseline.RetentionPolicy twoWeeks = b.database("telegraf").retentionPolicies().stream()
                .filter(r -> r.name().equals("two_weeks")).findFirst().orElseThrow();
        assertThat(twoWeeks.duration()).isEqualTo("336h0m0s");
        assertThat(twoWeeks.shardGroupDuration()).isEqualTo("24h0m0s");
        assertThat(b.database("telegraf").retentionPolicies().get(0).subscriptions()).extracting(Baseline.Subscription::name)
                .containsExactly("s1");
        assertThat(b.counts()).filteredOn(pc -> pc.measurement().equals("m")).singleElement()
                .satisfies(pc -> assertThat(pc.fields()).containsEntry("v", 2L).containsEntry("w", 1L));
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(dir.resolve("baselines/before.json")))).isEqualTo("rw-------");
        }
    }

    @Test
    void droppedUserIsNamedExactly(InfluxdServer server) {
        BaselineComparison cmp = baselineThen(server, s -> s.query("DROP USER " + ident(ODD_USER)), 0);
        assertFailsOnlyOn(cmp, Difference::message, "user \"us\\\"er\\\\with\\nnewline ü\": missing now");
        assertThat(cmp.failureSummary()).doesNotContain("\n");
    }

    @Test
    void changedRetentionPolicyDurationIsNamedExactly(InfluxdServer server) {
        BaselineComparison cmp = baselineThen(server,
                s -> s.query("ALTER RETENTION POLICY " + ident(ODD_RP) + " ON " + ident(ODD_DB) + " DURATION 3d"), 0);
        assertFailsOnlyOn(cmp, Difference::message, "retention policy " + InfluxQl.display(ODD_DB) + "." + InfluxQl.display(ODD_RP)
                + ": duration 48h0m0s → 72h0m0s");
    }

    @Test
    void droppedContinuousQueryIsNamedExactly(InfluxdServer server) {
        BaselineComparison cmp = baselineThen(server, s -> s.query("DROP CONTINUOUS QUERY cq_mean ON telegraf"), 0);
        assertFailsOnlyOn(cmp, Difference::message, "continuous query \"telegraf\".\"cq_mean\": missing now");
    }

    @Test
    void revokedGrantIsNamedExactly(InfluxdServer server) {
        BaselineComparison cmp = baselineThen(server, s -> s.query("REVOKE READ ON telegraf FROM reader"), 0);
        assertFailsOnlyOn(cmp, Difference::object, "grant of user \"reader\" on \"telegraf\"");
    }

    @Test
    void deletedPointsFailTheCountComparison(InfluxdServer server) {
        BaselineComparison cmp = baselineThen(server, s -> s.query("DELETE FROM m WHERE host = 'a'", "telegraf"), 2);
        // host=a had one point: deleting it drops its series too, which the data fingerprint sees
        assertThat(cmp.differences()).extracting(Difference::attribute).containsExactly("series", "count of \"v\"");
        assertThat(cmp.differences().get(0).object()).isEqualTo("series of database \"telegraf\"");
        assertThat(cmp.differences().get(0).baseline()).isEqualTo("2");
        assertThat(cmp.differences().get(0).now()).isEqualTo("1");
        assertThat(cmp.differences().get(1).baseline()).isEqualTo("2");
        assertThat(cmp.differences().get(1).now()).isEqualTo("1");
        assertThat(cmp.differences()).allMatch(Difference::failing);
        assertThat(cmp.failed()).isTrue();
    }

    @Test
    void wrongPasswordIsUnavailableOnOneLineWithoutThePassword(InfluxdServer server) {
        fill(server);
        String wrong = PASSWORD + "-wrong";
        assertThatThrownBy(() -> connect(server, wrong)).isInstanceOfSatisfying(UpgradeException.class, e -> {
            assertThat(e.kind()).isEqualTo(UpgradeException.Kind.UNAVAILABLE);
            assertThat(e.getMessage()).doesNotContain("\n").doesNotContain(wrong)
                    .isEqualTo("server " + server.url() + " refused the credentials of user \"admin\" (authorization failed):"
                            + " check --user and the password");
            produced.add(e.getMessage());
            produced.add(stackTrace(e));
        });
        assertThatThrownBy(() -> new ConnectCommand().run(new ConnectCommand.Request(ConnectionSettings.of(server.url()), null)))
                .isInstanceOfSatisfying(UpgradeException.class, e -> {
                    assertThat(e.kind()).isEqualTo(UpgradeException.Kind.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("requires authentication");
                });
    }

    @Test
    void nonAdminUserIsToldToConnectAsAdmin(InfluxdServer server) {
        fill(server);
        Connection c = new ConnectCommand().run(new ConnectCommand.Request(
                ConnectionSettings.of(server.url()).withUser("reader"), "reader-pw".toCharArray()));
        open.add(c);
        assertThatThrownBy(() -> new VerifyBaselineCommand(CLOCK).run(c.client(), new VerifyBaselineCommand.Request(null, 0, dir)))
                .isInstanceOfSatisfying(UpgradeException.class, e -> {
                    assertThat(e.kind()).isEqualTo(UpgradeException.Kind.UNAVAILABLE);
                    assertThat(e.getMessage()).doesNotContain("\n").contains("user \"reader\"").endsWith("connect as an admin user");
                    produced.add(e.getMessage());
                });
    }

    @Test
    void stoppedServerIsUnavailable(InfluxdServer server) {
        fill(server);
        Connection c = connect(server, PASSWORD);
        server.stop();
        assertThatThrownBy(() -> new VerifyBaselineCommand(CLOCK).run(c.client(),
                new VerifyBaselineCommand.Request("after-stop", 0, dir)))
                .isInstanceOfSatisfying(UpgradeException.class, e -> {
                    assertThat(e.kind()).isEqualTo(UpgradeException.Kind.UNAVAILABLE);
                    assertThat(e.getMessage()).isEqualTo("server " + server.url()
                            + " is not answering (connection refused): start influxd or fix --url");
                    produced.add(stackTrace(e));
                });
        assertThat(dir.resolve("after-stop.json")).doesNotExist();
    }

    @Test
    void queryIsReadOnlyAndJsonFriendly(InfluxdServer server) {
        fill(server);
        Connection c = connect(server, PASSWORD);
        QueryCommand.QueryAnswer a = new QueryCommand().run(c.client(),
                new QueryCommand.Request("SELECT count(v) FROM m", "telegraf"));
        produced.add(Json.line(a));
        assertThat(a.series()).singleElement().satisfies(t -> {
            assertThat(t.columns()).containsExactly("time", "count");
            assertThat(t.values().get(0).get(1)).isEqualTo(2L);
        });
        QueryCommand.QueryAnswer rps = new QueryCommand().run(c.client(),
                new QueryCommand.Request("SHOW RETENTION POLICIES ON " + ident(ODD_DB), null));
        assertThat(rps.series().get(0).values()).extracting(r -> r.get(0)).contains(ODD_RP);
        assertThatThrownBy(() -> new QueryCommand().run(c.client(), new QueryCommand.Request("SELECT * FROM m", "nope")))
                .isInstanceOfSatisfying(UpgradeException.class, e -> assertThat(e.kind()).isEqualTo(UpgradeException.Kind.USAGE));
        assertThatThrownBy(() -> new QueryCommand().run(c.client(), new QueryCommand.Request("DROP DATABASE telegraf", null)))
                .isInstanceOfSatisfying(UpgradeException.class, e -> assertThat(e.kind()).isEqualTo(UpgradeException.Kind.USAGE));
        assertThat(server.query("SHOW DATABASES")).contains("telegraf");
        assertThatThrownBy(() -> new QueryCommand().run(c.client(), new QueryCommand.Request("SELECT FROM", null)))
                .isInstanceOfSatisfying(UpgradeException.class, e -> assertThat(e.kind()).isEqualTo(UpgradeException.Kind.USAGE));
    }

    @Test
    void batchWithFailingStatementsGivesEachStatementItsOwnAnswer(InfluxdServer server) {
        fill(server);
        Connection c = connect(server, PASSWORD);
        List<String> st = List.of("SHOW RETENTION POLICIES ON \"telegraf\"", "SHOW RETENTION POLICIES ON \"nope\"",
                "SHOW GRANTS FOR \"reader\"", "SHOW GRANTS FOR \"ghost\"", "SHOW USERS");
        List<QueryResult.Statement> r = new BaselineCollector(c.client()).runBatch(st, null);
        assertThat(r).hasSize(5);
        assertThat(r.get(0).hasError()).isFalse();
        assertThat(r.get(0).series().get(0).values()).extracting(v -> v.get(0)).contains("autogen", "two_weeks");
        assertThat(r.get(1).error()).isEqualTo("database not found: nope");
        assertThat(r.get(2).series().get(0).values()).containsExactly(List.of("telegraf", "READ"));
        assertThat(r.get(3).error()).isEqualTo("user not found");
        assertThat(r.get(4).series().get(0).values()).extracting(v -> v.get(0)).contains("admin", "reader");
    }

    @Test
    void oddNamesRoundTripThroughTheRealServer(InfluxdServer server) {
        fill(server);
        String[] users = {"q\"uote", "back\\slash", "new\nline", "ünï 😀", "semi;colon", "it's"};
        for (String u : users) {
            server.query("CREATE USER " + ident(u) + " WITH PASSWORD " + literal("p"));
            server.query("GRANT WRITE ON " + ident(ODD_DB) + " TO " + ident(u));
        }
        Connection c = connect(server, PASSWORD);
        Baseline b = new BaselineCollector(c.client()).collect("odd", CLOCK.instant(), 0, List.of());
        for (String u : users) {
            assertThat(b.user(u)).as(u).isNotNull();
            assertThat(b.user(u).grants()).containsEntry(ODD_DB, "WRITE");
        }
        assertThat(b.notes()).isEmpty();
    }

    private static String stackTrace(Throwable e) {
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
