package io.influxupgrade.commands.shard;

import io.influxupgrade.commands.Finding;

import io.influxupgrade.commands.Progress;
import io.influxupgrade.commands.testing.RealFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** When the shared fixtures are present: a data/wal dir written by a real InfluxDB 1.8 (tsi1) reads cleanly. */
class RealFixtureTest {

    @TempDir
    Path tmp;

    @Test
    void influxdb18DataDirReadsCleanly() throws Exception {
        Path v1db = RealFixture.unzipV1db(tmp);
        Path data = v1db.resolve("data");
        Path wal = v1db.resolve("wal");
        ShardReport r = new ShardListCommand().run(new ShardListCommand.Request(data, wal, null, null, null));
        assertThat(r.findings()).filteredOn(f -> f.severity() == Finding.Severity.ERROR).isEmpty();
        assertThat(r.shards()).isNotEmpty().allSatisfy(s -> assertThat(s.engine()).isEqualTo("tsm1"));
        assertThat(r.shards()).filteredOn(s -> s.tsmFiles() > 0).allSatisfy(s -> {
            assertThat(s.seriesKeys()).isPositive();
            assertThat(s.minTime()).isNotNull();
            assertThat(s.maxTime()).isAfterOrEqualTo(s.minTime());
        });
        assertThat(r.shards()).filteredOn(s -> s.index().type().equals("tsi1"))
                .allSatisfy(s -> assertThat(s.index().layout()).isEqualTo("partitioned"));
        ShardVerification v = new ShardVerifyCommand().run(new ShardVerifyCommand.Request(data, null, null, null, 2), Progress.NONE);
        assertThat(v.findings()).isEmpty();
        assertThat(v.blocks()).isPositive();
        List<Path> segments;
        try (Stream<Path> s = Files.walk(wal)) {
            segments = s.filter(p -> p.toString().endsWith(".wal")).toList();
        }
        assertThat(segments).isNotEmpty().allSatisfy(seg -> {
            WalSegmentReader.WalSegmentSummary w = WalSegmentReader.read(seg);
            assertThat(w.problem()).as("%s", seg).isNull();
            assertThat(w.keys()).allSatisfy(k -> assertThat(k).contains("#!~#"));
        });
    }
}
