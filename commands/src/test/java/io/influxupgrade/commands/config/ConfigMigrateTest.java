package io.influxupgrade.commands.config;

import io.influxupgrade.commands.InfluxVersion;
import io.influxupgrade.commands.Json;
import io.influxupgrade.commands.UpgradeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigMigrateTest {

    /** A 0.10 config with customisations in every section, and both plain-table inputs. */
    static final String OLD_010 = """
            reporting-disabled = true

            [meta]
              enabled = true
              dir = "/srv/influxdb/meta"
              bind-address = ":18088"
              retention-autocreate = false
              election-timeout = "2s"

            [data]
              enabled = true
              dir = "/srv/influxdb/data"
              max-wal-size = 104857600
              wal-dir = "/srv/influxdb/wal"
              wal-logging-enabled = true
              data-logging-enabled = false
              query-log-enabled = false
              cache-max-memory-size = 1048576000
              cache-snapshot-memory-size = 52428800
              cache-snapshot-write-cold-duration = "2h"
              compact-full-write-cold-duration = "7d"

            [hinted-handoff]
              enabled = true
              dir = "/srv/influxdb/hh"

            [cluster]
              shard-writer-timeout = "5s"
              write-timeout = "20s"

            [retention]
              enabled = true
              check-interval = "1h"

            [shard-precreation]
              advance-period = "45m"

            [monitor]
              store-enabled = false
              store-database = "_mon"
              store-interval = "1m"

            [admin]
              enabled = false

            [http]
              enabled = true
              bind-address = ":18086"
              auth-enabled = true
              log-enabled = false
              pprof-enabled = false
              https-certificate = "/etc/ssl/custom.pem"

            [[graphite]]
              enabled = true
              bind-address = ":12003"
              database = "graphite_prod"
              protocol = "udp"
              batch-size = 10000
              name-separator = "_"
              templates = ["*.app env.service.resource.measurement", "host.measurement*"]
              tags = ["region=eu"]

            [[graphite]]
              enabled = true
              bind-address = ":12004"
              database = "graphite_test"

            [collectd]
              enabled = true
              bind-address = ":25827"
              database = "collectd_db"
              typesdb = "/opt/collectd/types.db"
              batch-timeout = "5s"

            [opentsdb]
              enabled = true
              bind-address = ":14242"
              log-point-errors = false

            [[udp]]
              enabled = true
              bind-address = ":18089"
              database = "udp_db"
              udp-payload-size = 1500

            [continuous_queries]
              log-enabled = false
              enabled = true
              run-interval = "10s"
            """;

    /** What a 1.4 server must read from the migrated file (from the 0.10 → 1.4 notes, written by hand). */
    static Map<String, String> expected14() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("reporting-disabled", "true");
        m.put("meta.dir", "\"/srv/influxdb/meta\"");
        m.put("meta.retention-autocreate", "false");
        m.put("data.dir", "\"/srv/influxdb/data\"");
        m.put("data.wal-dir", "\"/srv/influxdb/wal\"");
        m.put("data.trace-logging-enabled", "false");
        m.put("data.query-log-enabled", "false");
        m.put("data.cache-max-memory-size", "1048576000");
        m.put("data.cache-snapshot-memory-size", "52428800");
        m.put("data.cache-snapshot-write-cold-duration", "\"2h\"");
        m.put("data.compact-full-write-cold-duration", "\"168h\"");
        m.put("coordinator.write-timeout", "\"20s\"");
        m.put("retention.check-interval", "\"1h\"");
        m.put("shard-precreation.advance-period", "\"45m\"");
        m.put("monitor.store-enabled", "false");
        m.put("monitor.store-database", "\"_mon\"");
        m.put("monitor.store-interval", "\"1m\"");
        m.put("http.bind-address", "\":18086\"");
        m.put("http.auth-enabled", "true");
        m.put("http.log-enabled", "false");
        m.put("http.https-certificate", "\"/etc/ssl/custom.pem\"");
        m.put("graphite[0].enabled", "true");
        m.put("graphite[0].bind-address", "\":12003\"");
        m.put("graphite[0].database", "\"graphite_prod\"");
        m.put("graphite[0].protocol", "\"udp\"");
        m.put("graphite[0].batch-size", "10000");
        m.put("graphite[0].templates", "[\"*.app env.service.resource.measurement\", \"host.measurement*\"]");
        m.put("graphite[0].tags", "[\"region=eu\"]");
        m.put("graphite[1].enabled", "true");
        m.put("graphite[1].bind-address", "\":12004\"");
        m.put("graphite[1].database", "\"graphite_test\"");
        m.put("collectd[0].enabled", "true");
        m.put("collectd[0].bind-address", "\":25827\"");
        m.put("collectd[0].database", "\"collectd_db\"");
        m.put("collectd[0].typesdb", "\"/opt/collectd/types.db\"");
        m.put("collectd[0].batch-timeout", "\"5s\"");
        m.put("opentsdb[0].enabled", "true");
        m.put("opentsdb[0].bind-address", "\":14242\"");
        m.put("opentsdb[0].log-point-errors", "false");
        m.put("udp[0].enabled", "true");
        m.put("udp[0].bind-address", "\":18089\"");
        m.put("udp[0].database", "\"udp_db\"");
        m.put("continuous_queries.log-enabled", "false");
        m.put("continuous_queries.run-interval", "\"10s\"");
        return m;
    }

    @TempDir
    Path tmp;

    private Path old010() throws Exception {
        Path p = tmp.resolve("influxdb-0.10.conf");
        Files.writeString(p, OLD_010);
        return p;
    }

    /** A migration and the file it wrote. */
    private record Migrated(ConfigMigration migration, Path out) {
        Map<String, String> live() {
            return ConfigMigrateTest.live(out);
        }
    }

    /** Migrates an old config of ConfigDiffRulesTest's dirs and then {@code tables} from {@code from} to {@code to}. */
    private Migrated migrateTables(String from, String to, String tables) throws Exception {
        Path old = tmp.resolve("old.conf");
        Files.writeString(old, ConfigDiffRulesTest.DIRS + tables);
        Path out = tmp.resolve("migrated.conf");
        return new Migrated(migrate(old, from, to, out, false), out);
    }

    /** The settings a migrated file sets, not commented out. */
    private static Map<String, String> live(Path migrated) {
        return ConfigTestSupport.live(ConfigFile.parse(migrated));
    }

    private ConfigMigration migrate(Path old, String from, String to, Path out, boolean force) {
        return new ConfigMigrateCommand().run(new ConfigMigrateCommand.Request(old,
                from == null ? null : InfluxVersion.parse(from), InfluxVersion.parse(to), out, force));
    }

    @Test
    void customised010ConfigMigratesTo14WithEveryCustomisationCarried() throws Exception {
        Path old = old010();
        byte[] before = Files.readAllBytes(old);
        Path out = tmp.resolve("influxdb-1.4.conf");
        ConfigMigration m = migrate(old, "0.10", "1.4", out, false);

        Map<String, String> live = live(out);
        assertThat(live).containsExactlyInAnyOrderEntriesOf(expected14());
        assertThat(Files.readAllBytes(old)).isEqualTo(before);

        assertThat(m.dropped()).extracting(ConfigMigration.DroppedKey::key).contains("meta.enabled", "meta.bind-address",
                "meta.election-timeout", "data.max-wal-size", "hinted-handoff.dir", "cluster.shard-writer-timeout",
                "admin.enabled", "http.pprof-enabled", "graphite[0].name-separator", "udp[0].udp-payload-size");
        assertThat(m.carried()).hasSize(expected14().size());
        assertThat(m.warnings()).anyMatch(w -> w.contains("\"168h\""));

        String text = Files.readString(out);
        assertThat(text).contains("line 8: meta.election-timeout = \"2s\": Raft tuning of the old meta service");
        assertThat(text.indexOf("NOT carried")).isLessThan(text.indexOf("[meta]"));
        assertThat(text).contains("[[collectd]]", "[[opentsdb]]", "[coordinator]").doesNotContain("\n[cluster]");

        // nothing the target rejects: our own check, and the real binary where there is one
        ConfigValidation v = new ConfigValidateCommand().run(new ConfigValidateCommand.Request(out, InfluxVersion.parse("1.4"), null));
        assertThat(v.findings()).noneMatch(f -> f.severity() == ConfigFinding.Severity.ERROR);
        assertThat(v.failed()).isFalse();
    }

    @Test
    void customised010ConfigIsAcceptedByTheRealInfluxd() throws Exception {
        Path influxd = ConfigTestSupport.influxdOrSkip();
        Path out = tmp.resolve("influxdb-1.4.conf");
        migrate(old010(), "0.10", "1.4", out, false);
        ConfigValidation v = new ConfigValidateCommand().run(new ConfigValidateCommand.Request(out, InfluxVersion.parse("1.4"), influxd));
        assertThat(v.influxd().accepted()).as(Json.line(v.influxd())).isTrue();
        assertThat(v.influxd().version()).contains("InfluxDB");
    }

    @Test
    void theOldFileIsUnacceptableToTheRealInfluxdBeforeMigration() throws Exception {
        Path influxd = ConfigTestSupport.influxdOrSkip();
        ConfigValidation v = new ConfigValidateCommand().run(new ConfigValidateCommand.Request(old010(), InfluxVersion.parse("1.4"), influxd));
        assertThat(v.influxd().accepted()).isFalse();
        assertThat(v.failed()).isTrue();
        assertThat(v.findings()).anyMatch(f -> f.group() == ConfigFinding.Group.BLOCKS_START);
    }

    @Test
    void refusesAnExistingOutputUnlessForced() throws Exception {
        Path old = old010();
        Path out = tmp.resolve("new.conf");
        Files.writeString(out, "keep me");
        assertThatThrownBy(() -> migrate(old, "0.10", "1.4", out, false)).isInstanceOf(UpgradeException.class)
                .hasMessageContaining("--force");
        assertThat(Files.readString(out)).isEqualTo("keep me");
        migrate(old, "0.10", "1.4", out, true);
        assertThat(Files.readString(out)).contains("[coordinator]");
    }

    @Test
    void neverOverwritesTheOldFile() throws Exception {
        Path old = old010();
        assertThatThrownBy(() -> migrate(old, "0.10", "1.4", old, true)).isInstanceOf(UpgradeException.class)
                .hasMessageContaining("never overwritten");
        Path viaDots = old.getParent().resolve(".").resolve(old.getFileName());
        assertThatThrownBy(() -> migrate(old, "0.10", "1.4", viaDots, true)).isInstanceOf(UpgradeException.class);
        assertThat(Files.readString(old)).isEqualTo(OLD_010);
    }

    @Test
    void clusterAndCoordinatorAreMergedWithTheOldVersionsSectionWinning() throws Exception {
        Migrated m = migrateTables("0.13", "1.4",
                "[cluster]\n  write-timeout = \"20s\"\n  max-select-point = 5\n[coordinator]\n  write-timeout = \"30s\"\n");
        assertThat(m.live()).containsEntry("coordinator.write-timeout", "\"20s\"").containsEntry("coordinator.max-select-point", "5");
    }

    @Test
    void invalidValuesAreLeftAtTheDefaultAndReported() throws Exception {
        Migrated m = migrateTables("1.2", "1.4", "[retention]\n  check-interval = 600\n[http]\n  auth-enabled = \"yes\"\n");
        assertThat(m.live()).doesNotContainKeys("retention.check-interval", "http.auth-enabled");
        assertThat(m.migration().dropped()).extracting(ConfigMigration.DroppedKey::key).contains("retention.check-interval", "http.auth-enabled");
        assertThat(m.migration().warnings()).anyMatch(w -> w.contains("retention.check-interval"));
    }

    @Test
    void aDowngradeWritesPlainBytesAndASingleTable() throws Exception {
        Migrated m = migrateTables("1.4", "0.12", "  cache-max-memory-size = \"2g\"\n[[collectd]]\n  enabled = true\n"
                + "[[collectd]]\n  enabled = true\n  bind-address = \":1\"\n");
        ConfigFile f = ConfigFile.parse(m.out());
        assertThat(ConfigTestSupport.live(f)).containsEntry("data.cache-max-memory-size", "2147483648")
                .containsEntry("collectd.enabled", "true");
        assertThat(f.section("collectd").array()).isFalse();
    }

    @Test
    void secretsAreCarriedButNotShown() throws Exception {
        Migrated m = migrateTables("1.2", "1.4", "[http]\n  shared-secret = \"hunter2\"\n");
        assertThat(m.live()).containsEntry("http.shared-secret", "\"hunter2\"");
        assertThat(Json.line(m.migration())).doesNotContain("hunter2");
    }

    @Test
    void migrationJsonFieldNamesAreCamelCase() throws Exception {
        ConfigMigration m = migrate(old010(), "0.10", "1.4", tmp.resolve("d.conf"), false);
        assertThat(Json.line(m)).contains("\"outFile\"", "\"oldFile\"", "\"fromVersion\"", "\"toVersion\"", "\"carried\"",
                "\"dropped\"", "\"warnings\"", "\"targetKey\"", "\"reason\"");
    }

    @Test
    void everySkeletonParsesAndListsEveryKeyOfItsRelease() {
        ConfigKnowledge kb = ConfigKnowledge.get();
        for (String line : kb.lines()) {
            String text = ConfigSkeleton.sample(line);
            ConfigFile f = ConfigFile.parse(Path.of("sample-" + line), text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(ConfigTestSupport.live(f).keySet()).as(line).containsExactlyInAnyOrder("meta.dir", "data.dir", "data.wal-dir");
            for (ConfigKnowledge.KeyDef k : kb.keys()) {
                if (k.existsAt(kb.line(line)) && !k.required()) {
                    assertThat(f.commentedKeys()).as(line + " " + k.fullName())
                            .anyMatch(c -> c.key().equals(k.key()) && c.section().equals(k.section()));
                }
            }
        }
    }
}
