package io.influxupgrade.commands.shard;

import com.fasterxml.jackson.databind.JsonNode;
import io.influxupgrade.commands.Json;
import io.influxupgrade.commands.testing.InfluxdServer;
import io.influxupgrade.commands.testing.RealInfluxd;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The real influxd reads the TSM files our writer makes: its encodings, CRCs and index are valid. */
@RealInfluxd
class TsmWriterRealTest {

    @Test
    void influxdAnswersQueriesFromOurTsmFile(InfluxdServer server) throws Exception {
        long t0 = 1_600_000_000_000_000_000L;
        long shard = seededShard(server, t0);

        int n = 2500;
        long[] times = new long[n];
        double[] floats = new double[n];
        long[] ints = new long[n];
        double floatSum = 0;
        long intSum = 0;
        for (int i = 0; i < n; i++) {
            times[i] = t0 + 1_000_000_000L * (i + 1) + (i % 7);
            floats[i] = i % 5 == 0 ? 42.5 : Math.sin(i) * 1000;
            ints[i] = (long) (i - 1200) * (i % 3 == 0 ? 1_000_003L : -17);
            floatSum += floats[i];
            intSum += ints[i];
        }
        Path file = server.dataDir().resolve("w/autogen/" + shard + "/000000009-000000001.tsm");
        try (OutputStream o = Files.newOutputStream(file); TsmWriter w = new TsmWriter(o)) {
            w.writeFloats(TsmWriter.key("ours,host=a", "f"), times, floats);
            w.writeIntegers(TsmWriter.key("ours,host=a", "i"), times, ints);
        }
        server.start();

        JsonNode r = Json.mapper().readTree(server.query("SELECT count(f), sum(f), count(i), sum(i), min(i), max(f) FROM ours", "w"));
        JsonNode row = r.path("results").path(0).path("series").path(0).path("values").path(0);
        assertThat(row.isMissingNode()).as("influxd answer: %s", r).isFalse();
        assertThat(row.get(1).asLong()).isEqualTo(n);
        assertThat(row.get(2).asDouble()).isCloseTo(floatSum, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(row.get(3).asLong()).isEqualTo(n);
        assertThat(row.get(4).asLong()).isEqualTo(intSum);
        JsonNode first = Json.mapper().readTree(server.query("SELECT f, i FROM ours ORDER BY time ASC LIMIT 2", "w"))
                .path("results").path(0).path("series").path(0).path("values");
        assertThat(first.get(1).get(1).asDouble()).isEqualTo(floats[1]);
        assertThat(first.get(1).get(2).asLong()).isEqualTo(ints[1]);
        JsonNode last = Json.mapper().readTree(server.query("SELECT last(i) FROM ours", "w"))
                .path("results").path(0).path("series").path(0).path("values").path(0);
        assertThat(last.get(1).asLong()).isEqualTo(ints[n - 1]);
    }

    @Test
    void influxdReplaysOurWalSegment(InfluxdServer server) throws Exception {
        long t0 = 1_600_000_000_000_000_000L;
        long shard = seededShard(server, t0);
        Path dir = Files.createDirectories(server.walDir().resolve("w/autogen/" + shard));
        try (OutputStream o = Files.newOutputStream(dir.resolve("_00099.wal")); WalWriter w = new WalWriter(o)) {
            w.beginWrite().floats(TsmWriter.key("walled,host=b", "f"), new long[] {t0 + 1, t0 + 2, t0 + 3}, new double[] {1.5, 2.5, 3.5})
                    .integers(TsmWriter.key("walled,host=b", "i"), new long[] {t0 + 1}, new long[] {-7}).endWrite();
        }
        server.start();
        JsonNode row = Json.mapper().readTree(server.query("SELECT sum(f), count(f), sum(i) FROM walled", "w"))
                .path("results").path(0).path("series").path(0).path("values").path(0);
        assertThat(row.isMissingNode()).isFalse();
        assertThat(row.get(1).asDouble()).isEqualTo(7.5);
        assertThat(row.get(2).asLong()).isEqualTo(3);
        assertThat(row.get(3).asLong()).isEqualTo(-7);
    }

    /** Creates database {@code w} with one point at {@code t0}, stops the server and returns the shard that holds it. */
    private static long seededShard(InfluxdServer server, long t0) throws Exception {
        server.query("CREATE DATABASE w");
        server.write("w", "autogen", "seed v=1 " + t0);
        long shard = RealServer.shards(server, "w").get(0).id();
        server.stop();
        return shard;
    }
}
