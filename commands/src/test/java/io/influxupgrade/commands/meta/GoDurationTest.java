package io.influxupgrade.commands.meta;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class GoDurationTest {

    /** Expected strings are what Go's time.Duration.String() prints (Go documentation and InfluxDB output). */
    @ParameterizedTest
    @CsvSource({
            "0, 0s",
            "1, 1ns",
            "999, 999ns",
            "1000, 1µs",
            "1500, 1.5µs",
            "1000000, 1ms",
            "1100000, 1.1ms",
            "1000000000, 1s",
            "1500000000, 1.5s",
            "60000000000, 1m0s",
            "3600000000000, 1h0m0s",
            "5400000000000, 1h30m0s",
            "86400000000000, 24h0m0s",
            "604800000000000, 168h0m0s",
            "1209600000000000, 336h0m0s",
            "3601000000001, 1h0m1.000000001s",
            "-1000000000, -1s",
            "9223372036854775807, 2562047h47m16.854775807s",
            "-9223372036854775808, -2562047h47m16.854775808s"
    })
    void formatsLikeGo(long nanos, String expected) {
        assertThat(GoDuration.format(nanos)).isEqualTo(expected);
    }
}
