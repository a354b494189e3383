package io.influxupgrade.commands.shard;

import io.influxupgrade.commands.Progress;
import io.influxupgrade.commands.Finding;
import io.influxupgrade.commands.testing.InfluxdServer;
import io.influxupgrade.commands.testing.RealInfluxd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15 item 8: {@code shard verify} decodes the WAL. A torn last entry of the newest segment (a crash) is a
 * warning and exits 0; corruption before it, or a torn entry in an older segment, is an error (exit 4).
 */
@RealInfluxd
class ShardVerifyWalTest {

    @TempDir
    Path tmp;

    /** Shard 1's WAL dir, its first segment and that segment's bytes: three write entries (see {@link #threeWrites()}). */
    Path wal;
    Path seg;
    byte[] full;

    /** Shard 1 in data/ and wal/, whose WAL is one segment of three write entries of two points each. */
    private void threeWrites() throws Exception {
        Files.createDirectories(tmp.resolve("data/db/rp/1"));
        wal = Files.createDirectories(tmp.resolve("wal/db/rp/1"));
        seg = wal.resolve("_00001.wal");
        full = segment(seg, 3);
    }

    /** How many bytes of such a segment its first {@code writes} entries take. */
    private int lengthOf(int writes) throws Exception {
        return segment(tmp.resolve(writes + ".wal"), writes).length;
    }

    private static byte[] segment(Path f, int writes) throws Exception {
        try (OutputStream o = Files.newOutputStream(f); WalWriter w = new WalWriter(o)) {
            for (int i = 0; i < writes; i++) {
                w.beginWrite().floats("cpu,host=h" + i + "#!~#v", new long[] {i, i + 1}, new double[] {1, 2}).endWrite();
            }
        }
        return Files.readAllBytes(f);
    }

    private ShardVerification verify() {
        return new ShardVerifyCommand().run(new ShardVerifyCommand.Request(tmp.resolve("data"), null, null, null, 1, tmp.resolve("wal")),
                Progress.NONE);
    }

    private static List<String> ids(ShardVerification v, Finding.Severity s) {
        return v.findings().stream().filter(f -> f.severity() == s).map(Finding::id).toList();
    }

    @Test
    void aTornTailAtEveryOffsetOfTheLastEntryIsOnlyAWarning(InfluxdServer unused) throws Exception {
        threeWrites();
        for (int cut = lengthOf(2) + 1; cut < full.length; cut++) {
            Files.write(seg, Arrays.copyOf(full, cut));
            ShardVerification v = verify();
            assertThat(v.failed()).as("cut at " + cut).isFalse();
            assertThat(ids(v, Finding.Severity.WARNING)).as("cut at " + cut).containsExactly("wal.torn-tail");
            assertThat(v.walEntries()).isEqualTo(2);
        }
        Files.write(seg, full);
        ShardVerification clean = verify();
        assertThat(clean.findings()).isEmpty();
        assertThat(clean.walSegments()).isEqualTo(1);
        assertThat(clean.walPoints()).isEqualTo(6);
    }

    @Test
    void corruptionInTheMiddleOrATornOlderSegmentIsAnError(InfluxdServer unused) throws Exception {
        threeWrites();
        byte[] bad = full.clone();
        bad[lengthOf(1)] = 9; // the second entry's type byte
        Files.write(seg, bad);
        ShardVerification v = verify();
        assertThat(v.failed()).isTrue();
        assertThat(ids(v, Finding.Severity.ERROR)).containsExactly("wal.corrupt");

        Files.write(seg, Arrays.copyOf(full, full.length - 2));
        segment(wal.resolve("_00002.wal"), 1);
        ShardVerification older = verify();
        assertThat(older.failed()).as("a torn entry followed by a newer segment is no crash tail").isTrue();
        assertThat(older.findings()).singleElement().satisfies(f -> assertThat(f.message()).contains("newer segments follow"));
    }

    @Test
    void aRealWalOf167DecodesToThePointsWritten(InfluxdServer server) throws Exception {
        StringBuilder lp = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            lp.append("cpu,host=h").append(i % 5).append(" v=").append(i).append(",n=").append(i).append("i ")
                    .append(1_700_000_000_000_000_000L + i * 1_000_000_000L).append('\n');
        }
        server.query("CREATE DATABASE w");
        server.write("w", null, lp.toString());
        server.write("w", null, "mem,host=a free=\"x y\",ok=true 1700000000000000000\n");
        server.query("DELETE FROM mem WHERE time < 1600000000000000000", "w");
        server.stop();
        List<Path> segs = new ArrayList<>();
        try (var s = Files.walk(server.walDir())) {
            s.filter(p -> p.toString().endsWith(".wal")).forEach(segs::add);
        }
        assertThat(segs).as("1.6.7 keeps the writes in its WAL until the cache is snapshotted").isNotEmpty();
        ShardVerification v = new ShardVerifyCommand().run(new ShardVerifyCommand.Request(server.dataDir(), "w", null, null, 1,
                server.walDir()), Progress.NONE);
        assertThat(v.findings()).filteredOn(f -> f.id().startsWith("wal.")).isEmpty();
        assertThat(v.walPoints()).as("100 float/integer values + 2 mem values").isEqualTo(102);
    }
}
