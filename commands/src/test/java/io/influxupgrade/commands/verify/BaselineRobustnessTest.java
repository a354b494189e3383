package io.influxupgrade.commands.verify;

import io.influxupgrade.commands.UpgradeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.LongFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Strange answers and strange files give a baseline or an UpgradeException, never anything else. */
class BaselineRobustnessTest {

    private static final List<String> COLUMNS = List.of("name", "user", "admin", "database", "privilege", "duration",
            "shardGroupDuration", "replicaN", "default", "retention_policy", "mode", "destinations", "query", "id",
            "shard_group", "start_time", "end_time", "owners", "count_v", "time", "junk");

    /** Answers every statement of a request with a random shape: errors, missing columns, wrong types, nulls. */
    private static final class Garbage implements InfluxQuery {
        private final Random rnd;

        Garbage(long seed) {
            rnd = new Random(seed);
        }

        @Override
        public QueryResult query(String influxql, String db) {
            int n = FakeInfluxServer.split(influxql).size();
            int answered = rnd.nextInt(8) == 0 ? rnd.nextInt(n + 1) : n;
            List<QueryResult.Statement> out = new ArrayList<>();
            for (int i = 0; i < answered; i++) {
                if (rnd.nextInt(10) == 0) {
                    out.add(QueryResult.Statement.failed(rnd.nextBoolean() ? "database not found: x" : "boom"));
                    continue;
                }
                List<QueryResult.Series> series = new ArrayList<>();
                for (int s = rnd.nextInt(3); s > 0; s--) {
                    List<String> cols = new ArrayList<>();
                    for (String c : COLUMNS) {
                        if (rnd.nextInt(3) > 0) {
                            cols.add(c);
                        }
                    }
                    List<List<Object>> rows = new ArrayList<>();
                    for (int r = rnd.nextInt(4); r > 0; r--) {
                        List<Object> row = new ArrayList<>();
                        for (int c = rnd.nextInt(cols.size() + 2); c > 0; c--) {
                            row.add(value());
                        }
                        rows.add(rnd.nextInt(20) == 0 ? null : row);
                    }
                    series.add(new QueryResult.Series(rnd.nextBoolean() ? "db" + rnd.nextInt(3) : null, null, cols, rows));
                }
                out.add(QueryResult.Statement.ok(series));
            }
            return new QueryResult(out);
        }

        private Object value() {
            return switch (rnd.nextInt(7)) {
                case 0 -> null;
                case 1 -> rnd.nextDouble() * 1e6;
                case 2 -> rnd.nextBoolean();
                case 3 -> List.of("udp://x", 3.0);
                case 4 -> "168h0m0s";
                case 5 -> "2026-11-2" + rnd.nextInt(10) + "T00:00:00Z";
                default -> "n" + rnd.nextInt(4);
            };
        }

        @Override
        public Pong ping() {
            return new Pong("1.6.7", 1);
        }

        @Override
        public String url() {
            return "http://127.0.0.1:1";
        }

        @Override
        public void close() {
        }
    }

    @Test
    void randomAnswersGiveABaselineOrAnUpgradeException() {
        baselineOrUpgradeException(seed -> new BaselineCollector(new Garbage(seed)).collect("g", Instant.EPOCH, (int) (seed % 3), List.of()));
    }

    @Test
    void randomAnswersWithTheDataFingerprintGiveABaselineOrAnUpgradeException() {
        baselineOrUpgradeException(seed -> {
            BaselineCollector.Plan plan = new BaselineCollector.Plan(true, (int) (seed % 3), seed % 2 == 0 ? 86_400_000_000_000L : null,
                    seed % 5 == 0, List.of(), seed % 4 == 0);
            return new BaselineCollector(new Garbage(seed)).collect("g", Instant.parse("2026-11-25T00:00:00Z"), plan);
        });
    }

    /** Seeds 0 to 1999: each collection gives a baseline named "g" or a one-line UpgradeException, and both happen. */
    private static void baselineOrUpgradeException(LongFunction<Baseline> collect) {
        int ok = 0;
        int failed = 0;
        for (long seed = 0; seed < 2000; seed++) {
            try {
                Baseline b = collect.apply(seed);
                assertThat(b.name()).isEqualTo("g");
                io.influxupgrade.commands.Json.line(b);
                ok++;
            } catch (UpgradeException e) {
                assertThat(e.getMessage()).as("seed " + seed).doesNotContain("\n");
                failed++;
            }
        }
        assertThat(ok).isPositive();
        assertThat(failed).isPositive();
    }

    @Test
    void missingBaselineIsNotReady(@TempDir Path dir) {
        assertThatThrownBy(() -> VerifyBaselineCommand.read(dir.resolve("nope.json")))
                .isInstanceOfSatisfying(UpgradeException.class, e -> {
                    assertThat(e.kind()).isEqualTo(UpgradeException.Kind.NOT_READY);
                    assertThat(e.getMessage()).contains("run 'verify baseline' first");
                });
    }

    @Test
    void corruptOrForeignBaselineFilesFail(@TempDir Path dir) throws Exception {
        for (String content : new String[] {"", "{", "[1,2]", "{\"format\":99}", "{\"format\":1,\"databases\":\"x\"}", "\0\1\2"}) {
            Path f = dir.resolve("b.json");
            Files.writeString(f, content);
            assertThatThrownBy(() -> VerifyBaselineCommand.read(f)).as(content)
                    .isInstanceOfSatisfying(UpgradeException.class, e -> {
                        assertThat(e.kind()).isEqualTo(UpgradeException.Kind.FAILED);
                        assertThat(e.getMessage()).doesNotContain("\n").contains(f.toString());
                    });
        }
    }

    @Test
    void writtenBaselineReadsBackEqual(@TempDir Path dir) {
        FakeInfluxServer f = BaselineNormalisationTest.typical();
        f.user("n\nl\\\"", false).grant("n\nl\\\"", "telegraf", "WRITE");
        VerifyBaselineCommand.BaselineSummary s = new VerifyBaselineCommand(
                java.time.Clock.fixed(Instant.parse("2026-11-25T00:00:00Z"), java.time.ZoneOffset.UTC))
                .run(f, new VerifyBaselineCommand.Request(null, 0, dir));
        assertThat(s.name()).isEqualTo("baseline");
        assertThat(s.file()).isEqualTo(dir.resolve("baseline.json").toString());
        Baseline back = VerifyBaselineCommand.read(dir.resolve("baseline.json"));
        assertThat(back.data()).as("the data fingerprint is written and read back").isNotNull();
        assertThat(back).isEqualTo(new BaselineCollector(f).collect("baseline", Instant.parse("2026-11-25T00:00:00Z"),
                new BaselineCollector.Plan(true, 0, null, false, List.of(), false)));
    }

    @Test
    void badBaselineNamesAreUsage(@TempDir Path dir) {
        for (String name : new String[] {"../x", "a/b", ".hidden", "a b", "x".repeat(65)}) {
            assertThatThrownBy(() -> new VerifyBaselineCommand(java.time.Clock.systemUTC())
                    .run(new FakeInfluxServer(), new VerifyBaselineCommand.Request(name, 0, dir)))
                    .isInstanceOfSatisfying(UpgradeException.class, e -> assertThat(e.kind()).isEqualTo(UpgradeException.Kind.USAGE));
        }
    }
}
