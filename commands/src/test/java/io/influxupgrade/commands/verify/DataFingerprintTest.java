package io.influxupgrade.commands.verify;

import io.influxupgrade.commands.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The data fingerprint of a baseline (series, measurements, point windows) and how compare judges it, on the fake server. */
class DataFingerprintTest {

    private static final Instant T = Instant.parse("2026-11-25T12:00:00Z");
    private static final String DB = "my \"db\" ü";
    /** {@link #DB} as messages name it. */
    private static final String SHOWN = "\"my \\\"db\\\" ü\"";
    /** The start of a message about the point count of DB.autogen.select in the day before {@link #T}. */
    private static final String SELECT_DAY = "points of " + SHOWN + ".\"autogen\".\"select\""
            + " in [2026-11-24T12:00:00Z, 2026-11-25T12:00:00Z): ";

    @TempDir
    Path dir;

    private static FakeInfluxServer server(String version) {
        FakeInfluxServer f = BaselineNormalisationTest.typical();
        f.version = version;
        f.rp(DB, "autogen", "0s", "168h0m0s", true);
        f.shardGroup(DB, "autogen", "2026-11-23T00:00:00Z", "2026-11-30T00:00:00Z", 1);
        f.series.put(DB, new TreeMap<>(Map.of("cpu load", 3, "select", 2)));
        f.points.put(DB + ".autogen", new TreeMap<>(Map.of(
                "cpu load", new TreeMap<>(Map.of("v", 10L, "w \"q\"", 4L)),
                "select", new TreeMap<>(Map.of("f", 7L)))));
        return f;
    }

    private VerifyBaselineCommand.BaselineSummary baseline(FakeInfluxServer f, String window) {
        return new VerifyBaselineCommand(Clock.fixed(T, ZoneOffset.UTC))
                .run(f, new VerifyBaselineCommand.Request("before", 0, dir, window, true));
    }

    private BaselineComparison compare(FakeInfluxServer f, VerifyBaselineCommand.BaselineSummary b) {
        return new VerifyCompareCommand(Clock.fixed(T.plusSeconds(600), ZoneOffset.UTC))
                .run(f, new VerifyCompareCommand.Request(Path.of(b.file()), UpgradePathHint.NONE));
    }

    @Test
    void seriesAreCountedFromBoundedShowSeriesRowsPerDatabase() {
        FakeInfluxServer f = server("1.6.7");
        VerifyBaselineCommand.BaselineSummary s = baseline(f, null);
        Baseline b = VerifyBaselineCommand.read(Path.of(s.file()));
        Baseline.DatabaseData d = b.data().database(DB);
        assertThat(d.series()).isEqualTo(5L);
        assertThat(d.seriesEstimated()).isFalse();
        assertThat(d.measurements()).containsExactly("cpu load", "select");
        assertThat(b.data().database("_internal")).as("_internal changes by the minute").isNull();
        assertThat(b.data().pointsWindow()).isEqualTo("24h0m0s");
        int i = f.requestDbs.indexOf(DB);
        assertThat(f.requests.get(i)).isEqualTo("SHOW MEASUREMENTS LIMIT 10001; SHOW SERIES LIMIT 100001; SHOW SERIES CARDINALITY");
        assertThat(s.series()).isEqualTo(5L);
        assertThat(s.measurements()).isEqualTo(2);
    }

    @Test
    void pointsAreCountedInTheWindowBeforeTheBaselineWithQuotedNames() {
        FakeInfluxServer f = server("1.6.7");
        Baseline b = VerifyBaselineCommand.read(Path.of(baseline(f, "7d").file()));
        assertThat(b.counts()).filteredOn(c -> c.database().equals(DB)).extracting(Baseline.PointCount::measurement)
                .containsExactly("cpu load", "select");
        assertThat(b.counts()).filteredOn(c -> c.measurement().equals("cpu load")).singleElement().satisfies(c -> {
            assertThat(c.fields()).containsEntry("v", 10L).containsEntry("w \"q\"", 4L);
            assertThat(c.from()).isEqualTo("2026-11-18T12:00:00Z");
            assertThat(c.to()).isEqualTo("2026-11-25T12:00:00Z");
        });
        assertThat(f.requests).as("one request per range").contains(
                "SELECT count(*) FROM \"my \\\"db\\\" ü\".\"autogen\"./.*/ WHERE time >= '2026-11-18T12:00:00Z' AND time < '2026-11-25T12:00:00Z'",
                "SELECT count(*) FROM \"telegraf\".\"autogen\"./.*/ WHERE time >= '2026-11-18T12:00:00Z' AND time < '2026-11-25T12:00:00Z'");
    }

    @Test
    void aServerBefore10GetsTheFieldsNamedBecauseItHasNoCountStar() {
        FakeInfluxServer f = server("0.11.1");
        f.oldColumns = true;
        Baseline b = VerifyBaselineCommand.read(Path.of(baseline(f, "all").file()));
        assertThat(f.requests).noneMatch(r -> r.contains("count(*)"));
        assertThat(f.requests).anyMatch(r -> r.contains("SELECT count(\"v\") AS \"count_v\", count(\"w \\\"q\\\"\") AS \"count_w \\\"q\\\"\" FROM "
                + "\"my \\\"db\\\" ü\".\"autogen\".\"cpu load\" WHERE time < '2026-11-25T12:00:00Z'"));
        assertThat(f.requests).noneMatch(r -> r.contains("SHOW SERIES CARDINALITY"));
        assertThat(b.counts()).filteredOn(c -> c.measurement().equals("cpu load")).singleElement()
                .satisfies(c -> assertThat(c.fields()).containsEntry("v", 10L).containsEntry("w \"q\"", 4L));
        assertThat(b.data().database(DB).series()).as("0.11 answers one row per measurement").isEqualTo(5L);
        assertThat(b.data().pointsWindow()).isEqualTo("all");
    }

    @Test
    void moreSeriesThanTheBoundAreNotCountedBefore14() {
        FakeInfluxServer f = server("1.3.9");
        f.series.get(DB).put("big", BaselineCollector.SERIES_BOUND);
        VerifyBaselineCommand.BaselineSummary s = baseline(f, null);
        Baseline b = VerifyBaselineCommand.read(Path.of(s.file()));
        assertThat(b.data().database(DB).series()).isNull();
        assertThat(b.notes()).anyMatch(n -> n.startsWith("database \"my \\\"db\\\" ü\" has more than 100000 series: not counted"));
        assertThat(f.requests).noneMatch(r -> r.contains("SHOW SERIES CARDINALITY"));
        assertThat(s.series()).isNull();
    }

    @Test
    void moreSeriesThanTheBoundUseTheEstimateOn14AndCompareWithinOnePercent() {
        FakeInfluxServer f = server("1.6.7");
        f.series.get(DB).put("big", 100_000);
        VerifyBaselineCommand.BaselineSummary s = baseline(f, null);
        Baseline.DatabaseData d = VerifyBaselineCommand.read(Path.of(s.file())).data().database(DB);
        assertThat(d.series()).isEqualTo(100_005L);
        assertThat(d.seriesEstimated()).isTrue();

        f.series.get(DB).put("big", 99_500);
        BaselineComparison small = compare(f, s);
        assertThat(small.failed()).isFalse();
        assertThat(small.differences()).extracting(Difference::change).containsExactly("within estimate");

        f.series.get(DB).put("big", 90_000);
        BaselineComparison lost = compare(f, s);
        assertThat(lost.failed()).isTrue();
        assertThat(lost.differences()).extracting(Difference::message)
                .containsExactly("series of database \"my \\\"db\\\" ü\": series (estimated) 100005 → 90005");
    }

    @Test
    void lostMeasurementAndSeriesFailGrowthDoesNot() {
        FakeInfluxServer f = server("1.6.7");
        VerifyBaselineCommand.BaselineSummary s = baseline(f, null);
        assertThat(compare(f, s).differences()).isEmpty();

        f.series.get(DB).put("new one", 4);
        f.points.get(DB + ".autogen").get("select").put("f", 8L);
        BaselineComparison grown = compare(f, s);
        assertOutcome(grown, false,
                "series of database " + SHOWN + ": series 5 → 9 (grew: not a loss)",
                "measurement " + SHOWN + ".\"new one\": added since the baseline (grew: not a loss)",
                SELECT_DAY + "count of \"f\" 7 → 8 (grew: not a loss)");

        f.series.get(DB).remove("new one");
        f.series.get(DB).remove("select");
        f.points.get(DB + ".autogen").remove("select");
        BaselineComparison lost = compare(f, s);
        assertOutcome(lost, true,
                "series of database " + SHOWN + ": series 5 → 3",
                "measurement " + SHOWN + ".\"select\": missing now",
                SELECT_DAY + "count of \"f\" 7 → 0");
        assertThat(lost.notes()).anyMatch(n -> n.startsWith("point counts are compared in windows that end at the baseline's time"));
    }

    @Test
    void compareCountsWhatCameAfterTheWindowAsGrowth() {
        FakeInfluxServer f = server("1.6.7");
        VerifyBaselineCommand.BaselineSummary s = baseline(f, null);
        BaselineComparison c = compare(f, s);
        // the fake ignores time bounds: the count after the window equals the one in it
        assertThat(f.requests).anyMatch(r -> r.contains("SELECT count(*) FROM \"my \\\"db\\\" ü\".\"autogen\"./.*/ WHERE time >= '2026-11-25T12:00:00Z'"));
        assertThat(c.notes()).contains("grew: \"my \\\"db\\\" ü\".\"autogen\".\"select\" since 2026-11-25T12:00:00Z: 7 points written after the baseline's window (not compared)");
        assertThat(c.failed()).isFalse();
    }

    @Test
    void anOldBaselineWithoutDataStillComparesWithAWarning() throws Exception {
        FakeInfluxServer f = server("1.6.7");
        Path file = dir.resolve("old.json");
        Baseline old = new BaselineCollector(f).collect("old", T, 0, List.of());
        String json = Json.mapper().writeValueAsString(old);
        assertThat(json).as("as an older version wrote it: no data field at all").doesNotContain("\"data\"");
        Files.writeString(file, json);
        BaselineComparison c = new VerifyCompareCommand(Clock.fixed(T, ZoneOffset.UTC))
                .run(f, new VerifyCompareCommand.Request(file, UpgradePathHint.NONE));
        assertThat(c.failed()).isFalse();
        assertThat(c.differences()).isEmpty();
        assertThat(c.warnings()).singleElement().asString().startsWith("baseline 'old' recorded no data (series, measurements, point counts)");
        assertThat(f.requests).as("no fingerprint is taken when the baseline has none to compare")
                .noneMatch(r -> r.contains("SHOW SERIES"));
    }

    @Test
    void aCountThatTimesOutSkipsThatRangeOnlyAndIsNoLoss() {
        FakeInfluxServer f = server("1.6.7");
        f.points.put("telegraf.autogen", new TreeMap<>(Map.of("cpu", new TreeMap<>(Map.of("v", 3L)))));
        f.slowCounts.add(DB);
        VerifyBaselineCommand.BaselineSummary slow = baseline(f, null);
        assertThat(slow.notes()).contains("point counts of \"my \\\"db\\\" ü\".\"autogen\" skipped: the count took longer than the timeout"
                + " (narrow --window, or raise 'connect --timeout')");
        assertThat(VerifyBaselineCommand.read(Path.of(slow.file())).counts()).extracting(Baseline.PointCount::measurement).containsExactly("cpu");

        f.slowCounts.clear();
        VerifyBaselineCommand.BaselineSummary s = baseline(f, null);
        f.slowCounts.add(DB);
        BaselineComparison c = compare(f, s);
        assertThat(c.failed()).as("a range not counted now is not a loss").isFalse();
        assertThat(c.differences()).isEmpty();
        assertThat(c.notes()).anyMatch(n -> n.startsWith("point counts of \"my \\\"db\\\" ü\".\"autogen\" skipped: the count took longer"));
    }

    @Test
    void windowsAndOptionsAreChecked() {
        assertThat(VerifyBaselineCommand.window("7d")).isEqualTo(7 * 86_400_000_000_000L);
        assertThat(VerifyBaselineCommand.window("2w")).isEqualTo(14 * 86_400_000_000_000L);
        assertThat(VerifyBaselineCommand.window("36h")).isEqualTo(36 * 3_600_000_000_000L);
        for (String bad : new String[] {"0", "x", "-1h", "7y"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> VerifyBaselineCommand.window(bad))
                    .isInstanceOfSatisfying(io.influxupgrade.commands.UpgradeException.class,
                            e -> assertThat(e.kind()).isEqualTo(io.influxupgrade.commands.UpgradeException.Kind.USAGE));
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new VerifyBaselineCommand(Clock.systemUTC())
                        .run(server("1.6.7"), new VerifyBaselineCommand.Request(null, 2, dir, "7d", true)))
                .hasMessageContaining("--counts 2 and --window 7d");
    }

    /** Failed or not, with exactly these differences (in any order). */
    private static void assertOutcome(BaselineComparison c, boolean failed, String... messages) {
        assertThat(c.failed()).isEqualTo(failed);
        assertThat(c.differences()).extracting(Difference::message).containsExactlyInAnyOrder(messages);
    }
}
