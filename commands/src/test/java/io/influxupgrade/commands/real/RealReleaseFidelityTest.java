package io.influxupgrade.commands.real;

import com.fasterxml.jackson.databind.JsonNode;
import io.influxupgrade.commands.backup.RestoreMetastoreCommand;
import io.influxupgrade.commands.backup.ServiceProbe;
import io.influxupgrade.commands.backup.Via;
import io.influxupgrade.commands.meta.MetaData;
import io.influxupgrade.commands.meta.MetaSnapshot;
import io.influxupgrade.commands.meta.MetaSources;
import io.influxupgrade.commands.meta.MetaStoreCodec;
import io.influxupgrade.commands.shard.BoltShardPoints;
import io.influxupgrade.commands.shard.DataDirScanner;
import io.influxupgrade.commands.shard.ShardInfo;
import io.influxupgrade.commands.shard.TsmPoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.influxupgrade.commands.real.RealFixtures.actual;
import static io.influxupgrade.commands.real.RealFixtures.copy;
import static io.influxupgrade.commands.real.RealFixtures.expected;
import static io.influxupgrade.commands.real.RealFixtures.json;
import static io.influxupgrade.commands.real.RealFixtures.set;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our offline readers against files that real InfluxDB 0.10.3, 0.11.1 and 1.4.3 wrote (test resources
 * {@code real/}, made by {@code scripts/fixtures/make-real-fixtures}): what we read from a raft dir, a legacy backup
 * or a meta.db must answer SHOW DATABASES / USERS / RETENTION POLICIES / CONTINUOUS QUERIES / SUBSCRIPTIONS / SHARDS /
 * GRANTS exactly as the real server answered when the files were made; our native restore must write what the real
 * 1.4.3 {@code influxd restore -metadir} wrote; our shard readers must find the points that were written.
 */
class RealReleaseFidelityTest {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}/{1}")
    @CsvSource({
            "0.11.1-small,    install/meta,       answers-0.11.1.json",
            "0.11.1-small,    backup/meta.00,     answers-0.11.1.json",
            "0.11.1-small,    backup,             answers-0.11.1.json",
            "0.11.1-small,    restore-1.4.3/meta, answers-1.4.3-after-restore.json",
            "0.11.1-snapshot, install/meta,       answers-0.11.1.json",
            "0.10.3-engines,  install/meta,       answers-0.10.3.json",
            "0.10.3-engines,  backup,             answers-0.10.3.json",
    })
    void offlineReadingAnswersAsTheRealServerDid(String set, String source, String answersFile) {
        Path src = copy(set(set), tmp.resolve("set")).resolve(source);
        JsonNode answers = json(set(set).resolve(answersFile));

        MetaSnapshot snap = MetaSources.read(src);

        Map<String, List<List<String>>> real = actual(answers);
        Map<String, List<List<String>>> ours = expected(snap.data(), answers);
        assertThat(real).containsKeys("SHOW DATABASES", "SHOW USERS", "SHOW CONTINUOUS QUERIES", "SHOW SHARDS");
        assertThat(real.get("SHOW DATABASES")).isNotEmpty();
        for (String stmt : real.keySet()) {
            assertThat(ours.get(stmt)).as("%s read from %s/%s", stmt, set, source).isEqualTo(real.get(stmt));
        }
        assertThat(snap.warnings()).as("warnings").noneMatch(w -> w.contains("torn") || w.contains("not included"));
    }

    @Test
    void aSmall011MetaDirHasNoSnapshotAndIsReadFromItsRaftLogAlone() {
        MetaSnapshot snap = MetaSources.read(copy(set("0.11.1-small"), tmp.resolve("s")).resolve("install/meta"));
        assertThat(snap.raft()).isTrue();
        assertThat(snap.format()).startsWith("raft: no snapshot");
        assertThat(logEntries(snap.format())).isGreaterThan(20);
        assertThat(snap.notIncludedLogEntries()).isZero();
    }

    @Test
    void aSnapshotPlusTheEntriesAfterItIsTheStateTheRealServerShowed() {
        MetaSnapshot snap = MetaSources.read(copy(set("0.11.1-snapshot"), tmp.resolve("s")).resolve("install/meta"));
        Matcher m = Pattern.compile("raft: snapshot (\\d+) \\+ (\\d+) log entries").matcher(snap.format());
        assertThat(m.find()).as(snap.format()).isTrue();
        assertThat(Long.parseLong(m.group(1))).isGreaterThan(8192);
        // every change made after the snapshot is in the answers only through the replayed log
        assertThat(Long.parseLong(m.group(2))).isGreaterThanOrEqualTo(6);
        assertThat(snap.data().database("after snap")).isPresent();
        assertThat(snap.data().user("late admin").orElseThrow().admin()).isTrue();
    }

    @Test
    void ourNativeRestoreWritesWhatTheReal143RestoreWrote() throws IOException {
        Path backup = copy(set("0.11.1-small").resolve("backup"), tmp.resolve("backup"));
        Path meta = tmp.resolve("meta");

        RestoreMetastoreCommand.RestoreReport rep = new RestoreMetastoreCommand().run(new RestoreMetastoreCommand.Request(
                backup, meta, Via.NATIVE, false, false, null, ServiceProbe.STOPPED, List.of(), tmp));

        Path realMeta = set("0.11.1-small").resolve("restore-1.4.3/meta");
        assertThat(rep.failed()).as(rep.failureSummary()).isFalse();
        // the real restore printed which meta.NN it used; ours took the same one
        assertThat(Files.readString(set("0.11.1-small").resolve("restore-1.4.3.log"))).contains("meta.02");
        MetaData ours = MetaStoreCodec.decode(Files.readAllBytes(meta.resolve("meta.db")), "ours");
        MetaData real = MetaStoreCodec.decode(Files.readAllBytes(realMeta.resolve("meta.db")), "1.4.3");
        assertThat(ours.index()).isEqualTo(real.index()).isEqualTo(rep.backupIndex() + 2);
        assertThat(ours.clusterId()).isEqualTo(real.clusterId());
        assertThat(ours).isEqualTo(real);
        assertThat(Files.readAllBytes(meta.resolve("node.json"))).isEqualTo(Files.readAllBytes(realMeta.resolve("node.json")));
    }

    @ParameterizedTest(name = "{0}/{1}")
    @CsvSource({
            "0.11.1-small,   install/data",
            "0.10.3-engines, influx_tsm-1.4.3/data",
    })
    void everyPointWrittenIsInTheTsmFiles(String set, String dataDir) throws IOException {
        Path data = set(set).resolve(dataDir);
        JsonNode points = json(set(set).resolve("points.json"));
        JsonNode counts = json(set(set).resolve("counts.json"));
        // the fixture is consistent: the real server counted what the generator wrote
        for (JsonNode c : counts) {
            JsonNode row = find(points, c.get("db").asText(), c.get("rp").asText());
            assertThat(c.get("count").asLong()).as("server count of %s", c).isEqualTo(row.get("fields").get(c.get("field").asText()).asLong());
        }
        for (JsonNode row : points) {
            Path rpDir = data.resolve(row.get("db").asText()).resolve(row.get("rp").asText());
            List<Path> tsm;
            try (Stream<Path> s = Files.walk(rpDir)) {
                tsm = s.filter(p -> p.getFileName().toString().endsWith(".tsm")).sorted().collect(Collectors.toList());
            }
            SortedMap<String, Long> want = new TreeMap<>();
            int series = row.get("series").size();
            row.get("fields").fields().forEachRemaining(f -> row.get("series").forEach(sk ->
                    want.put(sk.asText() + "#!~#" + f.getKey(), f.getValue().asLong() / series)));
            assertThat(TsmPoints.countShard(tsm)).as("%s.%s", row.get("db").asText(), row.get("rp").asText()).isEqualTo(want);
        }
    }

    @Test
    void theInventoryTellsTheReal0103EnginesApartAndCountsTheirSeries() {
        Path install = copy(set("0.10.3-engines").resolve("install"), tmp.resolve("install"));
        DataDirScanner.Scan scan = new DataDirScanner(install.resolve("data"), install.resolve("wal"), DataDirScanner.Options.defaults())
                .scan(null, null);
        Map<String, ShardInfo> byDb = scan.shards().stream().map(DataDirScanner.ScannedShard::info)
                .collect(Collectors.toMap(ShardInfo::db, s -> s));
        assertThat(byDb.get("b1db").engine()).isEqualTo("b1");
        assertThat(byDb.get("bz1db").engine()).isEqualTo("bz1");
        assertThat(byDb.get("tsmdb").engine()).isEqualTo("tsm1");
        for (JsonNode row : json(set("0.10.3-engines").resolve("points.json"))) {
            ShardInfo s = byDb.get(row.get("db").asText());
            assertThat(s.seriesKeys()).as(row.get("db").asText()).isEqualTo((long) row.get("series").size());
        }
    }

    /** The points 0.10.3 wrote into b1 and bz1 shards are in the files, and are exactly what 1.4.3's influx_tsm wrote out. */
    @Test
    void theReal0103B1AndBz1ShardsHoldEveryPointAndInfluxTsmKeptThemAll() {
        Path data = set("0.10.3-engines").resolve("install/data");
        Path converted = set("0.10.3-engines").resolve("influx_tsm-1.4.3/data");
        for (JsonNode row : json(set("0.10.3-engines").resolve("points.json"))) {
            if (row.get("engine").asText().equals("tsm1")) {
                continue;
            }
            String db = row.get("db").asText();
            Path shard;
            try (Stream<Path> s = Files.list(data.resolve(db).resolve("default"))) {
                shard = s.findFirst().orElseThrow();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            String series = row.get("series").get(0).asText();
            String field = row.get("fields").fieldNames().next();
            long written = row.get("fields").get(field).asLong();
            assertThat(BoltShardPoints.count(shard)).as(db).containsExactly(Map.entry(series, written));
            try (Stream<Path> s = Files.walk(converted.resolve(db))) {
                List<Path> tsm = s.filter(p -> p.toString().endsWith(".tsm")).toList();
                assertThat(TsmPoints.countShard(tsm)).as(db + " after influx_tsm").containsExactly(Map.entry(series + "#!~#" + field, written));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private static JsonNode find(JsonNode points, String db, String rp) {
        for (JsonNode row : points) {
            if (row.get("db").asText().equals(db) && row.get("rp").asText().equals(rp)) {
                return row;
            }
        }
        throw new AssertionError("no points.json row for " + db + "." + rp);
    }

    private static long logEntries(String format) {
        Matcher m = Pattern.compile("(\\d+) log entries").matcher(format);
        assertThat(m.find()).as(format).isTrue();
        return Long.parseLong(m.group(1));
    }
}
