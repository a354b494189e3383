package io.influxupgrade.commands.config;

import io.influxupgrade.commands.UpgradeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigFileTest {

    @TempDir
    Path tmp;

    private Path write(String text) throws Exception {
        Path p = tmp.resolve("influxdb.conf");
        Files.writeString(p, text);
        return p;
    }

    @Test
    void keepsLineNumbersSectionsAndArrayIndexes() throws Exception {
        ConfigFile f = ConfigFile.parse(write("""
                reporting-disabled = true
                [meta]
                  dir = "/m"
                [[graphite]]
                  enabled = true
                [[graphite]]
                  bind-address = ":2004"
                """));
        assertThat(f.entries()).extracting(ConfigFile.Entry::displayName, ConfigFile.Entry::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("reporting-disabled", 1),
                        org.assertj.core.groups.Tuple.tuple("meta.dir", 3),
                        org.assertj.core.groups.Tuple.tuple("graphite[0].enabled", 5),
                        org.assertj.core.groups.Tuple.tuple("graphite[1].bind-address", 7));
        assertThat(f.section("graphite").array()).isTrue();
        assertThat(f.section("graphite").elements()).isEqualTo(2);
        assertThat(f.section("meta").array()).isFalse();
    }

    @Test
    void malformedTomlNamesLineAndColumn() throws Exception {
        Path p = write("[meta]\n  dir = \"/m\"\n  retention-autocreate = tru\n");
        assertThatThrownBy(() -> ConfigFile.parse(p)).isInstanceOf(UpgradeException.class)
                .hasMessageContaining(p + ":3:")
                .hasMessageContaining("malformed TOML")
                .satisfies(e -> assertThat(((UpgradeException) e).kind()).isEqualTo(UpgradeException.Kind.FAILED));
    }

    @Test
    void duplicateKeysAreReportedWithTheirLine() throws Exception {
        Path p = write("[http]\n  bind-address = \":8086\"\n  auth-enabled = true\n  bind-address = \":9999\"\n");
        assertThatThrownBy(() -> ConfigFile.parse(p)).isInstanceOf(UpgradeException.class)
                .hasMessageContaining(":4:").hasMessageContaining("bind-address");
    }

    @Test
    void duplicateTablesAreReported() throws Exception {
        Path p = write("[coordinator]\n  write-timeout = \"10s\"\n[coordinator]\n  query-timeout = \"1s\"\n");
        assertThatThrownBy(() -> ConfigFile.parse(p)).isInstanceOf(UpgradeException.class).hasMessageContaining(":3:");
    }

    @Test
    void emptyAndBlankFilesAreRefused() throws Exception {
        Path empty = tmp.resolve("empty.conf");
        Files.write(empty, new byte[0]);
        assertThatThrownBy(() -> ConfigFile.parse(empty)).isInstanceOf(UpgradeException.class).hasMessageContaining("empty");
        Path blank = write("  \n\n");
        assertThatThrownBy(() -> ConfigFile.parse(blank)).isInstanceOf(UpgradeException.class).hasMessageContaining("white space");
    }

    @Test
    void binaryFilesAreRefused() throws Exception {
        Path bin = tmp.resolve("meta.db");
        Files.write(bin, new byte[] {0x0a, 0x00, 0x12, (byte) 0xff, (byte) 0xfe, 0x01, 0x02});
        assertThatThrownBy(() -> ConfigFile.parse(bin)).isInstanceOf(UpgradeException.class)
                .hasMessageContaining(bin.toString());
        Path nul = tmp.resolve("nul.conf");
        Files.write(nul, "[meta]\n dir = \"/m\"\u0000\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> ConfigFile.parse(nul)).isInstanceOf(UpgradeException.class).hasMessageContaining("binary");
    }

    @Test
    void bomAndUtf16AreDecoded() throws Exception {
        String text = "[meta]\n  dir = \"/var/lib/influxdb/meta\"\n";
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] bom = new byte[utf8.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(utf8, 0, bom, 3, utf8.length);
        assertThat(ConfigFile.parse(tmp.resolve("a"), bom).entries()).hasSize(1);
        byte[] le = text.getBytes(StandardCharsets.UTF_16LE);
        byte[] withBom = new byte[le.length + 2];
        withBom[0] = (byte) 0xFF;
        withBom[1] = (byte) 0xFE;
        System.arraycopy(le, 0, withBom, 2, le.length);
        assertThat(ConfigFile.parse(tmp.resolve("b"), withBom).entries().get(0).value()).isEqualTo("/var/lib/influxdb/meta");
        byte[] be = ("\uFEFF" + text).getBytes(StandardCharsets.UTF_16BE);
        assertThat(ConfigFile.parse(tmp.resolve("c"), be).entries()).hasSize(1);
    }

    @Test
    void pathsFindsTheThreeDirectories() throws Exception {
        Path p = write("[meta]\n dir = \"/srv/meta\"\n[data]\n dir = \"/srv/data\"\n wal-dir = \"/srv/wal\"\n");
        assertThat(ConfigFile.paths(p)).isEqualTo(new ConfigFile.ConfigPaths("/srv/meta", "/srv/data", "/srv/wal"));
        Path none = write("reporting-disabled = true\n");
        assertThat(ConfigFile.paths(none)).isEqualTo(new ConfigFile.ConfigPaths(null, null, null));
    }

    @Test
    void missingFileIsUnavailable() {
        assertThatThrownBy(() -> ConfigFile.parse(tmp.resolve("nope.conf"))).isInstanceOf(UpgradeException.class)
                .satisfies(e -> assertThat(((UpgradeException) e).kind()).isEqualTo(UpgradeException.Kind.UNAVAILABLE));
    }

    @Test
    void commentedHeadersAreSeen() throws Exception {
        ConfigFile f = ConfigFile.parse(write("[data]\n  dir = \"/d\"\n\n# [http]\n  auth-enabled = true\n"));
        ConfigFile.Entry e = f.entries().get(1);
        assertThat(e.section()).isEqualTo("data");
        assertThat(f.commentedHeaderAbove(e)).isNotNull();
        assertThat(f.commentedHeaderAbove(e).section()).isEqualTo("http");
        assertThat(f.commentedHeaderAbove(f.entries().get(0))).isNull();
    }

    /** Mutated configs either parse or fail with an UpgradeException, and whatever parses can be diffed. */
    @Test
    void mutatedFilesNeverThrowAnythingElse() {
        byte[] base = ("reporting-disabled = false\n[meta]\n  dir = \"/m\"\n[data]\n  dir = \"/d\"\n  wal-dir = \"/w\"\n"
                + "  cache-max-memory-size = \"1g\"\n[[graphite]]\n  enabled = true\n  templates = [\"a b\", \"c\"]\n"
                + "[collectd]\n  enabled = true\n[cluster]\n  write-timeout = \"7d\"\n").getBytes(StandardCharsets.UTF_8);
        Random r = new Random(6);
        ConfigKnowledge kb = ConfigKnowledge.get();
        for (int i = 0; i < 600; i++) {
            byte[] b = base.clone();
            int flips = 1 + r.nextInt(4);
            for (int j = 0; j < flips; j++) {
                int at = r.nextInt(b.length);
                b[at] = switch (r.nextInt(3)) {
                    case 0 -> (byte) (b[at] ^ (1 << r.nextInt(8)));
                    case 1 -> (byte) "[]=\"#.\n,{}-0".charAt(r.nextInt(12));
                    default -> (byte) r.nextInt(256);
                };
            }
            if (r.nextInt(5) == 0) {
                b = java.util.Arrays.copyOf(b, r.nextInt(b.length));
            }
            try {
                ConfigFile f = ConfigFile.parse(tmp.resolve("fuzz.conf"), b);
                new ConfigAnalyzer(kb, f, 0, kb.line("1.4")).run(java.util.Map.of());
            } catch (UpgradeException expected) {
                assertThat(expected.getMessage()).doesNotContain("\n");
            }
        }
    }
}
