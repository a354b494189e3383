package io.influxupgrade.commands.codec;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one Go-duration codec: what the config, the metastore and the baselines used to parse and print three ways. */
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
        assertThat(GoDuration.parse(expected)).isEqualTo(nanos);
    }

    /** Durations as config files write them (the config reads them with this parser), then signs, bare dots, fractions. */
    @ParameterizedTest(name = "{0} = {1} ns")
    @CsvSource({"1h, 3600000000000", "60m0s, 3600000000000", "1m0s, 60000000000", "500ms, 500000000", "1.5h, 5400000000000",
            "0, 0", "0s, 0", "168h, 604800000000000", "1h30m, 5400000000000", "10us, 10000", "-1s, -1000000000",
            "-0, 0", "+2s, 2000000000", ".5s, 500000000", "1.s, 1000000000", "1.5ns, 1", "10µs, 10000",
            "2h45m30.5s, 9930500000000", "1m1us, 60000001000"})
    void parsesLikeGo(String text, long nanos) {
        assertThat(GoDuration.parse(text)).isEqualTo(nanos);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "600, time: missing unit in duration \"600\"",
            "1d, time: unknown unit \"d\" in duration \"1d\"",
            "2w, time: unknown unit \"w\" in duration \"2w\"",
            "10 s, time: unknown unit \" s\" in duration \"10 s\"",
            "abc, time: invalid duration \"abc\"",
            "1h30, time: missing unit in duration \"1h30\"",
            "1.2.3s, time: missing unit in duration \"1.2.3s\"",
            ".s, time: invalid duration \".s\"",
            "-, time: invalid duration \"-\"",
            "'', time: invalid duration \"\"",
            "99999999999999999999h, time: invalid duration \"99999999999999999999h\"",
            "9223372036854775808ns, time: invalid duration \"9223372036854775808ns\"",
    })
    void refusesWithGosWords(String text, String message) {
        assertThatThrownBy(() -> GoDuration.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource({
            "0, 0, 0s",
            "0s, 0, 0s",
            "INF, 0, 0s",
            "inf, 0, 0s",
            "' 1h ', 3600000000000, 1h0m0s",
            "1h0m0s, 3600000000000, 1h0m0s",
            "168h, 604800000000000, 168h0m0s",
            "90s, 90000000000, 1m30s",
            "2us, 2000, 2µs",
            "1m0.25s, 60250000000, 1m0.25s",
    })
    void readsWhatInfluxDbPrints(String text, long nanos, String canonical) {
        assertThat(GoDuration.parseInflux(text)).isEqualTo(nanos);
        assertThat(GoDuration.canonical(text)).isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "h", "1x", "1.2.3s", "99999999999999999999h", "-", "forever"})
    void leavesNonDurationsAsTheyAre(String text) {
        assertThatThrownBy(() -> GoDuration.parseInflux(text)).isInstanceOf(IllegalArgumentException.class);
        assertThat(GoDuration.canonical(text)).isEqualTo(text);
    }

    @org.junit.jupiter.api.Test
    void theMinimumParsesOnlyNegative() {
        assertThat(GoDuration.parse("-9223372036854775808ns")).isEqualTo(Long.MIN_VALUE);
    }
}
