package io.influxupgrade.commands.config;

import io.influxupgrade.commands.InfluxVersion;
import io.influxupgrade.commands.Json;
import io.influxupgrade.commands.config.ConfigFinding.Group;
import io.influxupgrade.commands.config.ConfigFinding.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** One small config per rule kind; the expectations come from the config-changes notes, not from the code. */
class ConfigDiffRulesTest {

    static final String DIRS = "[meta]\n  dir = \"/srv/influx/meta\"\n[data]\n  dir = \"/srv/influx/data\"\n  wal-dir = \"/srv/influx/wal\"\n";

    @TempDir
    Path tmp;

    /** A config, the versions, and one finding that must be in the diff. */
    record Case(String name, String from, String to, String config, Group group, Severity severity, String key,
                String targetKey, String targetValue, String adviceContains) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                // customised: differs from the old default, carried
                new Case("customised cache size", "1.2", "1.4", DIRS + "  cache-max-memory-size = 2147483648\n",
                        Group.CUSTOMISED, Severity.NOTICE, "data.cache-max-memory-size", "data.cache-max-memory-size", "2147483648", "carried"),
                new Case("customised http port", "0.10", "1.4", DIRS + "[http]\n  bind-address = \":9086\"\n",
                        Group.CUSTOMISED, Severity.NOTICE, "http.bind-address", "http.bind-address", "\":9086\"", "carried"),
                new Case("case-insensitive key", "1.2", "1.4", DIRS + "[http]\n  Bind-Address = \":9086\"\n",
                        Group.CUSTOMISED, Severity.NOTICE, "http.Bind-Address", "http.bind-address", "\":9086\"", "case-insensitively"),
                // renamed
                new Case("data-logging-enabled renamed", "0.13", "1.4", DIRS + "  data-logging-enabled = false\n",
                        Group.RENAMED, Severity.NOTICE, "data.data-logging-enabled", "data.trace-logging-enabled", "false", "new name"),
                new Case("data-logging-enabled at old default", "0.12", "1.4", DIRS + "  data-logging-enabled = true\n",
                        Group.RENAMED, Severity.NOTICE, "data.data-logging-enabled", "data.trace-logging-enabled", "false", "you will get"),
                new Case("[cluster] keys move to [coordinator]", "0.12", "1.4", DIRS + "[cluster]\n  query-timeout = \"30s\"\n",
                        Group.RENAMED, Severity.NOTICE, "cluster.query-timeout", "coordinator.query-timeout", "\"30s\"", null),
                new Case("[cluster] header itself", "0.13", "1.4", DIRS + "[cluster]\n  query-timeout = \"30s\"\n",
                        Group.RENAMED, Severity.WARNING, "[cluster]", "[coordinator]", null, "rewritten"),
                new Case("shared-sercret typo", "1.1", "1.4", DIRS + "[http]\n  shared-sercret = \"s3cret\"\n",
                        Group.RENAMED, Severity.WARNING, "http.shared-sercret", "http.shared-secret", "\"<redacted>\"", "typo"),
                // removed / ignored
                new Case("[admin] removed in 1.3", "1.2", "1.4", DIRS + "[admin]\n  enabled = true\n",
                        Group.REMOVED, Severity.NOTICE, "admin.enabled", null, null, "Chronograf"),
                new Case("raft key removed in 0.12", "0.11", "1.4", DIRS.replace("[meta]\n", "[meta]\n  election-timeout = \"2s\"\n"),
                        Group.REMOVED, Severity.WARNING, "meta.election-timeout", null, null, "Raft"),
                new Case("b1 WAL key removed", "0.10", "1.4", DIRS + "  max-wal-size = 1000\n",
                        Group.REMOVED, Severity.WARNING, "data.max-wal-size", null, null, "influx_tsm"),
                new Case("udp-payload-size gone", "1.0", "1.4", DIRS + "[[udp]]\n  udp-payload-size = 1500\n",
                        Group.REMOVED, Severity.NOTICE, "udp[0].udp-payload-size", null, null, "ignored"),
                new Case("unknown section reported, not fatal", "1.2", "1.4", DIRS + "[frobnicator]\n  level = 3\n",
                        Group.REMOVED, Severity.WARNING, "frobnicator.level", null, null, "unknown section"),
                new Case("underscore spelling", "1.2", "1.4", DIRS + "[http]\n  bind_address = \":9\"\n",
                        Group.REMOVED, Severity.WARNING, "http.bind_address", null, null, "did you mean 'bind-address'"),
                new Case("key under a commented 1.1 header", "1.1", "1.4", DIRS + "\n# [http]\n  auth-enabled = true\n",
                        Group.REMOVED, Severity.WARNING, "data.auth-enabled", "http.auth-enabled", null, "commented out"),
                new Case("[logging] going back to 1.4", "1.6", "1.4", DIRS + "[logging]\n  level = \"debug\"\n",
                        Group.REMOVED, Severity.WARNING, "logging.level", null, null, "not known to 1.4"),
                // default changed
                new Case("compact-full-write-cold-duration kept at 24h", "1.0", "1.4", DIRS + "  compact-full-write-cold-duration = \"24h\"\n",
                        Group.DEFAULT_CHANGED, Severity.NOTICE, "data.compact-full-write-cold-duration", "data.compact-full-write-cold-duration", "\"4h\"", "you will get"),
                new Case("1h written as 60m0s is still the old default", "0.10", "1.4", DIRS + "  cache-snapshot-write-cold-duration = \"60m0s\"\n",
                        Group.DEFAULT_CHANGED, Severity.NOTICE, "data.cache-snapshot-write-cold-duration", "data.cache-snapshot-write-cold-duration", "\"10m\"", null),
                new Case("cache size absent: 500 MiB becomes 1 GiB", "0.11", "1.4", DIRS,
                        Group.DEFAULT_CHANGED, Severity.NOTICE, "data.cache-max-memory-size", "data.cache-max-memory-size", "1073741824", null),
                new Case("max-row-limit 10000 from the 0.12 sample", "0.12", "1.4", DIRS + "[http]\n  max-row-limit = 10000\n",
                        Group.DEFAULT_CHANGED, Severity.WARNING, "http.max-row-limit", "http.max-row-limit", "0", "1.2.2"),
                // meaning changed
                new Case("pprof-enabled=false now takes effect", "1.0", "1.4", DIRS + "[http]\n  pprof-enabled = false\n",
                        Group.DEFAULT_CHANGED, Severity.WARNING, "http.pprof-enabled", "http.pprof-enabled", "true", "/debug/pprof"),
                new Case("max-concurrent-compactions = 0 from 1.3", "1.3", "1.4", DIRS + "  max-concurrent-compactions = 0\n",
                        Group.DEFAULT_CHANGED, Severity.WARNING, "data.max-concurrent-compactions", "data.max-concurrent-compactions", "0", "half the cores"),
                new Case("max-concurrent-compactions absent from 1.3", "1.3", "1.4", DIRS,
                        Group.DEFAULT_CHANGED, Severity.WARNING, "data.max-concurrent-compactions", "data.max-concurrent-compactions", "0", "half the cores"),
                new Case("tsi1 built by 1.3", "1.3", "1.4", DIRS + "  index-version = \"tsi1\"\n",
                        Group.CUSTOMISED, Severity.WARNING, "data.index-version", "data.index-version", "\"tsi1\"", "inmem2tsi"),
                new Case("Debian reporting-enabled", "1.6", "1.6", "reporting-enabled = true\n" + DIRS,
                        Group.CUSTOMISED, Severity.NOTICE, "reporting-enabled", "reporting-enabled", "true", "debian-only"),
                new Case("upstream reporting-disabled on a Debian build", "1.2", "1.4", "reporting-disabled = true\n" + DIRS,
                        Group.CUSTOMISED, Severity.NOTICE, "reporting-disabled", "reporting-disabled", "true", "reporting-enabled"),
                // new in target
                new Case("max-body-size is new in 1.4", "1.3", "1.4", DIRS,
                        Group.NEW_IN_TARGET, Severity.WARNING, "http.max-body-size", "http.max-body-size", "25000000", "413"),
                new Case("max-series-per-database new since 0.x", "0.13", "1.4", DIRS,
                        Group.NEW_IN_TARGET, Severity.WARNING, "data.max-series-per-database", "data.max-series-per-database", "1000000", "refused"),
                // blocks start
                new Case("plain [collectd] table", "0.12", "1.4", DIRS + "[collectd]\n  enabled = true\n",
                        Group.BLOCKS_START, Severity.ERROR, "[collectd]", "[[collectd]]", null, "config migrate rewrites it"),
                new Case("plain [opentsdb] table", "0.11", "1.0", DIRS + "[opentsdb]\n  enabled = true\n",
                        Group.BLOCKS_START, Severity.ERROR, "[opentsdb]", "[[opentsdb]]", null, "[[opentsdb]]"),
                new Case("plain [graphite] table", "1.2", "1.4", DIRS + "[graphite]\n  enabled = true\n",
                        Group.BLOCKS_START, Severity.ERROR, "[graphite]", "[[graphite]]", null, null),
                new Case("plain [udp] table", "1.2", "1.4", DIRS + "[udp]\n  enabled = true\n",
                        Group.BLOCKS_START, Severity.ERROR, "[udp]", "[[udp]]", null, null),
                new Case("[cluster] and [coordinator] together", "0.13", "1.4",
                        DIRS + "[cluster]\n  write-timeout = \"20s\"\n[coordinator]\n  write-timeout = \"30s\"\n",
                        Group.BLOCKS_START, Severity.ERROR, "[cluster]", "[coordinator]", null, "merge"),
                new Case("duration integer without unit", "1.2", "1.4", DIRS + "[retention]\n  check-interval = 600\n",
                        Group.BLOCKS_START, Severity.ERROR, "retention.check-interval", "retention.check-interval", null, "missing unit"),
                new Case("duration string without unit", "1.2", "1.4", DIRS + "[retention]\n  check-interval = \"600\"\n",
                        Group.BLOCKS_START, Severity.ERROR, "retention.check-interval", "retention.check-interval", null, "missing unit"),
                new Case("duration in days", "1.2", "1.4", DIRS + "[shard-precreation]\n  advance-period = \"1d\"\n",
                        Group.BLOCKS_START, Severity.ERROR, "shard-precreation.advance-period", "shard-precreation.advance-period", "\"24h\"", "unknown unit"),
                new Case("bad size suffix", "1.4", "1.5", DIRS + "  cache-max-memory-size = \"1gb\"\n",
                        Group.BLOCKS_START, Severity.ERROR, "data.cache-max-memory-size", "data.cache-max-memory-size", null, "invalid size"),
                new Case("string where a bool is expected", "1.2", "1.4", DIRS + "[http]\n  auth-enabled = \"yes\"\n",
                        Group.BLOCKS_START, Severity.ERROR, "http.auth-enabled", "http.auth-enabled", null, "incompatible types"),
                new Case("float where an int is expected", "1.2", "1.4", DIRS + "[http]\n  max-row-limit = 1.5\n",
                        Group.BLOCKS_START, Severity.ERROR, "http.max-row-limit", "http.max-row-limit", null, "incompatible types"),
                new Case("unknown index-version", "1.3", "1.4", DIRS + "  index-version = \"tsi2\"\n",
                        Group.BLOCKS_START, Severity.ERROR, "data.index-version", "data.index-version", null, "inmem, tsi1"),
                new Case("graphite template without a measurement", "1.2", "1.4", DIRS + "[[graphite]]\n  templates = [\"server.*\"]\n",
                        Group.BLOCKS_START, Severity.ERROR, "graphite[0].templates", "graphite[0].templates", null, "no measurement"),
                new Case("graphite tag that is not key=value", "1.2", "1.4", DIRS + "[[graphite]]\n  tags = [\"region\"]\n",
                        Group.BLOCKS_START, Severity.ERROR, "graphite[0].tags", "graphite[0].tags", null, "key=value"),
                new Case("negative max-concurrent-compactions", "1.4", "1.4", DIRS + "  max-concurrent-compactions = -1\n",
                        Group.BLOCKS_START, Severity.ERROR, "data.max-concurrent-compactions", "data.max-concurrent-compactions", null, "at least 0"),
                new Case("size string going back to 1.3", "1.4", "1.3", DIRS + "  cache-max-memory-size = \"2g\"\n",
                        Group.BLOCKS_START, Severity.ERROR, "data.cache-max-memory-size", "data.cache-max-memory-size", "2147483648", "config migrate writes"),
                new Case("missing wal-dir", "1.2", "1.4", "[meta]\n  dir = \"/m\"\n[data]\n  dir = \"/d\"\n",
                        Group.BLOCKS_START, Severity.ERROR, "data.wal-dir", "data.wal-dir", "\"/var/lib/influxdb/wal\"", "refuses to start")
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rule(Case c) throws Exception {
        ConfigDiff diff = diff(c.config(), c.from(), c.to(), Map.of());
        assertThat(diff.findings()).as(Json.line(diff.findings())).anySatisfy(f -> {
            assertThat(f.group()).isEqualTo(c.group());
            assertThat(f.key()).isEqualTo(c.key());
            assertThat(f.severity()).isEqualTo(c.severity());
            if (c.targetKey() != null) {
                assertThat(f.targetKey()).isEqualTo(c.targetKey());
            }
            if (c.targetValue() != null) {
                assertThat(f.targetValue()).isEqualTo(c.targetValue());
            }
            if (c.adviceContains() != null) {
                assertThat(f.advice()).containsIgnoringCase(c.adviceContains());
            }
        });
        assertThat(diff.failed()).isEqualTo(c.severity() == Severity.ERROR);
    }

    @Test
    void lineNumbersPointAtTheOldFile() throws Exception {
        ConfigDiff d = diff(DIRS + "\n\n[http]\n  bind-address = \":9086\"\n", "1.2", "1.4", Map.of());
        assertThat(d.findings()).filteredOn(f -> f.key().equals("http.bind-address"))
                .singleElement().extracting(ConfigFinding::line, ConfigFinding::oldValue).containsExactly(9, "\":9086\"");
    }

    @Test
    void anUnchangedDefaultIsNotCustomised() throws Exception {
        ConfigDiff d = diff(DIRS + "  cache-max-memory-size = \"1g\"\n  cache-snapshot-memory-size = 26214400\n", "1.4", "1.5", Map.of());
        assertThat(d.findings()).noneMatch(f -> f.key().startsWith("data.cache"));
        assertThat(d.failed()).isFalse();
    }

    @Test
    void sameVersionWithDefaultsHasNothingToSay() throws Exception {
        ConfigDiff d = diff(DIRS + "[http]\n  enabled = true\n", "1.4", "1.4", Map.of());
        assertThat(d.findings()).allMatch(f -> f.group() == Group.CUSTOMISED && f.key().contains("dir"));
    }

    record EnvCase(String to, String name, String value, String status, String targetKey, String adviceContains) {
        @Override
        public String toString() {
            return name + "=" + value + " for " + to;
        }
    }

    static Stream<EnvCase> envCases() {
        return Stream.of(
                new EnvCase("1.4", "INFLUXDB_HTTP_BIND_ADDRESS", ":9999", "applies", "http.bind-address", null),
                new EnvCase("1.4", "INFLUXDB_BIND_ADDRESS", "127.0.0.1:9088", "applies", "bind-address", null),
                new EnvCase("1.4", "INFLUXDB_SHARD_PRECREATION_ADVANCE_PERIOD", "1h", "applies", "shard-precreation.advance-period", null),
                new EnvCase("1.4", "INFLUXDB_CONTINUOUS_QUERIES_RUN_INTERVAL", "5s", "applies", "continuous_queries.run-interval", null),
                new EnvCase("1.4", "INFLUXDB_GRAPHITE_ENABLED", "true", "applies", "graphite[*].enabled", null),
                new EnvCase("1.4", "INFLUXDB_GRAPHITE_0_ENABLED", "true", "applies", "graphite[0].enabled", null),
                new EnvCase("1.4", "INFLUXDB_GRAPHITE_0_TEMPLATES_1", "a.b", "applies", "graphite[0].templates", null),
                new EnvCase("1.4", "INFLUXDB_HTTP_MAX_ROW_LIMIT", "010", "applies", "http.max-row-limit", "octal"),
                new EnvCase("1.4", "INFLUXDB_COORDINATOR_WRITE_TIMEOUT", "10", "invalid", "coordinator.write-timeout", "missing unit"),
                new EnvCase("1.4", "INFLUXDB_HTTP_AUTH_ENABLED", "yes", "invalid", "http.auth-enabled", "boolean"),
                new EnvCase("1.4", "INFLUXDB_DATA_CACHE_MAX_MEMORY_SIZE", "1g", "invalid", "data.cache-max-memory-size", "plain byte"),
                new EnvCase("1.5", "INFLUXDB_DATA_CACHE_MAX_MEMORY_SIZE", "1g", "applies", "data.cache-max-memory-size", null),
                new EnvCase("1.4", "INFLUXDB_HTTP_REALM", "", "skipped", "http.realm", "empty"),
                new EnvCase("1.4", "INFLUXDB_CLUSTER_WRITE_TIMEOUT", "5s", "renamed", "coordinator.write-timeout", "INFLUXDB_COORDINATOR_WRITE_TIMEOUT"),
                new EnvCase("1.4", "INFLUXDB_DATA_DATA_LOGGING_ENABLED", "true", "renamed", "data.trace-logging-enabled", "INFLUXDB_DATA_TRACE_LOGGING_ENABLED"),
                new EnvCase("1.4", "INFLUXDB_ADMIN_ENABLED", "true", "ignored", null, "Chronograf"),
                new EnvCase("1.4", "INFLUXDB_HINTED_HANDOFF_ENABLED", "true", "ignored", null, null),
                new EnvCase("1.4", "INFLUXDB_PANIC_CRASH", "true", "not-a-key", null, "panic"),
                new EnvCase("1.4", "INFLUXDB_CONFIG_PATH", "/etc/x.conf", "not-a-key", null, "config file"),
                new EnvCase("1.4", "INFLUXDB_DATA_COMPACTION_THROUGHPUT", "1", "not-a-key", null, "48 MiB/s"),
                new EnvCase("1.7", "INFLUXDB_DATA_COMPACTION_THROUGHPUT", "1", "ignored", null, "compact-throughput"),
                new EnvCase("1.7", "INFLUXDB_DATA_COMPACT_THROUGHPUT", "64m", "applies", "data.compact-throughput", null),
                new EnvCase("1.6", "INFLUXDB_REPORTING_ENABLED", "true", "applies", "reporting-enabled", null)
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("envCases")
    void environmentOverrides(EnvCase c) throws Exception {
        ConfigDiff d = diff(DIRS, "0.13", c.to(), Map.of(c.name(), c.value(), "PATH", "/usr/bin"));
        assertThat(d.envOverrides()).singleElement().satisfies(e -> {
            assertThat(e.name()).isEqualTo(c.name());
            assertThat(e.status()).isEqualTo(c.status());
            assertThat(e.targetKey()).isEqualTo(c.targetKey());
            if (c.adviceContains() != null) {
                assertThat(e.advice()).contains(c.adviceContains());
            }
        });
        assertThat(d.failed()).isEqualTo(c.status().equals("invalid"));
    }

    @Test
    void secretsInTheEnvironmentAreRedacted() throws Exception {
        ConfigDiff d = diff(DIRS, "1.2", "1.4", Map.of("INFLUXDB_HTTP_SHARED_SECRET", "hunter2"));
        assertThat(d.envOverrides()).singleElement().extracting(EnvOverride::value).isEqualTo("<redacted>");
        assertThat(Json.line(d)).doesNotContain("hunter2");
    }

    @Test
    void dirsFromTheEnvironmentSatisfyTheRequiredKeys() throws Exception {
        ConfigDiff d = diff("[http]\n  enabled = true\n", "1.2", "1.4",
                Map.of("INFLUXDB_META_DIR", "/m", "INFLUXDB_DATA_DIR", "/d", "INFLUXDB_DATA_WAL_DIR", "/w"));
        assertThat(d.failed()).isFalse();
    }

    @Test
    void theOldVersionIsInferredWhenNotGiven() throws Exception {
        Path p = tmp.resolve("old.conf");
        Files.writeString(p, DIRS + "  max-wal-size = 104857600\n[hinted-handoff]\n  enabled = true\n[cluster]\n"
                + "  shard-writer-timeout = \"5s\"\n[collectd]\n  enabled = false\n");
        ConfigDiff d = new ConfigDiffCommand().run(new ConfigDiffCommand.Request(p, null, InfluxVersion.parse("1.4"), Map.of()));
        assertThat(d.fromInferred()).isTrue();
        assertThat(d.fromVersion()).isEqualTo("0.10");
    }

    @Test
    void jsonFieldNamesAreCamelCase() throws Exception {
        ConfigDiff d = diff(DIRS + "[collectd]\n  enabled = true\n", "0.12", "1.4", Map.of("INFLUXDB_HTTP_REALM", "x"));
        String json = Json.line(d);
        assertThat(json).contains("\"oldFile\"", "\"fromVersion\"", "\"fromInferred\"", "\"toVersion\"", "\"findings\"",
                "\"envOverrides\"", "\"counts\"", "\"failed\":true", "\"group\":\"blocks-start\"", "\"severity\":\"ERROR\"",
                "\"targetKey\"", "\"oldValue\"", "\"advice\"", "\"blocks-start\":1");
    }

    private ConfigDiff diff(String config, String from, String to, Map<String, String> env) throws Exception {
        Path p = tmp.resolve("influxdb-" + System.nanoTime() + ".conf");
        Files.writeString(p, config);
        return new ConfigDiffCommand().run(new ConfigDiffCommand.Request(p, InfluxVersion.parse(from), InfluxVersion.parse(to), env));
    }

    static List<String> lines(String s) {
        return List.of(s.split("\n"));
    }
}
