package io.influxupgrade.commands.config;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.fail;

/** Locating optional real-world inputs: the shared config fixtures and an influxd binary. */
final class ConfigTestSupport {

    private ConfigTestSupport() {
    }

    /** {@code shared/fixtures/influxdb-config} found by walking up from the working directory, or null. */
    static Path fixtures() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("shared/fixtures/influxdb-config");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        return null;
    }

    /** The fixtures, or the test is skipped. */
    static Path fixturesOrSkip() {
        Path p = fixtures();
        Assumptions.assumeTrue(p != null, "no shared/fixtures/influxdb-config above " + Path.of("").toAbsolutePath());
        return p;
    }

    /** influxd from PATH; skips when absent, except on CI (CI=true) where its absence fails the test. */
    static Path influxdOrSkip() {
        Path p = ConfigValidateCommand.findInfluxdOnPath(System.getenv("PATH"));
        if (p == null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true but no influxd on PATH");
            }
            Assumptions.assumeTrue(false, "no influxd on PATH");
        }
        return p;
    }

    /** Live settings of a parsed file: "graphite[1].database" → its TOML literal. */
    static Map<String, String> live(ConfigFile f) {
        Map<String, String> m = new LinkedHashMap<>();
        for (ConfigFile.Entry e : f.entries()) {
            m.put(e.displayName(), ConfigValues.literal(e.value()));
        }
        return m;
    }
}
