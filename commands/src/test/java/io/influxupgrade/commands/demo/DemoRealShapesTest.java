package io.influxupgrade.commands.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.influxupgrade.commands.bolt.BoltBucket;
import io.influxupgrade.commands.bolt.BoltFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo sandbox writes its own files, in the shapes real releases write them (test resources {@code real/}):
 * the same files in a 0.11 meta dir, the same JSON keys in node.json and a snapshot's meta.json, the same BoltDB
 * buckets in raft.db and in b1 and bz1 shards.
 */
class DemoRealShapesTest {

    @TempDir
    Path tmp;

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path real(String rel) throws Exception {
        return Path.of(DemoRealShapesTest.class.getResource("/io/influxupgrade/commands/real/" + rel).toURI());
    }

    @Test
    void the011MetaDirHasTheFilesAndKeysOfARealOne() throws Exception {
        DemoSandbox.Sandbox demo = DemoSandbox.create(tmp.resolve("demo"), DemoSandbox.LAYOUT_011);
        Path realMeta = real("0.11.1-snapshot/install/meta");

        assertThat(names(demo.metaDir())).containsAll(names(realMeta));
        byte[] node = Files.readAllBytes(demo.metaDir().resolve("node.json"));
        assertThat(keys(JSON.readTree(node))).isEqualTo(keys(JSON.readTree(realMeta.resolve("node.json").toFile())));
        assertThat(new String(node, StandardCharsets.UTF_8)).as("Go's json.Encoder ends it with a newline").endsWith("}\n");
        assertThat(keys(JSON.readTree(snapshotMeta(demo.metaDir()).toFile()))).isEqualTo(keys(JSON.readTree(snapshotMeta(realMeta).toFile())));
        assertThat(buckets(demo.metaDir().resolve("raft.db"))).isEqualTo(buckets(realMeta.resolve("raft.db")));
        try (BoltFile d = BoltFile.open(demo.metaDir().resolve("raft.db")); BoltFile r = BoltFile.open(realMeta.resolve("raft.db"))) {
            assertThat(keyNames(d.root().bucket("conf"))).isEqualTo(keyNames(r.root().bucket("conf")));
        }
    }

    @Test
    void itsB1AndBz1ShardsHaveTheBucketsOfReal0103Ones() throws Exception {
        DemoSandbox.Sandbox demo = DemoSandbox.create(tmp.resolve("demo"), DemoSandbox.LAYOUT_011);
        Path b1 = null;
        Path bz1 = null;
        try (Stream<Path> s = Files.walk(demo.dataDir())) {
            for (Path p : s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".tsm")).toList()) {
                try (BoltFile f = BoltFile.open(p)) {
                    BoltBucket meta = f.root().bucket("meta");
                    byte[] format = meta == null ? null : meta.get("format".getBytes(StandardCharsets.UTF_8));
                    if (format != null && new String(format, StandardCharsets.UTF_8).equals("bz1")) {
                        bz1 = p;
                    } else {
                        b1 = p;
                    }
                }
            }
        }
        assertThat(b1).as("a b1 shard in the demo").isNotNull();
        assertThat(bz1).as("a bz1 shard in the demo").isNotNull();
        assertThat(engineBuckets(b1)).isEqualTo(engineBuckets(real("0.10.3-engines/install/data/b1db/default/1")));
        assertThat(engineBuckets(bz1)).isEqualTo(engineBuckets(real("0.10.3-engines/install/data/bz1db/default/2")));
        try (BoltFile d = BoltFile.open(bz1); BoltFile r = BoltFile.open(real("0.10.3-engines/install/data/bz1db/default/2"))) {
            assertThat(keyNames(d.root().bucket("meta"))).isEqualTo(keyNames(r.root().bucket("meta")));
        }
    }

    /** Top-level buckets that are not a b1 series bucket (those are named after series keys). */
    private static Set<String> engineBuckets(Path file) {
        Set<String> out = new TreeSet<>();
        try (BoltFile f = BoltFile.open(file)) {
            BoltBucket series = f.root().bucket("series");
            Set<String> seriesKeys = series == null ? Set.of() : keyNames(series);
            f.root().forEachBucket((k, b) -> {
                String name = new String(k, StandardCharsets.UTF_8);
                if (!seriesKeys.contains(name)) {
                    out.add(name);
                }
            });
        }
        return out;
    }

    private static Set<String> buckets(Path file) {
        Set<String> out = new TreeSet<>();
        try (BoltFile f = BoltFile.open(file)) {
            f.root().forEachBucket((k, b) -> out.add(new String(k, StandardCharsets.UTF_8)));
        }
        return out;
    }

    private static Set<String> keyNames(BoltBucket b) {
        Set<String> out = new TreeSet<>();
        b.keys().forEach(k -> out.add(new String(k, StandardCharsets.UTF_8)));
        return out;
    }

    private static Path snapshotMeta(Path metaDir) throws IOException {
        try (Stream<Path> s = Files.list(metaDir.resolve("snapshots"))) {
            return s.filter(Files::isDirectory).findFirst().orElseThrow().resolve("meta.json");
        }
    }

    /** File names below a dir, with each snapshot dir's name (term-index-millis) generalised. */
    private static Set<String> names(Path dir) throws IOException {
        Set<String> out = new TreeSet<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(p -> !p.equals(dir)).forEach(p -> out.add(dir.relativize(p).toString().replaceAll("\\d+-\\d+-\\d+", "T-I-MS")));
        }
        return out;
    }

    private static Set<String> keys(JsonNode n) {
        Set<String> out = new TreeSet<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }
}
