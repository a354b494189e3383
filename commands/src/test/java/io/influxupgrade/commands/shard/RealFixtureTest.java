package io.influxupgrade.commands.shard;

import io.influxupgrade.commands.Finding;

import io.influxupgrade.commands.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** When the shared fixtures are present: a data/wal dir written by a real InfluxDB 1.8 (tsi1) reads cleanly. */
class RealFixtureTest {

    static final Path ZIP = Path.of("/work/shared/fixtures/real/influxdb-1.8-v1db.zip");

    @TempDir
    Path tmp;

    @Test
    void influxdb18DataDirReadsCleanly() throws Exception {
        assumeTrue(Files.isRegularFile(ZIP), "fixture " + ZIP + " not present");
        try (InputStream in = Files.newInputStream(ZIP); ZipInputStream z = new ZipInputStream(in)) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                Path p = tmp.resolve(e.getName()).normalize();
                assertThat(p.startsWith(tmp)).isTrue();
                if (e.isDirectory()) {
                    Files.createDirectories(p);
                } else {
                    Files.createDirectories(p.getParent());
                    Files.copy(z, p);
                }
            }
        }
        Path data = tmp.resolve("v1db/data");
        Path wal = tmp.resolve("v1db/wal");
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
