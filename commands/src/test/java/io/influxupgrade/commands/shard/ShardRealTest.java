package io.influxupgrade.commands.shard;

import io.influxupgrade.commands.Finding;

import io.influxupgrade.commands.Progress;
import io.influxupgrade.commands.testing.InfluxdServer;
import io.influxupgrade.commands.testing.RealInfluxd;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** TSM files and WAL segments written by the real influxd, checked against what the server itself answers. */
@RealInfluxd
class ShardRealTest {

    @Test
    void inventoryMatchesWhatTheServerAnswers(InfluxdServer server) throws Exception {
        RealServer.fill(server, "real");
        RealServer.flush(server, "real", server.root().resolve("bk"));
        List<RealServer.ServerShard> shards = RealServer.shards(server, "real");
        assertThat(shards).hasSizeGreaterThanOrEqualTo(2);
        Map<Long, Integer> series = new java.util.HashMap<>();
        Map<Long, Instant[]> ranges = new java.util.HashMap<>();
        for (RealServer.ServerShard s : shards) {
            series.put(s.id(), RealServer.seriesIn(server, s));
            Instant min = null, max = null;
            for (String[] mf : new String[][] {{"cpu", "value"}, {"cpu", "n"}, {"mem", "free"}}) {
                Instant f = RealServer.edge(server, s, mf[0], mf[1], true);
                Instant l = RealServer.edge(server, s, mf[0], mf[1], false);
                if (f != null && (min == null || f.isBefore(min))) {
                    min = f;
                }
                if (l != null && (max == null || l.isAfter(max))) {
                    max = l;
                }
            }
            ranges.put(s.id(), new Instant[] {min, max});
        }
        int showSeries = RealServer.showSeries(server, "real");
        server.stop();

        ShardReport r = new ShardListCommand().run(new ShardListCommand.Request(server.dataDir(), server.walDir(), "real", null, null));
        assertThat(r.shards()).extracting(ShardInfo::id).containsExactlyInAnyOrderElementsOf(series.keySet());
        for (ShardInfo s : r.shards()) {
            assertThat(s.engine()).isEqualTo("tsm1");
            assertThat(s.index().type()).isEqualTo("inmem");
            assertThat(s.tsmFiles()).isPositive();
            assertThat(s.seriesKeys()).as("series in shard %d", s.id()).isEqualTo(series.get(s.id()).longValue());
            assertThat(s.minTime()).as("min time of shard %d", s.id()).isEqualTo(ranges.get(s.id())[0]);
            assertThat(s.maxTime()).as("max time of shard %d", s.id()).isEqualTo(ranges.get(s.id())[1]);
        }
        assertThat(r.shards().stream().mapToLong(ShardInfo::seriesKeys).max().orElse(0)).isEqualTo((long) showSeries);
        assertThat(r.findings()).filteredOn(f -> f.severity() == Finding.Severity.ERROR).isEmpty();
        assertThat(r.totals().minTime()).isEqualTo(RealServer.START.plusNanos(7));
    }

    @Test
    void verifiesRealFilesAndFindsCorruptCopies(InfluxdServer server) throws Exception {
        RealServer.fill(server, "real");
        RealServer.flush(server, "real", server.root().resolve("bk"));
        server.stop();
        ShardVerification clean = new ShardVerifyCommand().run(new ShardVerifyCommand.Request(server.dataDir(), null, null, null, 2), Progress.NONE);
        assertThat(clean.failed()).isFalse();
        assertThat(clean.files()).isPositive();
        assertThat(clean.blocks()).isPositive();
        assertThat(clean.findings()).isEmpty();

        Path copy = server.root().resolve("copy");
        copyTree(server.dataDir(), copy);
        List<Path> tsm;
        try (Stream<Path> s = Files.walk(copy)) {
            tsm = s.filter(p -> p.toString().endsWith(".tsm")).sorted(Comparator.comparing(Path::toString)).collect(Collectors.toList());
        }
        assertThat(tsm).hasSizeGreaterThanOrEqualTo(2);
        byte[] b = Files.readAllBytes(tsm.get(0));
        b[5 + 4 + 10] ^= 0x01; // a byte inside the first block's data
        Files.write(tsm.get(0), b);
        byte[] t = Files.readAllBytes(tsm.get(1));
        Files.write(tsm.get(1), java.util.Arrays.copyOf(t, t.length - 100));

        long[] progressed = {0};
        Progress p = new Progress() {
            public void start(String task, long total) { }
            public void advance(long done) { progressed[0] += done; }
            public void finish() { }
        };
        ShardVerification v = new ShardVerifyCommand().run(new ShardVerifyCommand.Request(copy, "real", null, null, 2), p);
        assertThat(v.failed()).isTrue();
        assertThat(v.brokenFiles()).extracting(ShardVerification.BrokenFile::path)
                .containsExactlyInAnyOrder(tsm.get(0).toString(), tsm.get(1).toString());
        assertThat(v.findings()).filteredOn(f -> f.id().equals("tsm.crc")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains(tsm.get(0).toString()).contains("block 0"));
        assertThat(v.findings()).filteredOn(f -> f.id().equals("tsm.index")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains(tsm.get(1).toString()));
        assertThat(progressed[0]).isEqualTo(v.bytes());
        assertThat(v.failureSummary()).contains("2 of " + v.files() + " TSM files broken");
    }

    @Test
    void mutatedCopiesOfARealTsmFileGiveFindingsOnly(InfluxdServer server) throws Exception {
        RealServer.fill(server, "real");
        RealServer.flush(server, "real", server.root().resolve("bk"));
        server.stop();
        Path real;
        try (Stream<Path> s = Files.walk(server.dataDir())) {
            real = s.filter(p -> p.toString().endsWith(".tsm")).findFirst().orElseThrow();
        }
        byte[] valid = Files.readAllBytes(real);
        java.util.Random r = new java.util.Random(11);
        Path f = server.root().resolve("mutant.tsm");
        int broken = 0;
        for (int i = 0; i < 1000; i++) {
            byte[] b = valid.clone();
            if (i % 4 == 0) {
                b = java.util.Arrays.copyOf(b, r.nextInt(b.length));
            } else {
                for (int k = 0; k < 1 + r.nextInt(6); k++) {
                    b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                }
            }
            Files.write(f, b);
            TsmReader.TsmFileReport v = TsmReader.verify(f, null);
            TsmReader.TsmFileReport s = TsmReader.summarize(f, new LongHashSet());
            assertThat(v.findings()).extracting(Finding::id).doesNotContain("tsm.internal-error", "tsm.unreadable");
            assertThat(s.findings()).extracting(Finding::id).doesNotContain("tsm.internal-error", "tsm.unreadable");
            broken += v.healthy() ? 0 : 1;
        }
        assertThat(broken).isGreaterThan(900);
    }

    @Test
    void walSegmentOfARunningServerHoldsEveryValue(InfluxdServer server) throws Exception {
        RealServer.fill(server, "real");
        long values = RealServer.values(server, "real");
        int series = RealServer.showSeries(server, "real");
        List<Path> segments;
        try (Stream<Path> s = Files.walk(server.walDir().resolve("real"))) {
            segments = s.filter(p -> p.getFileName().toString().endsWith(".wal")).toList();
        }
        long walValues = 0;
        java.util.Set<String> keys = new java.util.TreeSet<>();
        for (Path seg : segments) {
            WalSegmentReader.WalSegmentSummary w = WalSegmentReader.read(seg);
            assertThat(w.problem()).isNull();
            walValues += w.values();
            keys.addAll(w.keys());
        }
        assertThat(walValues).isEqualTo(values);
        // cpu has two fields, mem one
        assertThat(keys).hasSize(5 * 2 + 2).contains("cpu,dc=eu,host=h0#!~#value", "mem,host=m1#!~#free");
        assertThat(keys.stream().map(k -> k.substring(0, k.indexOf("#!~#"))).distinct().count()).isEqualTo(series);

        ShardReport r = new ShardListCommand().run(new ShardListCommand.Request(server.dataDir(), server.walDir(), "real", null, null));
        assertThat(r.totals().walSegments()).isEqualTo(segments.size());
        assertThat(r.totals().walBytes()).isEqualTo(segments.stream().mapToLong(ShardRealTest::size).sum());
    }

    @Test
    void reconcilesWithTheServersShards(InfluxdServer server) throws Exception {
        RealServer.fill(server, "real");
        List<KnownShard> known = new ArrayList<>();
        for (RealServer.ServerShard s : RealServer.shards(server, "real")) {
            known.add(new KnownShard(s.id(), s.db(), s.rp(), false));
        }
        server.stop();
        Reconciliation ok = new ShardReconcileCommand().run(new ShardReconcileCommand.Request(server.dataDir(), known));
        assertThat(ok.failed()).isFalse();
        assertThat(ok.dirs()).isEqualTo(known.size());

        KnownShard first = known.get(0);
        KnownShard second = known.get(1);
        Path rpDir = server.dataDir().resolve("real/autogen");
        Files.move(rpDir.resolve(String.valueOf(first.id())), rpDir.resolve("9999"));
        Files.createDirectories(server.dataDir().resolve("real/other"));
        Files.move(rpDir.resolve(String.valueOf(second.id())), server.dataDir().resolve("real/other/" + second.id()));
        List<KnownShard> withDeleted = new ArrayList<>(known);
        withDeleted.add(new KnownShard(4242, "real", "autogen", true));
        Reconciliation bad = new ShardReconcileCommand().run(new ShardReconcileCommand.Request(server.dataDir(), withDeleted));
        assertThat(bad.failed()).isTrue();
        assertThat(bad.orphanDirs()).extracting(Reconciliation.Orphan::id).containsExactly(9999L);
        assertThat(bad.missingDirs()).containsExactly(first);
        assertThat(bad.pathMismatches()).singleElement().satisfies(m -> {
            assertThat(m.id()).isEqualTo(second.id());
            assertThat(m.rp()).isEqualTo("other");
            assertThat(m.metastoreRp()).isEqualTo("autogen");
        });
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    @SuppressWarnings("unused")
    private static long footer(byte[] b) {
        return ByteBuffer.wrap(b).getLong(b.length - 8);
    }
}
