package io.influxupgrade.commands.config;

import io.influxupgrade.commands.UpgradeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Issue 15 item 4: a deeply nested TOML file ended the whole process with a StackOverflowError. Nesting of any depth
 * and random corruption of a real-shaped config give a config or a one-line UpgradeException, nothing else.
 */
class ConfigNestingFuzzTest {

    private static final Path P = Path.of("influxdb.conf");

    private static final String CONFIG = """
            reporting-disabled = false
            bind-address = "127.0.0.1:8088"
            [meta]
              dir = "/var/lib/influxdb/meta"  # the metastore [not a table]
            [data]
              dir = "/var/lib/influxdb/data"
              wal-dir = "/var/lib/influxdb/wal"
              cache-max-memory-size = "1g"
            [[graphite]]
              enabled = false
              templates = ["*.app env.service.resource.measurement", "server.*"]
            [[udp]]
              enabled = false
              bind-address = ":8089"
            [http]
              bind-address = ":8086"
              realm = "Influx {DB}"
            """;

    @ParameterizedTest
    @ValueSource(ints = {65, 1_000, 10_000, 100_000})
    void deepArraysAndInlineTablesAreOneLineErrors(int depth) {
        for (String text : new String[] {
                "a = " + "[".repeat(depth) + "]".repeat(depth) + "\n",
                "a = " + "{b = ".repeat(depth) + "1" + "}".repeat(depth) + "\n",
                "a = " + "[{x = ".repeat(depth / 2 + 1) + "1" + "}]".repeat(depth / 2 + 1) + "\n"}) {
            assertThatThrownBy(() -> ConfigFile.parse(P, text.getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOfSatisfying(UpgradeException.class, e -> {
                        assertThat(e.kind()).isEqualTo(UpgradeException.Kind.FAILED);
                        assertThat(e.getMessage()).contains("nested more than").doesNotContain("\n");
                    });
        }
    }

    @Test
    void aLongDottedKeyAndBracketsInStringsAndCommentsAreNotNesting() {
        String dotted = "a" + ".b".repeat(50_000) + " = 1\n";
        try {
            ConfigFile.parse(P, dotted.getBytes(StandardCharsets.UTF_8));
        } catch (UpgradeException e) {
            assertThat(e.getMessage()).doesNotContain("\n");
        }
        String quoted = "x = \"" + "[".repeat(1000) + "\"\ny = '" + "{".repeat(1000) + "'\n# " + "[".repeat(1000) + "\n"
                + "z = \"\"\"" + "[".repeat(1000) + "\n\"\"\"\n";
        ConfigFile f = ConfigFile.parse(P, quoted.getBytes(StandardCharsets.UTF_8));
        assertThat(f.entries()).extracting(ConfigFile.Entry::key).contains("x", "y", "z");
        assertThat(ConfigFile.parse(P, CONFIG.getBytes(StandardCharsets.UTF_8)).entries()).isNotEmpty();
    }

    @Test
    void randomCorruptionGivesAConfigOrAOneLineError() {
        Random rnd = new Random(20261206);
        byte[] base = CONFIG.getBytes(StandardCharsets.UTF_8);
        String[] inserts = {"[", "{", "]", "}", "\"", "'", "\"\"\"", "=", "\n", "#", "\\", "[[", "\u0000", "é"};
        for (int round = 0; round < 3000; round++) {
            StringBuilder sb = new StringBuilder(new String(base, StandardCharsets.UTF_8));
            int edits = 1 + rnd.nextInt(6);
            for (int e = 0; e < edits; e++) {
                int at = rnd.nextInt(sb.length() + 1);
                switch (rnd.nextInt(3)) {
                    case 0 -> sb.insert(at, inserts[rnd.nextInt(inserts.length)].repeat(1 + rnd.nextInt(rnd.nextInt(10) == 0 ? 5000 : 3)));
                    case 1 -> sb.delete(at, Math.min(sb.length(), at + 1 + rnd.nextInt(8)));
                    default -> sb.setCharAt(Math.min(at, sb.length() - 1), (char) (32 + rnd.nextInt(95)));
                }
            }
            try {
                ConfigFile.parse(P, sb.toString().getBytes(StandardCharsets.UTF_8));
            } catch (UpgradeException e) {
                assertThat(e.getMessage()).as("round " + round).doesNotContain("\n");
            } catch (Throwable t) {
                fail("round " + round + ": " + t.getClass().getName() + " escaped for input:\n" + sb, t);
            }
        }
    }

    @Test
    void theSampleConfigsOfRealReleasesStillParseWhenPresent() throws Exception {
        Path dir = Path.of("..", "..", "shared", "fixtures", "influxdb-config");
        if (!Files.isDirectory(dir)) {
            return; // the reference files are optional; the tests above stand alone
        }
        try (var s = Files.list(dir)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".toml")).toList()) {
                assertThat(ConfigFile.parse(p).entries()).as(p.toString()).isNotEmpty();
            }
        }
    }
}
