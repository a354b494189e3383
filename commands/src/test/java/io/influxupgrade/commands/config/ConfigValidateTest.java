package io.influxupgrade.commands.config;

import io.influxupgrade.commands.InfluxVersion;
import io.influxupgrade.commands.Json;
import io.influxupgrade.commands.UpgradeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigValidateTest {

    @TempDir
    Path tmp;

    private ConfigValidation validate(String text, String version, Path influxd) throws Exception {
        Path p = tmp.resolve("v-" + System.nanoTime() + ".conf");
        Files.writeString(p, text);
        return new ConfigValidateCommand().run(new ConfigValidateCommand.Request(p,
                version == null ? null : InfluxVersion.parse(version), influxd));
    }

    @Test
    void aGoodFilePasses() throws Exception {
        ConfigValidation v = validate(ConfigDiffRulesTest.DIRS + "[http]\n  bind-address = \":9086\"\n", "1.4", null);
        assertThat(v.failed()).isFalse();
        assertThat(v.findings()).isEmpty();
        assertThat(v.influxd()).isNull();
    }

    @Test
    void wrongTypesFail() throws Exception {
        ConfigValidation v = validate(ConfigDiffRulesTest.DIRS + "[http]\n  max-row-limit = \"10\"\n", "1.4", null);
        assertThat(v.failed()).isTrue();
        assertThat(v.findings()).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(ConfigFinding.Severity.ERROR);
            assertThat(f.line()).isEqualTo(7);
        });
        assertThat(v.failureSummary()).contains("1 error");
    }

    @Test
    void unknownSectionsAndKeysAreReportedButNotFatal() throws Exception {
        ConfigValidation v = validate(ConfigDiffRulesTest.DIRS + "[admin]\n  enabled = true\n[nonsense]\n  x = 1\n", "1.4", null);
        assertThat(v.failed()).isFalse();
        assertThat(v.findings()).extracting(ConfigFinding::key).containsExactlyInAnyOrder("admin.enabled", "nonsense.x");
    }

    @Test
    void malformedFilesAreAFailureNamingLineAndColumn() throws Exception {
        assertThatThrownBy(() -> validate("[meta\n dir = 1\n", "1.4", null)).isInstanceOf(UpgradeException.class)
                .hasMessageMatching(".*:1:\\d+: malformed TOML.*");
    }

    @Test
    void versionIsInferredWhenMissing() throws Exception {
        ConfigValidation v = validate(ConfigDiffRulesTest.DIRS + "  max-index-log-file-size = \"2m\"\n  tsm-use-madv-willneed = true\n"
                + "  validate-keys = true\n  strict-error-handling = true\n", null, null);
        assertThat(v.version()).isEqualTo("1.8");
        assertThat(v.versionInferred()).isTrue();
    }

    @Test
    void findsInfluxdOnAPathList() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path fake = bin.resolve("influxd");
        Files.writeString(fake, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(ConfigValidateCommand.findInfluxdOnPath(tmp.resolve("nope") + ":" + bin)).isEqualTo(fake);
        assertThat(ConfigValidateCommand.findInfluxdOnPath(tmp.resolve("nope").toString())).isNull();
        assertThat(ConfigValidateCommand.findInfluxdOnPath(null)).isNull();
    }

    @Test
    void aFakeInfluxdThatRefusesIsReported() throws Exception {
        Path fake = tmp.resolve("influxd");
        Files.writeString(fake, "#!/bin/sh\nif [ \"$1\" = version ]; then echo 'InfluxDB v9.9.9 (git: x)'; exit 0; fi\n"
                + "echo 'Merging with configuration at: x'; echo 'run: parse config: boom' >&2; exit 1\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        ConfigValidation v = validate(ConfigDiffRulesTest.DIRS, "1.4", fake);
        assertThat(v.influxd().accepted()).isFalse();
        assertThat(v.influxd().version()).isEqualTo("InfluxDB v9.9.9 (git: x)");
        assertThat(v.influxd().message()).contains("boom");
        assertThat(v.failed()).isTrue();
        assertThat(Json.line(v)).contains("\"influxd\"", "\"accepted\":false", "\"exitCode\":1", "\"versionInferred\":false");
    }

    @Test
    void theRealInfluxdRefusesAPlainCollectdTable() throws Exception {
        Path influxd = ConfigTestSupport.influxdOrSkip();
        ConfigValidation v = validate(ConfigDiffRulesTest.DIRS + "[collectd]\n  enabled = false\n", "1.4", influxd);
        assertThat(v.influxd().accepted()).isFalse();
        assertThat(v.findings()).anyMatch(f -> f.key().equals("[collectd]") && f.severity() == ConfigFinding.Severity.ERROR);
    }

    @Test
    void theRealInfluxdAgreesAboutDurationsAndSizes() throws Exception {
        Path influxd = ConfigTestSupport.influxdOrSkip();
        String[][] cases = {
                {"[retention]\n  check-interval = \"600\"\n", "false"},
                {"[retention]\n  check-interval = \"1d\"\n", "false"},
                {"[retention]\n  check-interval = \"60m0s\"\n", "true"},
                {"[data]\n  cache-max-memory-size = \"1gb\"\n", "false"},
                {"[data]\n  cache-max-memory-size = \"1g\"\n", "true"},
                {"[http]\n  auth-enabled = \"yes\"\n", "false"},
        };
        for (String[] c : cases) {
            String text = c[0].startsWith("[data]") ? ConfigDiffRulesTest.DIRS + c[0].substring("[data]\n".length())
                    : ConfigDiffRulesTest.DIRS + c[0];
            ConfigValidation v = validate(text, "1.6", influxd);
            boolean ours = v.findings().stream().noneMatch(f -> f.severity() == ConfigFinding.Severity.ERROR);
            assertThat(v.influxd().accepted()).as("influxd on " + c[0]).isEqualTo(Boolean.parseBoolean(c[1]));
            assertThat(ours).as("ours on " + c[0]).isEqualTo(Boolean.parseBoolean(c[1]));
        }
    }
}
