package io.influxupgrade.commands.shard;

import io.influxupgrade.commands.Finding;

import io.influxupgrade.commands.Progress;
import io.influxupgrade.commands.testing.InfluxdServer;
import io.influxupgrade.commands.testing.RealInfluxd;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** tsi1 shards written by the real influxd (1.6: partitioned index/0..7). */
@RealInfluxd(index = "tsi1")
class ShardTsi1RealTest {

    @Test
    void tsi1ShardsAreListedAsPartitionedWithReadableManifests(InfluxdServer server) throws Exception {
        RealServer.fill(server, "t");
        RealServer.flush(server, "t", server.root().resolve("bk"));
        int showSeries = RealServer.showSeries(server, "t");
        server.stop();
        ShardReport r = new ShardListCommand().run(new ShardListCommand.Request(server.dataDir(), server.walDir(), "t", null, null));
        assertThat(r.shards()).isNotEmpty().allSatisfy(s -> {
            assertThat(s.index()).isEqualTo(new IndexInfo("tsi1", "partitioned", true));
            assertThat(s.seriesKeys()).isLessThanOrEqualTo(showSeries).isPositive();
        });
        assertThat(r.findings()).filteredOn(f -> f.severity() != Finding.Severity.NOTICE).isEmpty();
        assertThat(new ShardVerifyCommand().run(new ShardVerifyCommand.Request(server.dataDir(), "t", null, null, 1), Progress.NONE)
                .failed()).isFalse();

        // the same shard rewritten as 1.3 would have left it: a flat index whose MANIFEST has no version
        ShardInfo s = r.shards().get(0);
        Path index = server.dataDir().resolve("t/autogen/" + s.id() + "/index");
        Files.writeString(index.resolve("MANIFEST"), "{\"levels\":[{},{}],\"files\":[]}");
        ShardReport again = new ShardListCommand().run(new ShardListCommand.Request(server.dataDir(), null, "t", null, null));
        assertThat(again.shards().get(0).index().layout()).isEqualTo("flat-1.3");
        assertThat(again.findings()).filteredOn(f -> f.id().equals("shard.tsi-rebuild-needed")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("shard " + s.id()).contains("1.3"));
    }
}
