package io.influxupgrade.commands.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/** Synthetic meta dirs for tests (never copies of real InfluxDB files). */
final class MetaDirFixtures {

    private MetaDirFixtures() {
    }

    /** A 0.10/0.11-style meta dir: raft.db, peers.json, node.json and two snapshots, with random bytes. */
    static void raftEraMetaDir(Path meta, Random rnd) throws IOException {
        Files.createDirectories(meta.resolve("snapshots/2-8193-1450000000000"));
        Files.createDirectories(meta.resolve("snapshots/2-16385-1450000001000"));
        Files.write(meta.resolve("raft.db"), bytes(rnd, 64 * 1024));
        Files.writeString(meta.resolve("peers.json"), "[\"localhost:8088\"]", StandardCharsets.UTF_8);
        Files.writeString(meta.resolve("node.json"), "{\"ID\":1}", StandardCharsets.UTF_8);
        Files.write(meta.resolve("snapshots/2-8193-1450000000000/state.bin"), bytes(rnd, 3000));
        Files.writeString(meta.resolve("snapshots/2-8193-1450000000000/meta.json"), "{\"ID\":\"2-8193-1450000000000\"}");
        Files.write(meta.resolve("snapshots/2-16385-1450000001000/state.bin"), bytes(rnd, 1_500_000));
        Files.writeString(meta.resolve("snapshots/2-16385-1450000001000/meta.json"), "{\"ID\":\"2-16385-1450000001000\"}");
        Files.write(meta.resolve("empty"), new byte[0]);
    }

    static byte[] bytes(Random rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    static List<String> regularFiles(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long totalBytes(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
