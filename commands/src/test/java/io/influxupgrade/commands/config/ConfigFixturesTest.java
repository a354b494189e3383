package io.influxupgrade.commands.config;

import io.influxupgrade.commands.InfluxVersion;
import io.influxupgrade.commands.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs over the real sample configs of every release when {@code shared/fixtures/influxdb-config} exists (skipped
 * otherwise): diff and migrate for every pair of an old sample and a later release, and the real influxd's verdict.
 */
class ConfigFixturesTest {

    static final String[] SAMPLES = {"0.10.3", "0.11.1", "0.12.2", "0.13.0", "1.0.2", "1.1.5", "1.2.4", "1.3.9",
            "1.4.3", "1.5.5", "1.6.6", "1.7.11", "1.8.10"};

    @TempDir
    Path tmp;

    record Pair(String sample, String to) {
    }

    static List<Pair> pairs() {
        List<Pair> out = new ArrayList<>();
        for (int i = 0; i < SAMPLES.length; i++) {
            for (int j = i + 1; j < SAMPLES.length; j++) {
                out.add(new Pair(SAMPLES[i], InfluxVersion.parse(SAMPLES[j]).line()));
            }
        }
        return out;
    }

    @Test
    void everyOldSampleDiffsAndMigratesToEveryLaterRelease() throws Exception {
        Path dir = ConfigTestSupport.fixturesOrSkip();
        for (Pair p : pairs()) {
            Path old = dir.resolve(p.sample() + ".toml");
            ConfigDiff d = new ConfigDiffCommand().run(new ConfigDiffCommand.Request(old, InfluxVersion.parse(p.sample()),
                    InfluxVersion.parse(p.to()), Map.of()));
            assertThat(d.toVersion()).isEqualTo(p.to());
            Path out = tmp.resolve(p.sample() + "-to-" + p.to() + ".conf");
            ConfigMigration m = new ConfigMigrateCommand().run(new ConfigMigrateCommand.Request(old,
                    InfluxVersion.parse(p.sample()), InfluxVersion.parse(p.to()), out, false));
            ConfigFile migrated = ConfigFile.parse(out);
            // the three directories always survive, and nothing in the result blocks the target
            assertThat(ConfigTestSupport.live(migrated)).as(p.toString())
                    .containsEntry("meta.dir", "\"/var/lib/influxdb/meta\"").containsEntry("data.wal-dir", "\"/var/lib/influxdb/wal\"");
            ConfigDiff again = new ConfigDiffCommand().run(new ConfigDiffCommand.Request(out, InfluxVersion.parse(p.to()),
                    InfluxVersion.parse(p.to()), Map.of()));
            assertThat(again.failed()).as(p + ": " + Json.line(again.findings())).isFalse();
            assertThat(m.carried()).isNotEmpty();
        }
    }

    @Test
    void theStockSamplesOf010To012OnlyNeedTheirInputTablesFixed() throws Exception {
        Path dir = ConfigTestSupport.fixturesOrSkip();
        for (String s : new String[] {"0.10.3", "0.11.1", "0.12.2"}) {
            ConfigDiff d = new ConfigDiffCommand().run(new ConfigDiffCommand.Request(dir.resolve(s + ".toml"),
                    InfluxVersion.parse(s), InfluxVersion.V1_4, Map.of()));
            assertThat(d.group(ConfigFinding.Group.BLOCKS_START)).extracting(ConfigFinding::key)
                    .as(s).containsExactlyInAnyOrder("[collectd]", "[opentsdb]");
            assertThat(d.findings()).as(s).anyMatch(f -> f.key().equals("http.pprof-enabled")
                    && f.severity() == ConfigFinding.Severity.WARNING);
        }
    }

    @Test
    void theReleaseOfEverySampleIsInferred() throws Exception {
        Path dir = ConfigTestSupport.fixturesOrSkip();
        ConfigKnowledge kb = ConfigKnowledge.get();
        for (String s : SAMPLES) {
            int line = ConfigAnalyzer.inferFrom(kb, ConfigFile.parse(dir.resolve(s + ".toml")));
            assertThat(kb.lineName(line)).as(s).isEqualTo(InfluxVersion.parse(s).line());
        }
    }

    @Test
    void everyKeyOfTheSamplesIsKnownToItsRelease() throws Exception {
        Path dir = ConfigTestSupport.fixturesOrSkip();
        for (String s : SAMPLES) {
            ConfigDiff d = new ConfigDiffCommand().run(new ConfigDiffCommand.Request(dir.resolve(s + ".toml"),
                    InfluxVersion.parse(s), InfluxVersion.parse(s), Map.of()));
            assertThat(d.group(ConfigFinding.Group.REMOVED)).as(s).allMatch(f -> f.advice().contains("did not use it")
                    || f.advice().contains("never read") || f.advice().contains("unused") || f.advice().contains("ignored by"));
            assertThat(d.findings()).as(s).noneMatch(f -> f.advice().contains("unknown"));
        }
    }

    @Test
    void theRealInfluxdAcceptsEveryFileMigratedTo14OrLater() throws Exception {
        Path dir = ConfigTestSupport.fixturesOrSkip();
        Path influxd = ConfigTestSupport.influxdOrSkip();
        for (Pair p : pairs()) {
            if (!InfluxVersion.parse(p.to()).atLeast(1, 4)) {
                continue;
            }
            Path out = tmp.resolve("influxd-" + p.sample() + "-to-" + p.to() + ".conf");
            new ConfigMigrateCommand().run(new ConfigMigrateCommand.Request(dir.resolve(p.sample() + ".toml"),
                    InfluxVersion.parse(p.sample()), InfluxVersion.parse(p.to()), out, false));
            ConfigValidation.InfluxdVerdict v = ConfigValidateCommand.ask(influxd, out);
            assertThat(v.accepted()).as(p + ": " + v.message()).isTrue();
        }
    }

    @Test
    void theRealInfluxdAcceptsTheGeneratedSkeletonsOf14AndLater() throws Exception {
        Path influxd = ConfigTestSupport.influxdOrSkip();
        for (String line : List.of("1.4", "1.5", "1.6", "1.7", "1.8")) {
            Path f = tmp.resolve("skeleton-" + line + ".conf");
            Files.writeString(f, ConfigSkeleton.sample(line));
            assertThat(ConfigValidateCommand.ask(influxd, f).accepted()).as(line).isTrue();
        }
    }
}
