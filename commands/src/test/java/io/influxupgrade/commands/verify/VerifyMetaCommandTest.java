package io.influxupgrade.commands.verify;

import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.meta.MetaData;
import io.influxupgrade.commands.meta.MetaSnapshot;
import io.influxupgrade.commands.meta.Privilege;
import io.influxupgrade.commands.meta.UserInfo;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VerifyMetaCommandTest {

    static final long HOUR = 3_600_000_000_000L;
    static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");

    static MetaSnapshot snapshot(String defaultRp) {
        MetaData.ShardGroupInfo live = new MetaData.ShardGroupInfo(1, 0, 24 * HOUR, 0, 0,
                List.of(new MetaData.ShardInfo(1, List.of(7L)), new MetaData.ShardInfo(2, List.of())));
        MetaData.ShardGroupInfo deleted = new MetaData.ShardGroupInfo(2, 0, 24 * HOUR, 5, 0, List.of(new MetaData.ShardInfo(3, List.of())));
        MetaData.ShardGroupInfo empty = new MetaData.ShardGroupInfo(3, 0, 24 * HOUR, 0, 0, List.of());
        MetaData.RetentionPolicyInfo week = new MetaData.RetentionPolicyInfo("week", 168 * HOUR, 24 * HOUR, 1,
                List.of(live, deleted, empty), List.of(new MetaData.SubscriptionInfo("s1", "ANY", List.of("udp://b:1", "udp://a:1"))));
        MetaData.RetentionPolicyInfo dflt = new MetaData.RetentionPolicyInfo(defaultRp, 0, 0, 0, List.of(), List.of());
        MetaData.DatabaseInfo db = new MetaData.DatabaseInfo("my \"db\"", defaultRp, List.of(week, dflt),
                List.of(new MetaData.ContinuousQueryInfo("cq", "CREATE CONTINUOUS QUERY cq ON x BEGIN SELECT 1 END")));
        MetaData.DatabaseInfo internal = new MetaData.DatabaseInfo("_internal", "monitor",
                List.of(new MetaData.RetentionPolicyInfo("monitor", 168 * HOUR, 24 * HOUR, 1, List.of(live), List.of())), List.of());
        List<UserInfo> users = List.of(new UserInfo("admin", true, Map.of(), null),
                new UserInfo("bob", false, Map.of("my \"db\"", Privilege.READ, "gone", Privilege.NONE), null));
        return new MetaSnapshot("/m/meta.db", MetaSnapshot.META_DB, MetaData.of(1, 2, 3, 4, 5, List.of(db, internal), users),
                List.of("a warning"), 3L);
    }

    @Test
    void metastoreBecomesWhatTheShowStatementsWouldPrint() {
        Baseline b = VerifyMetaCommand.toBaseline(snapshot("autogen"), AT);
        Baseline.Database db = b.database("my \"db\"");
        Baseline.RetentionPolicy week = db.retentionPolicies().stream().filter(r -> r.name().equals("week")).findFirst().orElseThrow();
        assertThat(week.duration()).isEqualTo("168h0m0s");
        assertThat(week.shardGroupDuration()).isEqualTo("24h0m0s");
        assertThat(week.replicaN()).isEqualTo(1);
        assertThat(week.isDefault()).isFalse();
        assertThat(week.shards()).isEqualTo(new Baseline.ShardSummary(1, 2)); // deleted and shard-less groups are not listed
        assertThat(week.subscriptions().get(0).destinations()).containsExactly("udp://a:1", "udp://b:1");
        Baseline.RetentionPolicy autogen = db.retentionPolicies().stream().filter(r -> r.name().equals("autogen")).findFirst().orElseThrow();
        assertThat(autogen.isDefault()).isTrue();
        assertThat(autogen.duration()).isEqualTo("0s");
        assertThat(autogen.shardGroupDuration()).as("0 = not recorded").isNull();
        assertThat(autogen.replicaN()).isNull();
        assertThat(db.continuousQueries()).extracting(Baseline.ContinuousQuery::name).containsExactly("cq");
        assertThat(b.database("_internal").retentionPolicies().get(0).shards()).isNull();
        assertThat(b.user("bob").grants()).isEqualTo(Map.of("my \"db\"", "READ"));
        assertThat(b.user("admin").admin()).isTrue();
        assertThat(b.notes()).hasSize(2).anyMatch(n -> n.contains("3 raft log entries"));
        assertThat(b.source()).isEqualTo("/m/meta.db");
    }

    @Test
    void aLiveSnapshotOfTheSameStateMatchesAndDefaultMatchesAutogenOnlyOnA0xTo1xPath() {
        Baseline live = Baseline.builder("live")
                .retentionPolicyText("my \"db\"", "week", "168h", "24h", 1, false)
                .subscription("my \"db\"", "week", "s1", "ANY", List.of("udp://a:1", "udp://b:1"))
                .shards("my \"db\"", "week", 1, 2)
                .retentionPolicyText("my \"db\"", "autogen", "0s", "168h0m0s", 1, true)
                .shards("my \"db\"", "autogen", 0, 0)
                .continuousQuery("my \"db\"", "cq", "CREATE CONTINUOUS QUERY cq ON x BEGIN SELECT 1 END")
                .retentionPolicyText("_internal", "monitor", "168h0m0s", "24h0m0s", 1, true)
                .user("admin", true).user("bob", false).grant("bob", "my \"db\"", "READ")
                .build();
        Baseline fromMeta = VerifyMetaCommand.toBaseline(snapshot("autogen"), AT);
        // the metastore's empty default policy has no shards recorded as 0 groups: compare what both list
        assertThat(BaselineDiff.compare(fromMeta, live, UpgradePathHint.NONE).failed()).isFalse();

        Baseline old = VerifyMetaCommand.toBaseline(snapshot("default"), AT);
        assertThat(BaselineDiff.compare(old, live, UpgradePathHint.NONE).failed()).isTrue();
        assertThat(BaselineDiff.compare(old, live, UpgradePathHint.of("0.11.1", "1.4")).failed()).isFalse();
    }

    @Test
    void noSourceIsAUsageErrorAndAMissingOneIsUnavailable() {
        VerifyMetaCommand c = new VerifyMetaCommand(Clock.fixed(AT, ZoneOffset.UTC));
        assertThatThrownBy(() -> c.run(null, new VerifyMetaCommand.Request(null, null)))
                .isInstanceOfSatisfying(UpgradeException.class, e -> assertThat(e.kind()).isEqualTo(UpgradeException.Kind.USAGE));
        assertThatThrownBy(() -> c.run(null, new VerifyMetaCommand.Request(Path.of("/nonexistent/meta"), null)))
                .isInstanceOfSatisfying(UpgradeException.class, e -> assertThat(e.kind()).isEqualTo(UpgradeException.Kind.UNAVAILABLE));
    }
}
