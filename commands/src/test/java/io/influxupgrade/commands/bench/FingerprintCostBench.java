package io.influxupgrade.commands.bench;

import io.influxupgrade.commands.testing.InfluxdServer;
import io.influxupgrade.commands.verify.ConnectionSettings;
import io.influxupgrade.commands.verify.InfluxJavaClient;
import io.influxupgrade.commands.verify.VerifyBaselineCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the data fingerprint of {@code verify baseline} costs on the real influxd: 5 databases × 20 measurements ×
 * 100,000 points (10 series × 10,000 points a minute apart: ~7 days, 2 shard groups each). Times the baseline
 * without points, with the default 24h window, with 7d and with all, median of 5 each. Not part of the suite:
 * {@code mvn -o -q -pl commands test -Dtest=FingerprintCostBench -Dbench.fingerprint=true -Dsurefire.failIfNoSpecifiedTests=false}
 */
@EnabledIfSystemProperty(named = "bench.fingerprint", matches = "true")
class FingerprintCostBench {

    @TempDir
    Path dir;

    @Test
    void baselineCostWithAndWithoutPoints() {
        try (InfluxdServer server = InfluxdServer.create(dir.resolve("influxd"), InfluxdServer.Options.defaults()).start()) {
            long now = System.currentTimeMillis() / 1000 * 1_000_000_000L;
            long t0 = System.nanoTime();
            for (int d = 0; d < 5; d++) {
                String db = "bench_" + d;
                server.query("CREATE DATABASE " + db);
                for (int m = 0; m < 20; m++) {
                    StringBuilder lines = new StringBuilder();
                    for (int h = 0; h < 10; h++) {
                        for (int i = 0; i < 10_000; i++) {
                            lines.append('m').append(m).append(",host=h").append(h).append(" v=").append(i).append(",w=").append(i)
                                    .append("i ").append(now - (i * 60L + h + 1) * 1_000_000_000L).append('\n');
                            if (lines.length() > 1_000_000) {
                                server.write(db, null, lines.toString());
                                lines.setLength(0);
                            }
                        }
                    }
                    server.write(db, null, lines.toString());
                }
            }
            System.out.printf("fingerprint bench: wrote 10,000,000 points in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            try (InfluxJavaClient client = InfluxJavaClient.open(ConnectionSettings.of(server.url())
                    .withTimeout(java.time.Duration.ofSeconds(60)), null)) {
                String[][] runs = {{"no points", null}, {"24h (default)", "24h"}, {"7d", "7d"}, {"all", "all"}};
                for (String[] run : runs) {
                    List<Long> ms = new ArrayList<>();
                    VerifyBaselineCommand.BaselineSummary s = null;
                    for (int i = 0; i < 6; i++) {
                        long start = System.nanoTime();
                        s = new VerifyBaselineCommand(Clock.systemUTC()).run(client, new VerifyBaselineCommand.Request("b", 0,
                                dir.resolve("baselines"), run[1], run[1] != null));
                        if (i > 0) { // the first run warms the JVM and the server's caches
                            ms.add((System.nanoTime() - start) / 1_000_000);
                        }
                    }
                    Collections.sort(ms);
                    System.out.printf("fingerprint bench: %-14s median %5d ms (runs %s), series %s, measurements %d, counted %d%n",
                            run[0], ms.get(ms.size() / 2), ms, s.series(), s.measurements(), s.pointCounts());
                }
            }
        }
    }
}
