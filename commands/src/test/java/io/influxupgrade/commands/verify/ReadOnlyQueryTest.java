package io.influxupgrade.commands.verify;

import io.influxupgrade.commands.UpgradeException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadOnlyQueryTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "SHOW DATABASES",
            "show retention policies on \"db\"",
            "  \n\tSelect * from cpu",
            "EXPLAIN SELECT count(*) FROM m",
            "explain analyze select * from m",
            "-- a comment; DROP DATABASE x\nSHOW USERS",
            "/* DROP; INTO */ SHOW USERS",
            "SHOW DATABASES;",
            "SHOW DATABASES ;  -- done",
            "SELECT \"into\" FROM \"a;b\"",
            "SELECT * FROM m WHERE t = 'x; DROP DATABASE y'",
            "SELECT * FROM m WHERE t = 'it\\'s; into'",
            "SELECT * FROM /in;to/",
            "SELECT * FROM m WHERE host =~ /a;b into/",
            "SELECT \"a\\\"; DROP\" FROM m",
    })
    void allowsOneReadOnlyStatement(String q) {
        String checked = ReadOnlyQuery.check(q);
        assertThat(checked).doesNotEndWith(";");
        assertThat(q.strip()).startsWith(checked);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "DROP DATABASE x",
            "drop measurement m",
            "CREATE USER u WITH PASSWORD 'p'",
            "GRANT ALL ON db TO u",
            "DELETE FROM m",
            "ALTER RETENTION POLICY r ON d DURATION 1h",
            "KILL QUERY 1",
            "SHOW DATABASES; DROP DATABASE x",
            "SELECT * FROM m; SELECT * FROM n",
            "SELECT * INTO other FROM m",
            "select mean(v) into \"x\".\"y\".m from m group by time(1h)",
            "EXPLAIN ANALYZE SELECT * INTO x FROM m",
            "-- SHOW DATABASES\nDROP DATABASE x",
            "/* SELECT */ DROP DATABASE x",
            "SHOW DATABASES /* unterminated",
            "SELECT * FROM m WHERE t = 'open",
            "",
            "   ",
            ";",
    })
    void refusesEverythingElseAsUsage(String q) {
        assertThatThrownBy(() -> ReadOnlyQuery.check(q))
                .isInstanceOfSatisfying(UpgradeException.class, e -> {
                    assertThat(e.kind()).isEqualTo(UpgradeException.Kind.USAGE);
                    assertThat(e.getMessage()).startsWith("query: ").doesNotContain("\n");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"DROP DATABASE x", "SELECT * INTO y FROM m", "SHOW USERS; DROP USER a"})
    void refusedQueriesNeverReachTheServer(String q) {
        FakeInfluxServer f = new FakeInfluxServer();
        assertThatThrownBy(() -> new QueryCommand().run(f, new QueryCommand.Request(q, null)))
                .isInstanceOf(UpgradeException.class);
        assertThat(f.requests).isEqualTo(List.of());
    }
}
