package io.influxupgrade.commands.v2;

import com.fasterxml.jackson.databind.JsonNode;
import io.influxupgrade.commands.InfluxVersion;
import io.influxupgrade.commands.Json;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.Finding;
import io.influxupgrade.commands.testing.InfluxdServer;
import io.influxupgrade.commands.testing.RealFixture;
import io.influxupgrade.commands.testing.RealInfluxd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The 1.x → 2.x preflight (issue 18 item 2) on metastores written by the real 1.6.7 and, when present, a real 1.8. */
@RealInfluxd
class V2PreflightRealTest {


    @TempDir
    Path tmp;

    static List<String> ids(V2PreflightCommand.V2Preflight p, String id) {
        return p.findings().stream().filter(f -> f.id().equals(id)).map(Finding::message).toList();
    }

    @Test
    void usersGrantsCqsAndSubscriptionsOfA167(InfluxdServer server) throws Exception {
        server.query("CREATE DATABASE shop");
        server.query("CREATE RETENTION POLICY \"1week\" ON shop DURATION 7d REPLICATION 1 SHARD DURATION 1d DEFAULT");
        server.query("CREATE USER boss WITH PASSWORD 'secret-boss' WITH ALL PRIVILEGES");
        server.query("CREATE USER reader WITH PASSWORD 'secret-reader'");
        server.query("GRANT READ ON shop TO reader");
        server.query("CREATE USER idle WITH PASSWORD 'secret-idle'");
        server.query("CREATE CONTINUOUS QUERY cq_sales ON shop BEGIN SELECT sum(amount) INTO shop.autogen.sales_1h FROM sales GROUP BY time(1h), store END");
        server.query("CREATE CONTINUOUS QUERY cq_odd ON shop BEGIN SELECT mean(a) / 2 INTO odd FROM sales GROUP BY time(1h) END");
        server.query("CREATE SUBSCRIPTION kap ON shop.autogen DESTINATIONS ALL 'http://127.0.0.1:9'");
        server.write("shop", "1week", "sales,store=a amount=3\n");
        server.stop();

        Path v2 = Files.createDirectories(tmp.resolve("v2/engine"));
        Files.writeString(v2.resolve("keep-me"), "2.x data already here");
        V2PreflightCommand.V2Preflight p = new V2PreflightCommand().run(new V2PreflightCommand.Request(InfluxVersion.parse("1.6.7"),
                server.metaDir(), server.dataDir(), server.walDir(), server.configFile(), tmp.resolve("v2")));

        assertThat(ids(p, "v2.user-admin")).singleElement().satisfies(m -> assertThat(m).contains("boss"));
        assertThat(ids(p, "v2.user-no-grants")).singleElement().satisfies(m -> assertThat(m).contains("idle"));
        assertThat(ids(p, "v2.user-migrated")).singleElement().satisfies(m -> assertThat(m).contains("reader").contains("shop=READ"));
        assertThat(Json.line(p)).doesNotContain("secret-");
        assertThat(ids(p, "v2.cq-not-migrated")).hasSize(2);
        V2PreflightCommand.TaskText sales = p.tasks().stream().filter(t -> t.name().equals("cq_sales")).findFirst().orElseThrow();
        assertThat(sales.complete()).as(sales.influxql()).isTrue();
        assertThat(sales.flux()).contains("from(bucket: \"shop/1week\")").contains("fn: sum").contains("\"store\"")
                .contains("to(bucket: \"shop/autogen\")");
        assertThat(p.tasks().stream().filter(t -> t.name().equals("cq_odd")).findFirst().orElseThrow().complete()).isFalse();
        assertThat(ids(p, "v2.subscription")).singleElement().satisfies(m -> assertThat(m).contains("kap").contains("http://127.0.0.1:9"));
        assertThat(p.buckets()).extracting(V2PreflightCommand.Bucket::bucket).contains("shop/autogen", "shop/1week");
        assertThat(p.buckets()).filteredOn(b -> b.bucket().equals("shop/1week")).singleElement()
                .satisfies(b -> {
                    assertThat(b.defaultRp()).isTrue();
                    assertThat(b.retention()).isEqualTo("604800s");
                });
        assertThat(ids(p, "v2.auth-disabled")).hasSize(1);
        assertThat(p.findings()).filteredOn(f -> f.id().equals("v2.target-not-empty")).singleElement()
                .satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(Finding.Severity.ERROR);
                    assertThat(f.message()).contains("--overwrite-existing-v2");
                });
        assertThat(p.failed()).isTrue();
        // the test server's config: the backup port has no 2.x meaning
        assertThat(ids(p, "v2.config-unmapped")).anySatisfy(m -> assertThat(m).contains("bind-address"));
        assertThat(ids(p, "v2.config-unmapped")).noneSatisfy(m -> assertThat(m).contains("[logging] level"));
        assertThat(ids(p, "v2.inmem-shards")).hasSize(1);
        assertThat(p.copyBytes()).isPositive();

        Path md = tmp.resolve("v2.md");
        V2ReportWriter.write(p, md, false, false);
        assertThat(Files.readString(md)).contains("| ERROR | v2.target-not-empty |").contains("```flux").contains("| shop | 1week | shop/1week |");
        Path json = tmp.resolve("v2.json");
        V2ReportWriter.write(p, json, true, false);
        JsonNode n = Json.mapper().readTree(json.toFile());
        assertThat(n.get("tasks")).hasSize(2);
        assertThatThrownBy(() -> V2ReportWriter.write(p, json, true, false)).hasMessageContaining("exists");

        // an empty target path is fine
        V2PreflightCommand.V2Preflight clean = new V2PreflightCommand().run(new V2PreflightCommand.Request(InfluxVersion.parse("1.6.7"),
                server.metaDir(), server.dataDir(), server.walDir(), server.configFile(), tmp.resolve("fresh")));
        assertThat(ids(clean, "v2.target-not-empty")).isEmpty();
    }

    @Test
    void aRaftEraSourceIsSentThroughThe1xUpgradeFirst() {
        assertThatThrownBy(() -> new V2PreflightCommand().run(new V2PreflightCommand.Request(InfluxVersion.parse("0.11.1"),
                tmp, tmp, tmp, null, tmp.resolve("v2"))))
                .isInstanceOfSatisfying(UpgradeException.class, e -> assertThat(e.kind()).isEqualTo(UpgradeException.Kind.USAGE))
                .hasMessageContaining("upgrade 0.11.1 to 1.x first");
    }

    @Test
    void theReal18DatabaseWhenPresent() throws Exception {
        Path db = RealFixture.unzipV1db(tmp);
        V2PreflightCommand.V2Preflight p = new V2PreflightCommand().run(new V2PreflightCommand.Request(InfluxVersion.parse("1.8.10"),
                db.resolve("meta"), db.resolve("data"), db.resolve("wal"), null, tmp.resolve("v2")));
        assertThat(p.buckets()).extracting(V2PreflightCommand.Bucket::bucket).contains("mydb/autogen", "mydb/1week", "test/autogen")
                .noneMatch(b -> b.startsWith("_internal"));
        assertThat(ids(p, "v2.internal-db")).hasSize(1);
        assertThat(ids(p, "v2.inmem-shards")).isEmpty();
        assertThat(ids(p, "v2.auth-disabled")).singleElement().satisfies(m -> assertThat(m).contains("no config file"));
        assertThat(ids(p, "v2.target-not-empty")).isEmpty();
        assertThat(V2ReportWriter.markdown(p)).contains("mydb/1week");
    }
}
