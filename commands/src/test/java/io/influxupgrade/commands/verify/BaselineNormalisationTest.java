package io.influxupgrade.commands.verify;

import io.influxupgrade.commands.InfluxVersion;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** Each normalisation rule of {@link BaselineDiff}, driven through the collector with a fake server. */
class BaselineNormalisationTest {

    private static final Instant T = Instant.parse("2026-11-25T12:00:00Z");
    private static final UpgradePathHint V011_TO_14 = new UpgradePathHint(InfluxVersion.parse("0.11.1"), InfluxVersion.parse("1.4"));

    static FakeInfluxServer typical() {
        FakeInfluxServer f = new FakeInfluxServer();
        f.rp("telegraf", "autogen", "0s", "168h0m0s", true);
        f.rp("telegraf", "two_weeks", "336h0m0s", "24h0m0s", false);
        f.shardGroup("telegraf", "autogen", "2026-11-16T00:00:00Z", "2026-11-23T00:00:00Z", 1);
        f.shardGroup("telegraf", "autogen", "2026-11-23T00:00:00Z", "2026-11-30T00:00:00Z", 1);
        f.cq("telegraf", "cq_mean", "CREATE CONTINUOUS QUERY cq_mean ON telegraf BEGIN SELECT mean(v) INTO two_weeks.m FROM m GROUP BY time(1h) END");
        f.subscription("telegraf", "autogen", "kapacitor", "ANY", "udp://127.0.0.1:9092");
        f.rp("_internal", "monitor", "168h0m0s", "24h0m0s", true);
        f.shardGroup("_internal", "monitor", "2026-11-25T00:00:00Z", "2026-11-26T00:00:00Z", 1);
        f.user("admin", true).user("reader", false).grant("reader", "telegraf", "READ");
        return f;
    }

    static Baseline take(FakeInfluxServer f) {
        return new BaselineCollector(f).collect("b", T, 0, List.of());
    }

    static BaselineComparison change(FakeInfluxServer f, Consumer<FakeInfluxServer> edit, UpgradePathHint hint) {
        Baseline before = take(f);
        edit.accept(f);
        return BaselineDiff.compare(before, take(f), hint);
    }

    @Test
    void unchangedServerHasNoDifferences() {
        BaselineComparison c = change(typical(), f -> { }, UpgradePathHint.NONE);
        assertThat(c.differences()).isEmpty();
        assertThat(c.failed()).isFalse();
    }

    @Test
    void baselineRecordsEveryObject() {
        Baseline b = take(typical());
        assertThat(b.databases()).extracting(Baseline.Database::name).containsExactly("_internal", "telegraf");
        Baseline.RetentionPolicy autogen = b.database("telegraf").retentionPolicies().get(0);
        assertThat(autogen.name()).isEqualTo("autogen");
        assertThat(autogen.replicaN()).isEqualTo(1);
        assertThat(autogen.isDefault()).isTrue();
        assertThat(autogen.shards()).isEqualTo(new Baseline.ShardSummary(2, 2));
        assertThat(autogen.subscriptions()).extracting(Baseline.Subscription::destinations)
                .containsExactly(List.of("udp://127.0.0.1:9092"));
        assertThat(b.database("_internal").retentionPolicies().get(0).shards()).as("_internal shards churn").isNull();
        assertThat(b.user("reader").grants()).containsEntry("telegraf", "READ");
        assertThat(b.user("admin").admin()).isTrue();
        assertThat(b.database("telegraf").continuousQueries()).extracting(Baseline.ContinuousQuery::name).containsExactly("cq_mean");
    }

    @Test
    void columnMissingOnOldServerIsNotComparedButNoted() {
        FakeInfluxServer f = typical();
        f.oldColumns = true;
        f.version = "0.11.1";
        Baseline before = take(f);
        f.oldColumns = false;
        f.version = "1.4.3";
        BaselineComparison c = BaselineDiff.compare(before, take(f), V011_TO_14);
        assertThat(before.database("telegraf").retentionPolicies().get(0).shardGroupDuration()).isNull();
        assertThat(c.failed()).isFalse();
        assertThat(c.notes()).anyMatch(n -> n.contains("shardGroupDuration") && n.contains("0.11.1"));
    }

    @Test
    void zeroDurationOfOldGoEqualsZeroSeconds() {
        BaselineComparison c = change(typical(), f -> f.rp("telegraf", "autogen").duration = "0", UpgradePathHint.NONE);
        assertThat(c.differences()).isEmpty();
    }

    @Test
    void durationsCompareByValue() {
        BaselineComparison c = change(typical(), f -> f.rp("telegraf", "two_weeks").duration = "336h", UpgradePathHint.NONE);
        assertThat(c.differences()).isEmpty();
    }

    @Test
    void defaultRenamedToAutogenMatchesOnlyWhenThePathImpliesIt() {
        FakeInfluxServer f = new FakeInfluxServer();
        f.rp("db", "default", "0", "168h0m0s", true);
        f.subscription("db", "default", "s", "ALL", "udp://127.0.0.1:1");
        Baseline before = take(f);
        f.dropDatabase("db");
        f.rp("db", "autogen", "0s", "168h0m0s", true);
        f.subscription("db", "autogen", "s", "ALL", "udp://127.0.0.1:1");
        Baseline now = take(f);

        BaselineComparison withPath = BaselineDiff.compare(before, now, V011_TO_14);
        assertThat(withPath.failed()).isFalse();
        assertThat(withPath.notes()).anyMatch(n -> n.contains("\"default\" compared as \"autogen\""));

        BaselineComparison noPath = BaselineDiff.compare(before, now, UpgradePathHint.NONE);
        assertThat(noPath.failed()).isTrue();
        assertThat(noPath.differences()).extracting(Difference::message).containsExactlyInAnyOrder(
                "retention policy \"db\".\"autogen\": added since the baseline",
                "retention policy \"db\".\"default\": missing now");

        BaselineComparison sameMajor = BaselineDiff.compare(before, now,
                new UpgradePathHint(InfluxVersion.parse("1.3"), InfluxVersion.parse("1.4")));
        assertThat(sameMajor.failed()).isTrue();
    }

    @Test
    void defaultIsNotRenamedWhenBothNamesExist() {
        FakeInfluxServer f = new FakeInfluxServer();
        f.rp("db", "default", "0", "168h0m0s", true);
        f.rp("db", "autogen", "0s", "168h0m0s", false);
        BaselineComparison c = change(f, x -> x.dbs.get("db").remove("default"), V011_TO_14);
        assertThat(c.differences()).extracting(Difference::message).containsExactly("retention policy \"db\".\"default\": missing now");
    }

    @Test
    void shardIdsOwnersAndNodeIdsAreIgnored() {
        BaselineComparison c = change(typical(), f -> {
            FakeInfluxServer.Rp r = f.rp("telegraf", "autogen");
            List<List<Object>> renumbered = r.shards.stream().map(row -> List.<Object>of((double) 900 + (double) row.get(0),
                    row.get(1), row.get(2), 500 + (double) row.get(3), row.get(4), row.get(5), row.get(6), "3")).toList();
            r.shards.clear();
            r.shards.addAll(renumbered);
        }, UpgradePathHint.NONE);
        assertThat(c.differences()).isEmpty();
    }

    @Test
    void moreShardsIsReportedButDoesNotFailFewerDoes() {
        BaselineComparison more = change(typical(),
                f -> f.shardGroup("telegraf", "autogen", "2026-11-30T00:00:00Z", "2026-12-07T00:00:00Z", 1), UpgradePathHint.NONE);
        assertThat(more.differences()).isNotEmpty();
        assertThat(more.failed()).isFalse();

        BaselineComparison fewer = change(typical(), f -> f.rp("telegraf", "autogen").shards.remove(0), UpgradePathHint.NONE);
        assertThat(fewer.failed()).isTrue();
        assertThat(fewer.differences()).extracting(Difference::object).containsOnly("shards of retention policy \"telegraf\".\"autogen\"");
    }

    @Test
    void revokedGrantLeftAsNoPrivilegesEqualsNoGrant() {
        FakeInfluxServer f = typical();
        f.user("w", false);
        BaselineComparison c = change(f, x -> x.grant("w", "telegraf", "NO PRIVILEGES"), UpgradePathHint.NONE);
        assertThat(c.differences()).isEmpty();
    }

    @Test
    void eachRealChangeIsNamedExactly() {
        assertThat(change(typical(), f -> f.dropUser("reader"), UpgradePathHint.NONE).differences())
                .extracting(Difference::message).containsExactly("user \"reader\": missing now");
        assertThat(change(typical(), f -> f.rp("telegraf", "two_weeks").duration = "72h0m0s", UpgradePathHint.NONE).differences())
                .extracting(Difference::message)
                .containsExactly("retention policy \"telegraf\".\"two_weeks\": duration 336h0m0s → 72h0m0s");
        assertThat(change(typical(), f -> f.cqs.get("telegraf").clear(), UpgradePathHint.NONE).differences())
                .extracting(Difference::message).containsExactly("continuous query \"telegraf\".\"cq_mean\": missing now");
        BaselineComparison revoked = change(typical(), f -> f.grants.get("reader").put("telegraf", "NO PRIVILEGES"), UpgradePathHint.NONE);
        assertThat(revoked.differences()).extracting(Difference::object).containsExactly("grant of user \"reader\" on \"telegraf\"");
        assertThat(revoked.failed()).isTrue();
        assertThat(revoked.failureSummary()).startsWith("1 difference from baseline b: grant of user \"reader\" on \"telegraf\"");
        assertThat(change(typical(), f -> f.users.put("reader", true), UpgradePathHint.NONE).differences())
                .extracting(Difference::message).containsExactly("user \"reader\": admin false → true");
        assertThat(change(typical(), f -> f.rp("telegraf", "two_weeks").isDefault = true, UpgradePathHint.NONE).differences())
                .extracting(Difference::message).containsExactly("retention policy \"telegraf\".\"two_weeks\": default false → true");
        assertThat(change(typical(), f -> f.subscription("telegraf", "autogen", "kapacitor", "ALL", "udp://127.0.0.1:9092"),
                UpgradePathHint.NONE).differences()).extracting(Difference::message)
                .containsExactly("subscription \"telegraf\".\"autogen\".\"kapacitor\": mode ANY → ALL");
        assertThat(change(typical(), f -> f.db("new"), UpgradePathHint.NONE).differences())
                .extracting(Difference::message).containsExactly("database \"new\": added since the baseline");
    }

    @Test
    void databaseDroppedBetweenTwoShowsIsLeftOutWithANote() {
        FakeInfluxServer f = typical();
        f.rp("gone", "autogen", "0s", "168h0m0s", true);
        f.beforeStatement.put("SHOW RETENTION POLICIES ON \"gone\"", x -> x.dropDatabase("gone"));
        Baseline b = take(f);
        assertThat(b.database("gone")).isNull();
        assertThat(b.database("telegraf")).isNotNull();
        assertThat(b.user("reader").grants()).containsEntry("telegraf", "READ");
        assertThat(b.notes()).containsExactly("database \"gone\" was dropped while the baseline ran; left out");
    }

    @Test
    void userDroppedBetweenTwoShowsIsLeftOutWithANote() {
        FakeInfluxServer f = typical();
        f.beforeStatement.put("SHOW GRANTS FOR \"admin\"", x -> x.dropUser("admin"));
        Baseline b = take(f);
        assertThat(b.user("admin")).isNull();
        assertThat(b.user("reader").grants()).containsEntry("telegraf", "READ");
        assertThat(b.notes()).containsExactly("user \"admin\" was dropped while the baseline ran; left out");
    }

    @Test
    void manyObjectsTakeThreeRequestsIncludingOneForPerObjectStatements() {
        FakeInfluxServer f = new FakeInfluxServer();
        for (int i = 0; i < 200; i++) {
            for (int r = 0; r < 3; r++) {
                f.rp("db_" + i, "rp_" + r, "0s", "168h0m0s", r == 0);
            }
        }
        for (int u = 0; u < 100; u++) {
            f.user("user_" + u, false).grant("user_" + u, "db_" + u, "READ");
        }
        Baseline b = take(f);
        assertThat(b.retentionPolicyCount()).isEqualTo(600);
        assertThat(b.users()).hasSize(100);
        assertThat(f.requests).hasSize(2);
    }

    @Test
    void countsAreTakenOverTheLastShardGroupsAndComparedOverTheSameRange() {
        FakeInfluxServer f = typical();
        f.points.put("telegraf.autogen", new java.util.TreeMap<>(java.util.Map.of("cpu", new java.util.TreeMap<>(java.util.Map.of("v", 10L, "w", 4L)))));
        Baseline before = new BaselineCollector(f).collect("b", T, 1, List.of());
        assertThat(before.counts()).singleElement().satisfies(c -> {
            assertThat(c.from()).isEqualTo("2026-11-23T00:00:00Z");
            assertThat(c.to()).as("the range ends at the baseline's time, not at the group's end").isEqualTo("2026-11-25T12:00:00Z");
            assertThat(c.fields()).containsEntry("v", 10L).containsEntry("w", 4L);
        });
        assertThat(f.requests.get(f.requests.size() - 1))
                .isEqualTo("SELECT count(*) FROM \"telegraf\".\"autogen\"./.*/ WHERE time >= '2026-11-23T00:00:00Z' AND time < '2026-11-25T12:00:00Z'");

        f.points.get("telegraf.autogen").get("cpu").put("v", 9L);
        Baseline now = new BaselineCollector(f).collect("b", T, 0,
                List.of(new BaselineCollector.CountRange("telegraf", "autogen", "2026-11-23T00:00:00Z", "2026-11-25T12:00:00Z")));
        BaselineComparison c = BaselineDiff.compare(before, now, UpgradePathHint.NONE);
        assertThat(c.differences()).extracting(Difference::message).containsExactly(
                "points of \"telegraf\".\"autogen\".\"cpu\" in [2026-11-23T00:00:00Z, 2026-11-25T12:00:00Z): count of \"v\" 10 → 9");
        assertThat(c.failed()).isTrue();
    }

    @Test
    void metastoreStyleBuilderMatchesTheLiveBaseline() {
        Baseline live = take(typical());
        Baseline.Builder m = Baseline.builder("meta")
                .retentionPolicy("telegraf", "autogen", 0L, 604_800_000_000_000L, 1, true)
                .retentionPolicy("telegraf", "two_weeks", 1_209_600_000_000_000L, 86_400_000_000_000L, 1, false)
                .subscription("telegraf", "autogen", "kapacitor", "ANY", List.of("udp://127.0.0.1:9092"))
                .continuousQuery("telegraf", "cq_mean", live.database("telegraf").continuousQueries().get(0).query())
                .retentionPolicy("_internal", "monitor", 604_800_000_000_000L, 86_400_000_000_000L, 1, true)
                .user("admin", true).user("reader", false).grant("reader", "telegraf", 1);
        BaselineComparison c = BaselineDiff.compare(m.build(), live, UpgradePathHint.NONE);
        assertThat(c.differences()).as("shards are null in the metastore model and not compared").isEmpty();
    }
}
