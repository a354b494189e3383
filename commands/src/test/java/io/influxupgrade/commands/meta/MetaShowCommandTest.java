package io.influxupgrade.commands.meta;

import com.fasterxml.jackson.databind.JsonNode;
import io.influxupgrade.commands.Json;
import io.influxupgrade.commands.UpgradeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetaShowCommandTest {

    @TempDir
    Path tmp;

    private static List<String> keys(JsonNode n) {
        List<String> k = new ArrayList<>();
        n.fieldNames().forEachRemaining(k::add);
        return k;
    }

    @Test
    void jsonHasExactlyTheShapeOfTheIssue() throws Exception {
        MetaStoreWriter.writeMetaDb(tmp, MetaFixtures.awkward());
        MetaReport r = new MetaShowCommand().run(new MetaShowCommand.Request(tmp.toString(), null, null));
        JsonNode j = Json.mapper().readTree(Json.line(r));
        assertThat(keys(j)).containsExactly("source", "format", "index", "clusterId", "databases", "users");
        assertThat(j.get("format").asText()).isEqualTo("meta.db");
        assertThat(j.get("index").asLong()).isEqualTo(42);
        assertThat(j.get("clusterId").bigIntegerValue().toString(16)).isEqualTo("f00dcafedeadbeef");
        JsonNode db = j.get("databases").get(0);
        assertThat(keys(db)).containsExactly("name", "defaultRetentionPolicy", "retentionPolicies", "continuousQueries");
        JsonNode rp = db.get("retentionPolicies").get(0);
        assertThat(keys(rp)).containsExactly("name", "duration", "shardGroupDuration", "replicaN", "shardGroups", "subscriptions");
        assertThat(rp.get("duration").asText()).isEqualTo("0s");
        assertThat(rp.get("shardGroupDuration").asText()).isEqualTo("168h0m0s");
        JsonNode g = rp.get("shardGroups").get(0);
        assertThat(keys(g)).containsExactly("id", "start", "end", "deletedAt", "truncatedAt", "shards");
        assertThat(g.get("start").asText()).isEqualTo("2025-11-25T00:00:00Z");
        assertThat(g.get("end").asText()).isEqualTo("2025-12-02T00:00:00Z");
        assertThat(g.get("deletedAt").isNull()).isTrue();
        assertThat(rp.get("shardGroups").get(1).get("deletedAt").asText()).isEqualTo("2025-12-15T00:00:00Z");
        assertThat(keys(g.get("shards").get(0))).containsExactly("id", "owners");
        assertThat(keys(rp.get("subscriptions").get(0))).containsExactly("name", "mode", "destinations");
        assertThat(keys(db.get("continuousQueries").get(0))).containsExactly("name", "query");
        assertThat(db.get("retentionPolicies").get(1).get("shardGroups").get(0).get("truncatedAt").asText()).isEqualTo("2025-11-25T12:00:00Z");
        JsonNode user = j.get("users").get(1);
        assertThat(keys(user)).containsExactly("name", "admin", "privileges");
        assertThat(user.get("privileges").get("SELECT").asText()).isEqualTo("ALL PRIVILEGES");
        assertThat(user.get("privileges").get("gone").asText()).isEqualTo("NO PRIVILEGES");
        assertThat(user.get("privileges").get("telegraf").asText()).isEqualTo("READ");
    }

    @Test
    void summaryCountsDeletedShardGroupsApart() {
        MetaStoreWriter.writeMetaDb(tmp, MetaFixtures.awkward());
        MetaReport r = new MetaShowCommand().run(new MetaShowCommand.Request(tmp.toString(), null, MetaShowCommand.Section.SUMMARY));
        assertThat(r.summary()).isEqualTo(new MetaReport.Summary(3, 3, 2, 1, 4, 1, 1, 2, 1));
        assertThat(r.databases()).isNull();
        assertThat(r.rows(MetaShowCommand.Section.SUMMARY)).contains(List.of("deleted shard groups", "1"));
    }

    @Test
    void dbFilterKeepsOneDatabaseAndAnUnknownOneIsAUsageError() {
        MetaStoreWriter.writeMetaDb(tmp, MetaFixtures.awkward());
        MetaReport r = new MetaShowCommand().run(new MetaShowCommand.Request(tmp.toString(), "SELECT", null));
        assertThat(r.databases()).extracting(MetaReport.Database::name).containsExactly("SELECT");
        assertThatThrownBy(() -> new MetaShowCommand().run(new MetaShowCommand.Request(tmp.toString(), "nope", null)))
                .isInstanceOfSatisfying(UpgradeException.class, e -> {
                    assertThat(e.kind()).isEqualTo(UpgradeException.Kind.USAGE);
                    assertThat(e.getMessage()).contains("\"nope\"").contains("telegraf");
                });
    }

    @Test
    void everySectionHasAHeaderAndItsRows() {
        MetaReport r = MetaShowCommand.report(new MetaSnapshot("x", "meta.db", MetaFixtures.awkward(), List.of(), null), null, null);
        assertThat(r.rows(MetaShowCommand.Section.DATABASES)).hasSize(4);
        assertThat(r.rows(MetaShowCommand.Section.RETENTION_POLICIES)).hasSize(4)
                .contains(List.of("telegraf", "two weeks", "336h0m0s", "24h0m0s", "2", "true"));
        assertThat(r.rows(MetaShowCommand.Section.SHARD_GROUPS)).hasSize(4);
        assertThat(r.rows(MetaShowCommand.Section.SHARDS)).hasSize(5).anySatisfy(row -> assertThat(row.get(6)).isEqualTo("1,2"));
        assertThat(r.rows(MetaShowCommand.Section.USERS)).hasSize(3);
        assertThat(r.rows(MetaShowCommand.Section.CONTINUOUS_QUERIES)).hasSize(2);
        assertThat(r.rows(MetaShowCommand.Section.SUBSCRIPTIONS)).hasSize(2)
                .contains(List.of("telegraf", "autogen", "kapacitor", "ANY", "http://127.0.0.1:9, udp://127.0.0.1:9"));
    }

    @Test
    void databaseNamesForCompletionNeverFail() throws Exception {
        assertThat(MetaSources.databaseNames(tmp)).isEmpty();
        MetaStoreWriter.writeMetaDb(tmp, MetaFixtures.awkward());
        assertThat(MetaSources.databaseNames(tmp)).containsExactly("SELECT", "sélect \"db\" 'x' 日本", "telegraf");
        java.nio.file.Files.write(tmp.resolve("meta.db"), new byte[] {1, 2, 3});
        assertThat(MetaSources.databaseNames(tmp)).isEmpty();
    }

    @Test
    void sectionWordsAreTheOptionValues() {
        assertThat(MetaShowCommand.Section.fromWord("retention-policies")).isEqualTo(MetaShowCommand.Section.RETENTION_POLICIES);
        assertThat(MetaShowCommand.Section.SHARD_GROUPS.word()).isEqualTo("shard-groups");
        assertThatThrownBy(() -> MetaShowCommand.Section.fromWord("bogus")).isInstanceOf(UpgradeException.class);
    }

    @Test
    void warningsAppearOnlyWhenThereAreSome() throws Exception {
        MetaReport r = MetaShowCommand.report(new MetaSnapshot("x", "meta.NN", MetaFixtures.awkward(), List.of("odd"), null), null, null);
        assertThat(keys(Json.mapper().readTree(Json.line(r)))).endsWith("warnings");
    }
}
