package io.influxupgrade.commands.meta;

import io.influxupgrade.commands.meta.MetaData.DatabaseInfo;
import io.influxupgrade.commands.meta.MetaData.RetentionPolicyInfo;
import io.influxupgrade.commands.meta.MetaData.ShardGroupInfo;
import io.influxupgrade.commands.meta.MetaData.ShardInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

class MetaDiffTest {

    @TempDir
    Path tmp;

    static final MetaData BASE = MetaFixtures.awkward();

    private static MetaData editDb(int i, UnaryOperator<DatabaseInfo> f) {
        List<DatabaseInfo> dbs = new ArrayList<>(BASE.databases());
        dbs.set(i, f.apply(dbs.get(i)));
        return BASE.withDatabases(dbs);
    }

    private static DatabaseInfo editRp(DatabaseInfo d, int i, UnaryOperator<RetentionPolicyInfo> f) {
        List<RetentionPolicyInfo> rps = new ArrayList<>(d.retentionPolicies());
        rps.set(i, f.apply(rps.get(i)));
        return new DatabaseInfo(d.name(), d.defaultRetentionPolicy(), rps, d.continuousQueries());
    }

    private static List<String> lines(MetaDiff d) {
        return d.differences().stream().map(MetaDiff.Difference::line).toList();
    }

    @Test
    void equalMetastoresPassEvenWithOtherTermIndexAndClusterId() {
        MetaDiff d = MetaDiff.compare(BASE, BASE.withCounters(5, 900, 1), false);
        assertThat(d.failed()).isFalse();
        assertThat(d.equal()).isTrue();
        assertThat(d.ignored()).anySatisfy(s -> assertThat(s).contains("term and index")).anySatisfy(s -> assertThat(s).contains("cluster id"));
        MetaDiff strict = MetaDiff.compare(BASE, BASE.withCounters(5, 900, 1), true);
        assertThat(strict.failed()).isTrue();
        assertThat(lines(strict)).containsExactly("changed: metastore: clusterId " + Long.toUnsignedString(BASE.clusterId()) + " -> 1");
    }

    /** A corrupt metastore may name a database twice: its first entry counts, whether the list is short or long. */
    @Test
    void aRepeatedNameIsComparedOnceWhateverTheListsLength() {
        for (int others : new int[] {0, 20}) {
            List<DatabaseInfo> a = new ArrayList<>();
            List<DatabaseInfo> b = new ArrayList<>();
            for (int i = 0; i < others; i++) {
                a.add(new DatabaseInfo("db" + i, "", List.of(), List.of()));
                b.add(new DatabaseInfo("db" + i, "", List.of(), List.of()));
            }
            a.add(new DatabaseInfo("twice", "autogen", List.of(), List.of()));
            a.add(new DatabaseInfo("twice", "other", List.of(), List.of()));
            a.add(new DatabaseInfo("twice", "third", List.of(), List.of()));
            DatabaseInfo gone = new DatabaseInfo("gone", "", List.of(), List.of());
            a.add(gone);
            a.add(gone); // the same record twice: still one removal
            b.add(new DatabaseInfo("twice", "weekly", List.of(), List.of()));
            b.add(new DatabaseInfo("new", "", List.of(), List.of()));
            b.add(new DatabaseInfo("new", "x", List.of(), List.of()));
            assertThat(lines(MetaDiff.compare(BASE.withDatabases(a), BASE.withDatabases(b), false))).as(others + " other databases")
                    .containsExactlyInAnyOrder("changed: database \"twice\": defaultRetentionPolicy autogen -> weekly",
                            "added: database \"new\"", "removed: database \"gone\"");
        }
    }

    @Test
    void retentionPolicyFieldChangeIsNamed() {
        MetaData b = editDb(0, d -> editRp(d, 1, r -> new RetentionPolicyInfo(r.name(), 7 * MetaFixtures.DAY, r.shardGroupDuration(),
                r.replicaN(), r.shardGroups(), r.subscriptions())));
        MetaDiff d = MetaDiff.compare(BASE, b, false);
        assertThat(lines(d)).containsExactly("changed: retention policy \"telegraf\".\"two weeks\": duration 336h0m0s -> 168h0m0s");
        assertThat(d.failureSummary()).contains("1 difference").contains("duration");
    }

    @Test
    void addedDatabaseRemovedUserAndChangedPrivilege() {
        List<DatabaseInfo> dbs = new ArrayList<>(BASE.databases());
        dbs.add(new DatabaseInfo("new", "", List.of(), List.of()));
        UserInfo reader = BASE.users().get(1);
        UserInfo changed = new UserInfo(reader.name(), reader.admin(), Map.of("telegraf", Privilege.WRITE, "SELECT", Privilege.ALL,
                "sélect \"db\" 'x' 日本", Privilege.WRITE), reader.passwordHash());
        MetaData b = BASE.withDatabases(dbs).withUsers(List.of(changed));
        assertThat(lines(MetaDiff.compare(BASE, b, false))).containsExactlyInAnyOrder(
                "added: database \"new\"",
                "removed: user \"admin\"",
                "changed: privilege \"read er\" on \"telegraf\": privilege READ -> WRITE",
                "removed: privilege \"read er\" on \"gone\" (NO PRIVILEGES)");
    }

    @Test
    void shardGroupDeletionAndRemovedShardAreReported() {
        MetaData b = editDb(0, d -> editRp(d, 1, r -> {
            ShardGroupInfo g = r.shardGroups().get(0);
            return new RetentionPolicyInfo(r.name(), r.duration(), r.shardGroupDuration(), r.replicaN(),
                    List.of(new ShardGroupInfo(g.id(), g.startTime(), g.endTime(), MetaFixtures.T0 + MetaFixtures.DAY, g.truncatedAt(),
                            List.of(g.shards().get(0)))), r.subscriptions());
        }));
        assertThat(lines(MetaDiff.compare(BASE, b, false))).containsExactly(
                "changed: shard group \"telegraf\".\"two weeks\" 3: deletedAt (not set) -> 2025-11-26T00:00:00Z",
                "removed: shard \"telegraf\".\"two weeks\" 3 shard 4");
    }

    @Test
    void cqAndSubscriptionChangesAreReported() {
        MetaData b = editDb(0, d -> {
            DatabaseInfo d2 = editRp(d, 0, r -> new RetentionPolicyInfo(r.name(), r.duration(), r.shardGroupDuration(), r.replicaN(),
                    r.shardGroups(), List.of(new MetaData.SubscriptionInfo("kapacitor", "ALL", List.of("http://127.0.0.1:9")))));
            return new DatabaseInfo(d2.name(), d2.defaultRetentionPolicy(), d2.retentionPolicies(),
                    List.of(new MetaData.ContinuousQueryInfo("other", "CREATE CONTINUOUS QUERY other ON telegraf BEGIN SELECT 1 END")));
        });
        assertThat(lines(MetaDiff.compare(BASE, b, false))).containsExactlyInAnyOrder(
                "changed: subscription \"telegraf\".\"autogen\".\"kapacitor\": mode ANY -> ALL",
                "changed: subscription \"telegraf\".\"autogen\".\"kapacitor\": destinations http://127.0.0.1:9,udp://127.0.0.1:9 -> http://127.0.0.1:9",
                "removed: continuous query \"telegraf\".\"cq \\\"mean\\\"\"",
                "added: continuous query \"telegraf\".\"other\"");
    }

    @Test
    void ownersAreIgnoredBetweenRaftEraAnd1xButComparedBetweenTwo1x() {
        MetaData noOwners = editDb(0, d -> editRp(d, 1, r -> new RetentionPolicyInfo(r.name(), r.duration(), r.shardGroupDuration(),
                r.replicaN(), List.of(new ShardGroupInfo(3, MetaFixtures.T0, MetaFixtures.T0 + MetaFixtures.DAY, 0,
                MetaFixtures.T0 + 12 * MetaFixtures.HOUR, List.of(new ShardInfo(3, List.of()), new ShardInfo(4, List.of())))), r.subscriptions())));
        assertThat(MetaDiff.compare(MetaFixtures.raftEra(), noOwners, false).failed()).isFalse();
        MetaDiff two1x = MetaDiff.compare(BASE, noOwners, false);
        assertThat(lines(two1x)).hasSize(2).allSatisfy(l -> assertThat(l).contains("owners"));
    }

    @Test
    void passwordChangeIsReportedWithoutTheHash() {
        UserInfo admin = BASE.users().get(0);
        MetaData b = BASE.withUsers(List.of(new UserInfo("admin", true, Map.of(), Secret.of("$2a$10$zzzz")), BASE.users().get(1)));
        MetaDiff d = MetaDiff.compare(BASE, b, false);
        assertThat(lines(d)).containsExactly("changed: user \"admin\": password (hash A) -> (a different hash)");
        assertThat(d.toString()).doesNotContain("$2a$");
        assertThat(admin.passwordHash().toString()).isEqualTo("[redacted]");
    }

    @Test
    void diffCommandReadsTwoFormatsAndFindsThemEqual() {
        MetaStoreWriter.writeMetaDb(tmp.resolve("a"), BASE);
        MetaStoreWriter.writeLegacyBackup(tmp.resolve("b/meta.00"), BASE.withCounters(0, 44, BASE.clusterId()));
        MetaDiff d = new MetaDiffCommand().run(new MetaDiffCommand.Request(tmp.resolve("a").toString(), tmp.resolve("b").toString(), true));
        assertThat(d.failed()).isFalse();
        assertThat(d.formatA()).isEqualTo("meta.db");
        assertThat(d.formatB()).isEqualTo("meta.NN");
    }
}
