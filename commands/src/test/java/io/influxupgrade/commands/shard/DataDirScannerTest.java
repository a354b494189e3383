package io.influxupgrade.commands.shard;

import io.influxupgrade.commands.Finding;

import com.fasterxml.jackson.databind.JsonNode;
import io.influxupgrade.commands.Json;
import io.influxupgrade.commands.UpgradeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataDirScannerTest {

    static final long T0 = 1_500_000_000_000_000_000L;

    @TempDir
    Path root;

    Path data;
    Path wal;
    Path outside;

    private void layout() throws Exception {
        data = Files.createDirectories(root.resolve("data"));
        wal = Files.createDirectories(root.resolve("wal"));
        outside = Files.createDirectories(root.resolve("elsewhere/7"));
        Path s1 = Files.createDirectories(data.resolve("db1/autogen/1"));
        TsmFiles.write(s1.resolve("000000001-000000001.tsm"), 3, 100, T0);
        TsmFiles.write(s1.resolve("000000002-000000001.tsm"), 4, 50, T0 + 5_000_000_000_000L);
        Files.write(s1.resolve("000000001-000000001.tombstone"), new byte[0]);
        Files.write(s1.resolve("fields.idx"), new byte[] {0, 6, 1, 3});
        Path s2 = Files.createDirectories(data.resolve("db1/autogen/2/index"));
        Files.writeString(s2.resolve("MANIFEST"), "{\"levels\":[{\"m\":1}],\"files\":[\"L0-00000001.tsl\"]}");
        Path s3 = Files.createDirectories(data.resolve("db1/autogen/3"));
        Files.createFile(s3.resolve("000000001-000000001.tsm"));
        Files.createFile(s3.resolve("000000002-000000002.tsm.tmp"));
        Files.createDirectories(s3.resolve("12.tmp"));
        Files.createFile(s3.resolve("000000001-000000002.tsm.bad"));
        Files.writeString(s3.resolve("notes.txt"), "hello");
        Files.createDirectories(data.resolve("db1/autogen/notashard"));
        Files.createDirectories(data.resolve("db1/_series/00"));
        Files.createDirectories(data.resolve("db2/rp"));
        Files.createSymbolicLink(data.resolve("db2/rp/4"), outside);
        Files.writeString(data.resolve("db2/rp/5"), "not a bolt file, just text that is long enough");
        Path s6 = Files.createDirectories(data.resolve("db2/rp/6/index/0"));
        Files.writeString(s6.resolve("MANIFEST"), "{\"levels\":[],\"files\":[],\"version\":1}");
        Files.writeString(data.resolve("README"), "x");
        Path w1 = Files.createDirectories(wal.resolve("db1/autogen/1"));
        Files.write(w1.resolve("_00001.wal"), new byte[100]);
        Files.write(w1.resolve("_00002.wal"), new byte[0]);
        Files.createDirectories(wal.resolve("db1/autogen/99"));
        Files.createDirectories(wal.resolve("gone/autogen/42"));
    }

    private ShardReport list(String db, String rp, String engine) {
        return new ShardListCommand(new DataDirScanner.Options(true, false, 2)).run(new ShardListCommand.Request(data, wal, db, rp,
                engine == null ? null : ShardEngine.parse(engine)));
    }

    private static ShardInfo row(ShardReport r, long id) {
        return r.shards().stream().filter(s -> s.id() == id).findFirst().orElseThrow();
    }

    @Test
    void inventoriesTheTree() throws Exception {
        layout();
        ShardReport r = list(null, null, null);
        assertThat(r.shards()).extracting(ShardInfo::id).containsExactly(1L, 2L, 3L, 5L, 6L);

        ShardInfo s1 = row(r, 1);
        assertThat(s1.engine()).isEqualTo("tsm1");
        assertThat(s1.index()).isEqualTo(IndexInfo.INMEM);
        assertThat(s1.tsmFiles()).isEqualTo(2);
        assertThat(s1.bytes()).isEqualTo(Files.size(data.resolve("db1/autogen/1/000000001-000000001.tsm"))
                + Files.size(data.resolve("db1/autogen/1/000000002-000000001.tsm")));
        assertThat(s1.seriesKeys()).isEqualTo(4); // h0..h2 in both files, h3 only in the second
        assertThat(s1.minTime()).isEqualTo(Tsm1ShardScan.instant(T0));
        assertThat(s1.maxTime()).isEqualTo(Tsm1ShardScan.instant(T0 + 5_000_000_000_000L + 49 * 10_000_000_000L));
        assertThat(s1.walSegments()).isEqualTo(2);
        assertThat(s1.walBytes()).isEqualTo(100);
        assertThat(s1.owner()).isNotBlank();

        ShardInfo s2 = row(r, 2);
        assertThat(s2.index()).isEqualTo(new IndexInfo("tsi1", "flat-1.3", true));
        assertThat(s2.minTime()).isNull();
        assertThat(row(r, 3).tempFiles()).isEqualTo(3);
        assertThat(row(r, 5).engine()).isEqualTo("unknown");
        assertThat(row(r, 6).index()).isEqualTo(new IndexInfo("tsi1", "partitioned", true));

        assertThat(r.findings()).extracting(Finding::id).contains("shard.tsi-rebuild-needed", "tsm.empty", "shard.temp-file",
                "shard.bad-tsm", "shard.garbage", "shard.symlink", "shard.unknown-engine", "shard.wal-without-shard");
        assertThat(r.findings()).filteredOn(f -> f.id().equals("shard.symlink")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains(data.resolve("db2/rp/4").toString()).contains("outside the data dir"));
        assertThat(r.findings()).filteredOn(f -> f.id().equals("shard.wal-without-shard")).extracting(Finding::message)
                .anySatisfy(m -> assertThat(m).contains("db1/autogen/99"))
                .anySatisfy(m -> assertThat(m).contains("gone/autogen/42"));
        assertThat(r.findings()).filteredOn(f -> f.id().equals("shard.garbage")).extracting(Finding::message)
                .anySatisfy(m -> assertThat(m).contains("notashard"))
                .anySatisfy(m -> assertThat(m).contains("README"))
                .anySatisfy(m -> assertThat(m).contains("notes.txt"));

        assertThat(r.totals().shards()).isEqualTo(5);
        assertThat(r.totals().tsm1()).isEqualTo(4);
        assertThat(r.totals().unknown()).isEqualTo(1);
        assertThat(r.totals().tsmFiles()).isEqualTo(3);
        assertThat(r.totals().walSegments()).isEqualTo(2);
    }

    @Test
    void fileListsAreKeptOnlyWhenAskedForAndCountsDoNotDependOnThem() throws Exception {
        layout();
        for (boolean readTsm : new boolean[] {true, false}) {
            DataDirScanner.ScannedShard kept = shard(new DataDirScanner.Options(readTsm, true, 2), 1);
            DataDirScanner.ScannedShard counted = shard(new DataDirScanner.Options(readTsm, false, 2), 1);
            assertThat(kept.tsmFiles()).as("readTsm=%s", readTsm).containsExactlyInAnyOrder(
                    data.resolve("db1/autogen/1/000000001-000000001.tsm"), data.resolve("db1/autogen/1/000000002-000000001.tsm"));
            assertThat(counted.tsmFiles()).as("readTsm=%s: a listing keeps no paths", readTsm).isEmpty();
            assertThat(counted.info()).isEqualTo(kept.info());
            assertThat(counted.info().tsmFiles()).isEqualTo(2);
        }
    }

    private DataDirScanner.ScannedShard shard(DataDirScanner.Options options, long id) {
        return new DataDirScanner(data, wal, options).scan("db1", null).shards().stream()
                .filter(s -> s.info() != null && s.info().id() == id).findFirst().orElseThrow();
    }

    @Test
    void quickListingCountsFilesWithoutReadingIndexes() throws Exception {
        layout();
        ShardReport r = new ShardListCommand(DataDirScanner.Options.quick(1)).run(new ShardListCommand.Request(data, wal, "db1", null, null));
        ShardInfo s1 = row(r, 1);
        assertThat(s1.tsmFiles()).isEqualTo(2);
        assertThat(s1.bytes()).isEqualTo(row(list("db1", null, null), 1).bytes());
        assertThat(s1.seriesKeys()).isNull();
        assertThat(s1.minTime()).isNull();
        assertThat(r.findings()).extracting(Finding::id).doesNotContain("tsm.empty");
    }

    @Test
    void namesForCompletionComeFromListingsAlone() throws Exception {
        layout();
        var names = DataDirScanner.names(data);
        assertThat(names.keySet()).containsExactly("db1", "db2");
        assertThat(names.get("db1").keySet()).containsExactly("autogen");
        assertThat(names.get("db1").get("autogen")).containsExactly(1L, 2L, 3L);
        assertThat(names.get("db2").get("rp")).containsExactly(4L, 5L, 6L); // 4 is a link: named, never entered
        assertThat(DataDirScanner.names(root.resolve("missing"))).isEmpty();
    }

    @Test
    void filtersByDbRpAndEngine() throws Exception {
        layout();
        assertThat(list("db2", null, null).shards()).extracting(ShardInfo::id).containsExactly(5L, 6L);
        assertThat(list("db1", "autogen", "tsm1").shards()).extracting(ShardInfo::id).containsExactly(1L, 2L, 3L);
        assertThat(list(null, null, "unknown").shards()).extracting(ShardInfo::id).containsExactly(5L);
        assertThatThrownBy(() -> list(null, null, "tsm2")).isInstanceOf(UpgradeException.class)
                .hasMessageContaining("unknown engine 'tsm2'");
    }

    @Test
    void jsonHasExactlyTheIssuesFieldNames() throws Exception {
        layout();
        JsonNode j = Json.mapper().readTree(Json.line(list("db1", null, null)));
        assertThat(names(j)).containsExactly("shards", "totals", "findings");
        assertThat(names(j.get("shards").get(0))).containsExactly("id", "db", "rp", "engine", "index", "tsmFiles", "bytes", "minTime",
                "maxTime", "seriesKeys", "walSegments", "walBytes", "tempFiles", "owner");
        assertThat(j.get("shards").get(0).get("minTime").asText()).isEqualTo(Instant.ofEpochSecond(1_500_000_000L).toString())
                .endsWith("Z");
        assertThat(names(j.get("findings").get(0))).contains("id", "severity", "message");
        JsonNode empty = j.get("shards").get(1); // shard 2 has no TSM data: times are null, not missing
        assertThat(empty.get("id").asLong()).isEqualTo(2);
        assertThat(names(empty)).contains("minTime", "maxTime");
        assertThat(empty.get("minTime").isNull()).isTrue();
        assertThat(j.get("shards").get(1).get("index").get("layout").asText()).isEqualTo("flat-1.3");
        assertThat(names(j.get("totals"))).contains("shards", "tsmFiles", "bytes", "seriesKeys", "walSegments", "walBytes", "tempFiles");
    }

    private static List<String> names(JsonNode n) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    @Test
    void unreadableDirectoryIsAFindingAndTheScanGoesOn() throws Exception {
        layout();
        Path locked = data.resolve("db1/autogen/3");
        ShardReport r;
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            // permissions do not bite for root: simulate the kernel's answer at the same place
            DataDirScanner.DirectoryLister denying = dir -> {
                if (dir.equals(locked.toRealPath())) {
                    throw new AccessDeniedException(dir.toString());
                }
                return DataDirScanner.FILES.list(dir);
            };
            DataDirScanner.Scan scan = new DataDirScanner(data, wal, new DataDirScanner.Options(true, false, 1), denying, ShardFileProbe.DEFAULT)
                    .scan(null, null);
            List<Finding> all = new ArrayList<>(scan.findings());
            scan.shards().forEach(s -> all.addAll(s.findings()));
            r = new ShardReport(scan.shards().stream().map(DataDirScanner.ScannedShard::info).toList(), null, all);
        } else {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
            try {
                r = list(null, null, null);
            } finally {
                Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
            }
        }
        assertThat(r.findings()).filteredOn(f -> f.id().equals("shard.unreadable")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("db1/autogen/3").contains("permission denied"));
        assertThat(r.shards()).extracting(ShardInfo::id).contains(1L, 2L, 5L, 6L);
    }

    @Test
    @org.junit.jupiter.api.Timeout(30)
    void aNamedPipeNamedLikeATsmFileIsReportedNotWaitedOn() throws Exception {
        // TSM files are opened without a stat first; opening a pipe waits for a writer, which must not hang the scan
        layout();
        Path pipe = data.resolve("db1/autogen/1/000000003-000000001.tsm");
        Process mk = new ProcessBuilder("mkfifo", pipe.toString()).inheritIO().start();
        assertThat(mk.waitFor()).as("mkfifo").isZero();
        ShardReport r = list("db1", null, null);
        assertThat(r.shards()).extracting(ShardInfo::id).containsExactly(1L, 2L, 3L);
        assertThat(row(r, 1).tsmFiles()).as("the pipe is not counted as a TSM file").isEqualTo(2);
        assertThat(row(r, 1).seriesKeys()).isEqualTo(4);
        assertThat(r.findings()).filteredOn(f -> f.message().contains(pipe.toString())).singleElement()
                .satisfies(f -> {
                    assertThat(f.id()).isEqualTo("shard.garbage");
                    assertThat(f.message()).contains("not a regular file");
                });
    }

    @Test
    @org.junit.jupiter.api.Timeout(30)
    void aShardWhoseFileCannotBeUnblockedIsReportedAsNotInventoried() throws Exception {
        // a pipe we may not open for writing (or a device) keeps its worker waiting: the scan gives up on that shard
        layout();
        Path pipe = data.resolve("db1/autogen/1/000000003-000000001.tsm");
        assertThat(new ProcessBuilder("mkfifo", pipe.toString()).inheritIO().start().waitFor()).as("mkfifo").isZero();
        List<Path> stuck = new java.util.concurrent.CopyOnWriteArrayList<>();
        try {
            DataDirScanner.Scan scan = new DataDirScanner(data, wal, new DataDirScanner.Options(true, false, 2), DataDirScanner.FILES,
                    ShardFileProbe.DEFAULT, file -> {
                        stuck.add(file);
                        return true; // special, and left blocked
                    }).scan("db1", null);
            assertThat(stuck).containsExactly(pipe);
            assertThat(scan.shards()).extracting(s -> s.info().id()).containsExactly(2L, 3L);
            assertThat(scan.findings()).filteredOn(f -> f.id().equals("shard.unreadable")).singleElement()
                    .satisfies(f -> assertThat(f.message()).contains(data.resolve("db1/autogen/1").toString()).contains("not inventoried"));
        } finally {
            DataDirScanner.unblock(pipe); // lets the abandoned worker go
        }
    }

    @Test
    void shardIdsAreUnsignedDecimalsThatFitIn64Bits() throws Exception {
        assertThat(ShardNames.isShardId("1")).isTrue();
        assertThat(ShardNames.isShardId("18446744073709551615")).as("2^64-1").isTrue();
        assertThat(ShardNames.isShardId("18446744073709551616")).as("2^64").isFalse();
        assertThat(ShardNames.isShardId("99999999999999999999")).isFalse();
        assertThat(ShardNames.isShardId("+5")).as("Long.parseUnsignedLong would take the sign").isFalse();
        assertThat(ShardNames.isShardId("")).isFalse();
        assertThat(ShardNames.isShardId("12a")).isFalse();
        assertThat(ShardNames.isShardId("١")).as("a non-ASCII digit").isFalse();

        layout();
        Files.createDirectories(data.resolve("db1/autogen/+8"));
        Files.createDirectories(data.resolve("db1/autogen/18446744073709551616"));
        ShardReport r = list("db1", null, null);
        assertThat(r.shards()).extracting(ShardInfo::id).containsExactly(1L, 2L, 3L);
        assertThat(r.findings()).filteredOn(f -> f.id().equals("shard.garbage")).extracting(Finding::message)
                .anySatisfy(m -> assertThat(m).contains("+8"))
                .anySatisfy(m -> assertThat(m).contains("18446744073709551616"));
    }

    @Test
    void verifyRefusesAnUnknownShardIdAndZeroJobs() throws Exception {
        layout();
        assertThatThrownBy(() -> new ShardVerifyCommand().run(new ShardVerifyCommand.Request(data, null, null, 77L, 1),
                io.influxupgrade.commands.Progress.NONE)).isInstanceOf(UpgradeException.class).hasMessageContaining("no shard 77")
                .extracting(e -> ((UpgradeException) e).kind()).isEqualTo(UpgradeException.Kind.USAGE);
        assertThatThrownBy(() -> new ShardVerifyCommand().run(new ShardVerifyCommand.Request(data, null, null, null, 0),
                io.influxupgrade.commands.Progress.NONE)).isInstanceOf(UpgradeException.class).hasMessageContaining("--jobs");
        ShardVerification v = new ShardVerifyCommand().run(new ShardVerifyCommand.Request(data, "db1", null, 3L, 2),
                io.influxupgrade.commands.Progress.NONE);
        assertThat(v.failed()).isTrue(); // the zero-length TSM file
        assertThat(v.findings()).extracting(Finding::id).contains("tsm.empty");
    }

    @Test
    void missingDataDirIsUnavailable() {
        assertThatThrownBy(() -> new ShardListCommand().run(new ShardListCommand.Request(root.resolve("nope"), null, null, null, null)))
                .isInstanceOf(UpgradeException.class).hasMessageContaining("nope")
                .extracting(e -> ((UpgradeException) e).kind()).isEqualTo(UpgradeException.Kind.UNAVAILABLE);
    }

    @Test
    void symlinkedDataDirItselfIsResolved() throws Exception {
        layout();
        Path link = Files.createSymbolicLink(root.resolve("datalink"), data);
        ShardReport r = new ShardListCommand().run(new ShardListCommand.Request(link, null, "db1", null, null));
        assertThat(r.shards()).extracting(ShardInfo::id).containsExactly(1L, 2L, 3L);
    }

    @Test
    void tsmFileWithSymlinkIsNotFollowed() throws Exception {
        layout();
        TsmFiles.write(outside.resolve("x.tsm"), 1, 1, T0);
        Files.createSymbolicLink(data.resolve("db1/autogen/1/000000009-000000001.tsm"), outside.resolve("x.tsm"));
        ShardReport r = list("db1", "autogen", null);
        assertThat(row(r, 1).tsmFiles()).isEqualTo(2);
        assertThat(r.findings()).filteredOn(f -> f.id().equals("shard.symlink")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("000000009-000000001.tsm"));
    }

    @SuppressWarnings("unused")
    private static void write(Path p, byte[] b) throws Exception {
        try (OutputStream o = Files.newOutputStream(p)) {
            o.write(b);
        }
    }
}
