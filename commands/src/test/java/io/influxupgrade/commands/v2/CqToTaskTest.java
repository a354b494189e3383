package io.influxupgrade.commands.v2;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CqToTaskTest {

    @Test
    void aSingleAggregateCqBecomesAFluxTask() {
        CqToTask.Task t = CqToTask.translate("cq_1h", "telegraf", "autogen",
                "CREATE CONTINUOUS QUERY cq_1h ON telegraf BEGIN SELECT mean(usage_idle) AS idle INTO telegraf.\"1year\".cpu_1h FROM cpu "
                        + "WHERE cpu = 'cpu-total' GROUP BY time(1h), host END");
        assertThat(t.complete()).isTrue();
        assertThat(t.flux()).isEqualTo("""
                option task = {name: "cq_1h", every: 1h}

                from(bucket: "telegraf/autogen")
                    |> range(start: -1h)
                    |> filter(fn: (r) => r._measurement == "cpu" and r._field == "usage_idle" and r["cpu"] == "cpu-total")
                    |> group(columns: ["_measurement", "_field", "host"])
                    |> aggregateWindow(every: 1h, fn: mean, createEmpty: false)
                    |> set(key: "_measurement", value: "cpu_1h")
                    |> set(key: "_field", value: "idle")
                    |> to(bucket: "telegraf/1year")
                """);
    }

    @Test
    void groupByStarKeepsEverySeriesAndResampleIsNoted() {
        CqToTask.Task t = CqToTask.translate("c", "db", "rp0",
                "CREATE CONTINUOUS QUERY \"c\" ON \"db\" RESAMPLE EVERY 10m FOR 2h BEGIN SELECT max(\"v\") INTO \"m_max\" FROM \"m\" GROUP BY time(30m), * END");
        assertThat(t.complete()).isTrue();
        assertThat(t.flux()).startsWith("option task = {name: \"c\", every: 10m}").doesNotContain("group(")
                .contains("fn: max").contains("value: \"max\"").contains("to(bucket: \"db/rp0\")");
        assertThat(t.note()).contains("FOR 2h");
    }

    @Test
    void anythingElseGetsASkeletonWithTheQueryQuoted() {
        String q = "CREATE CONTINUOUS QUERY x ON db BEGIN SELECT mean(a) / 2 INTO b FROM c GROUP BY time(1m) END";
        CqToTask.Task t = CqToTask.translate("x", "db", "autogen", q);
        assertThat(t.complete()).isFalse();
        assertThat(t.flux()).contains("// TODO translate by hand").contains("//   " + q).contains("from(bucket: \"db/autogen\")");
        // names that would break out of a Flux string are escaped
        assertThat(CqToTask.str("a\"b${c}")).isEqualTo("\"a\\\"b\\${c}\"");
    }
}
