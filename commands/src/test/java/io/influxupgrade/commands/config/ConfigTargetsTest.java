package io.influxupgrade.commands.config;

import io.influxupgrade.commands.InfluxVersion;
import io.influxupgrade.commands.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Config knowledge and migration for the targets beyond 1.4 (issue 18): every key the facts notes list as added or
 * removed in 1.5, 1.6, 1.7 and 1.8 is known from exactly that release, a diff to each target names the new keys, and
 * a migration for a tsi1 plan writes index-version = "tsi1".
 */
class ConfigTargetsTest {

    @TempDir
    Path tmp;

    /** section, key, the release that added it (influxdb-config-changes.md §3.9-3.12). */
    static final List<String[]> ADDED = List.of(
            new String[] {"logging", "format", "1.5"}, new String[] {"logging", "level", "1.5"}, new String[] {"logging", "suppress-logo", "1.5"},
            new String[] {"data", "max-index-log-file-size", "1.5"}, new String[] {"http", "access-log-path", "1.5"},
            new String[] {"http", "debug-pprof-enabled", "1.5"},
            new String[] {"tls", "ciphers", "1.6"}, new String[] {"tls", "min-version", "1.6"}, new String[] {"tls", "max-version", "1.6"},
            new String[] {"data", "tsm-use-madv-willneed", "1.6"}, new String[] {"http", "suppress-write-log", "1.6"},
            new String[] {"http", "max-concurrent-write-limit", "1.6"}, new String[] {"http", "max-enqueued-write-limit", "1.6"},
            new String[] {"http", "enqueued-write-timeout", "1.6"},
            new String[] {"http", "flux-enabled", "1.7"}, new String[] {"http", "flux-log-enabled", "1.7"},
            new String[] {"data", "validate-keys", "1.7"}, new String[] {"data", "compact-throughput", "1.7"},
            new String[] {"data", "compact-throughput-burst", "1.7"}, new String[] {"data", "series-id-set-cache-size", "1.7"},
            new String[] {"http", "pprof-auth-enabled", "1.7"}, new String[] {"http", "ping-auth-enabled", "1.7"},
            new String[] {"http", "access-log-status-filters", "1.7"},
            new String[] {"data", "strict-error-handling", "1.8"});

    @Test
    void everyKeyAddedIn15To18IsKnownFromItsReleaseOn() {
        ConfigKnowledge kb = ConfigKnowledge.get();
        for (String[] k : ADDED) {
            int since = kb.line(k[2]);
            assertThat(kb.key(k[0], k[1], since)).as(k[0] + "." + k[1] + " in " + k[2]).isNotNull();
            assertThat(kb.key(k[0], k[1], since - 1)).as(k[0] + "." + k[1] + " before " + k[2]).isNull();
            assertThat(kb.key(k[0], k[1], kb.line("1.8"))).as(k[0] + "." + k[1] + " in 1.8").isNotNull();
        }
        // removed: [ifql] went away in 1.7 (its settings moved into [http])
        assertThat(kb.section("ifql").existsAt(kb.line("1.6"))).isTrue();
        assertThat(kb.section("ifql").existsAt(kb.line("1.7"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "1.6", "1.7", "1.8"})
    void aDiffFrom14NamesTheKeysNewInEachTarget(String to) throws Exception {
        Path old = Files.writeString(tmp.resolve("old.conf"), ConfigDiffRulesTest.DIRS + "[ifql]\n  enabled = true\n");
        ConfigDiff d = new ConfigDiffCommand().run(new ConfigDiffCommand.Request(old, InfluxVersion.parse("1.4"), InfluxVersion.parse(to), Map.of()));
        String json = Json.line(d);
        ConfigKnowledge kb = ConfigKnowledge.get();
        for (String[] k : ADDED) {
            if (kb.line(k[2]) <= kb.line(to)) {
                assertThat(json).as(k[1] + " new in " + to).contains(k[1]);
            }
        }
        if (to.equals("1.7") || to.equals("1.8")) {
            assertThat(d.findings()).anySatisfy(f -> assertThat(f.key()).contains("ifql"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "1.6", "1.7", "1.8"})
    void aTsi1PlanWritesIndexVersionTsi1OverTheOldInmem(String to) throws Exception {
        Path old = Files.writeString(tmp.resolve("old.conf"), ConfigDiffRulesTest.DIRS + "  index-version = \"inmem\"\n  cache-max-memory-size = 2147483648\n");
        Path out = tmp.resolve("new-" + to + ".conf");
        ConfigMigration m = new ConfigMigrateCommand().run(new ConfigMigrateCommand.Request(old, InfluxVersion.parse("1.3"),
                InfluxVersion.parse(to), out, false, "tsi1"));
        String text = Files.readString(out);
        assertThat(text).contains("index-version = \"tsi1\"  # set by the upgrade plan").doesNotContain("index-version = \"inmem\"");
        assertThat(ConfigFile.parse(out)).isNotNull();
        assertThat(m.carried()).anySatisfy(c -> assertThat(c.targetKey()).isEqualTo("data.index-version"));
        // without the plan's index the old value carries over as before
        Path plain = tmp.resolve("plain-" + to + ".conf");
        new ConfigMigrateCommand().run(new ConfigMigrateCommand.Request(old, InfluxVersion.parse("1.3"), InfluxVersion.parse(to), plain, false));
        assertThat(Files.readString(plain)).doesNotContain("index-version = \"tsi1\"");
    }

    @Test
    void theTsi1ConfigForA16TargetIsAcceptedByTheReal167() throws Exception {
        Path influxd = ConfigTestSupport.influxdOrSkip();
        Path old = Files.writeString(tmp.resolve("old.conf"), ConfigDiffRulesTest.DIRS);
        Path out = tmp.resolve("new.conf");
        new ConfigMigrateCommand().run(new ConfigMigrateCommand.Request(old, InfluxVersion.parse("1.3"), InfluxVersion.parse("1.6"), out, false, "tsi1"));
        ConfigValidation v = new ConfigValidateCommand().run(new ConfigValidateCommand.Request(out, InfluxVersion.parse("1.6"), influxd));
        assertThat(v.influxd().accepted()).as(Json.line(v.influxd())).isTrue();
    }
}
