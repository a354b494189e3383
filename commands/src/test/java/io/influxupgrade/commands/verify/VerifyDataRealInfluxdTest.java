package io.influxupgrade.commands.verify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.influxupgrade.commands.Json;
import io.influxupgrade.commands.testing.InfluxdServer;
import io.influxupgrade.commands.testing.RealInfluxd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.influxupgrade.commands.verify.InfluxQl.display;
import static io.influxupgrade.commands.verify.InfluxQl.ident;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The data fingerprint against the real influxd: known points in databases and measurements with awkward names, the
 * exact series, measurements and point counts in the baseline, and compare after a loss, after growth and with a
 * baseline from before the fingerprint existed.
 */
@RealInfluxd
class VerifyDataRealInfluxdTest {

    /** Quotes, a semicolon, unicode, a space; a keyword. */
    private static final String ODD_DB = "my \"db\" ü😀; x";
    private static final String KEYWORD_DB = "select";
    /** measurement → series (host tag values) → points per series. */
    private static final Map<String, Map<String, Integer>> DATA = Map.of(
            "cpu load", Map.of("a", 3, "b", 2),
            "m \"q\"", Map.of("a", 4),
            "ü😀,comma", Map.of("x", 1, "y", 1, "z", 5),
            "from", Map.of("a", 2));

    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    /** A measurement name in line protocol: commas and spaces escaped. */
    private static String lp(String measurement) {
        return measurement.replace(",", "\\,").replace(" ", "\\ ");
    }

    private static void fill(InfluxdServer server) {
        long now = System.currentTimeMillis() * 1_000_000L;
        for (String db : List.of(ODD_DB, KEYWORD_DB)) {
            server.query("CREATE DATABASE " + ident(db));
            StringBuilder lines = new StringBuilder();
            DATA.forEach((m, series) -> series.forEach((host, n) -> {
                for (int i = 0; i < n; i++) {
                    // 10 s .. ~1 min before now: inside the default 24h window, before the baseline's time
                    lines.append(lp(m)).append(",host=").append(host).append(" v=").append(i).append(",w=1i ")
                            .append(now - (10L + i + host.hashCode() % 40) * 1_000_000_000L).append('\n');
                }
            }));
            server.write(db, null, lines.toString());
        }
    }

    private InfluxQuery client(InfluxdServer server) {
        InfluxJavaClient c = InfluxJavaClient.open(ConnectionSettings.of(server.url()), null);
        open.add(c);
        return c;
    }

    private VerifyBaselineCommand.BaselineSummary baseline(InfluxQuery client) {
        return new VerifyBaselineCommand(Clock.systemUTC()).run(client, new VerifyBaselineCommand.Request("before", 0, dir, null, true));
    }

    private static BaselineComparison compare(InfluxQuery client, Path file) {
        return new VerifyCompareCommand(Clock.systemUTC()).run(client, new VerifyCompareCommand.Request(file, UpgradePathHint.NONE));
    }

    @Test
    void baselineRecordsExactCountsAndCardinalitiesAndAnUnchangedServerMatches(InfluxdServer server) {
        fill(server);
        InfluxQuery c = client(server);
        VerifyBaselineCommand.BaselineSummary s = baseline(c);
        Baseline b = VerifyBaselineCommand.read(Path.of(s.file()));
        for (String db : List.of(ODD_DB, KEYWORD_DB)) {
            Baseline.DatabaseData d = b.data().database(db);
            assertThat(d.series()).as(db).isEqualTo(7L);
            assertThat(d.seriesEstimated()).isFalse();
            assertThat(d.measurements()).as(db).containsExactly("cpu load", "from", "m \"q\"", "ü😀,comma");
            for (Map.Entry<String, Map<String, Integer>> m : DATA.entrySet()) {
                long points = m.getValue().values().stream().mapToInt(Integer::intValue).sum();
                assertThat(b.counts()).as(db + " " + m.getKey())
                        .filteredOn(pc -> pc.database().equals(db) && pc.measurement().equals(m.getKey())).singleElement()
                        .satisfies(pc -> {
                            assertThat(pc.retentionPolicy()).isEqualTo("autogen");
                            assertThat(pc.fields()).containsExactlyInAnyOrderEntriesOf(Map.of("v", points, "w", points));
                            assertThat(pc.to()).isEqualTo(b.takenAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
                        });
            }
        }
        assertThat(s.series()).isEqualTo(14L);
        assertThat(s.pointCounts()).isEqualTo(8);
        assertThat(b.notes()).isEmpty();

        BaselineComparison cmp = compare(c, Path.of(s.file()));
        assertThat(cmp.differences()).isEmpty();
        assertThat(cmp.failed()).isFalse();
        assertThat(cmp.warnings()).isEmpty();
    }

    @Test
    void droppedMeasurementFailsNamingTheDatabaseAndMeasurement(InfluxdServer server) {
        fill(server);
        InfluxQuery c = client(server);
        VerifyBaselineCommand.BaselineSummary s = baseline(c);
        server.query("DROP MEASUREMENT " + ident("m \"q\""), ODD_DB);
        BaselineComparison cmp = compare(c, Path.of(s.file()));
        assertThat(cmp.failed()).isTrue();
        assertThat(cmp.differences()).filteredOn(Difference::failing).extracting(Difference::message).contains(
                "measurement " + display(ODD_DB) + "." + display("m \"q\"") + ": missing now",
                "series of database " + display(ODD_DB) + ": series 7 → 6");
        assertThat(cmp.differences()).filteredOn(Difference::failing).extracting(Difference::object)
                .anyMatch(o -> o.startsWith("points of " + display(ODD_DB) + ".\"autogen\"." + display("m \"q\"") + " in ["));
        assertThat(cmp.differences()).as("the other database is untouched").noneMatch(d -> d.object().contains(display(KEYWORD_DB)));
        assertThat(cmp.failureSummary()).doesNotContain("\n");
    }

    @Test
    void droppedSeriesFailsNamingTheDatabaseAndMeasurement(InfluxdServer server) {
        fill(server);
        InfluxQuery c = client(server);
        VerifyBaselineCommand.BaselineSummary s = baseline(c);
        server.query("DROP SERIES FROM " + ident("cpu load") + " WHERE host = 'b'", KEYWORD_DB);
        BaselineComparison cmp = compare(c, Path.of(s.file()));
        assertThat(cmp.failed()).isTrue();
        assertThat(cmp.differences()).extracting(Difference::message).containsExactlyInAnyOrder(
                "series of database \"select\": series 7 → 6",
                cmp.differences().stream().filter(d -> d.attribute().equals("count of \"v\"")).findFirst().orElseThrow().message(),
                cmp.differences().stream().filter(d -> d.attribute().equals("count of \"w\"")).findFirst().orElseThrow().message());
        assertThat(cmp.differences()).filteredOn(d -> d.attribute().startsWith("count of")).allSatisfy(d -> {
            assertThat(d.object()).startsWith("points of \"select\".\"autogen\".\"cpu load\" in [");
            assertThat(d.baseline()).isEqualTo("5");
            assertThat(d.now()).isEqualTo("3");
            assertThat(d.failing()).isTrue();
        });
    }

    @Test
    void pointsWrittenAfterTheBaselineAreGrowthNotLoss(InfluxdServer server) throws Exception {
        fill(server);
        InfluxQuery c = client(server);
        VerifyBaselineCommand.BaselineSummary s = baseline(c);
        Thread.sleep(1100); // the next second: after the window's end for sure
        long now = System.currentTimeMillis() * 1_000_000L;
        server.write(ODD_DB, null, lp("cpu load") + ",host=c v=1,w=1i " + now + "\n" + lp("cpu load") + ",host=a v=2,w=2i " + (now - 1000));
        BaselineComparison cmp = compare(c, Path.of(s.file()));
        assertThat(cmp.failed()).isFalse();
        assertThat(cmp.differences()).extracting(Difference::message)
                .containsExactly("series of database " + display(ODD_DB) + ": series 7 → 8 (grew: not a loss)");
        assertThat(cmp.notes()).anyMatch(n -> n.startsWith("grew: " + display(ODD_DB) + ".\"autogen\".\"cpu load\" since ")
                && n.endsWith(": 2 points written after the baseline's window (not compared)"));
        assertThat(cmp.notes()).anyMatch(n -> n.startsWith("point counts are compared in windows that end at the baseline's time"));
    }

    @Test
    void aBaselineFromBeforeTheFingerprintStillComparesWithAWarning(InfluxdServer server) throws Exception {
        fill(server);
        InfluxQuery c = client(server);
        VerifyBaselineCommand.BaselineSummary s = baseline(c);
        Path file = Path.of(s.file());
        ObjectNode json = (ObjectNode) Json.mapper().readTree(file.toFile());
        assertThat(json.has("data")).isTrue();
        json.remove("data");
        json.putArray("counts");
        Files.writeString(file, Json.mapper().writeValueAsString(json));
        server.query("DROP MEASUREMENT " + ident("from"), KEYWORD_DB); // not seen: the old baseline has no data
        BaselineComparison cmp = compare(c, file);
        assertThat(cmp.failed()).isFalse();
        assertThat(cmp.differences()).isEmpty();
        assertThat(cmp.warnings()).singleElement().asString()
                .startsWith("baseline 'before' recorded no data (series, measurements, point counts): taken by an older version");
    }
}
