package io.influxupgrade.commands.verify;

import io.influxupgrade.commands.UpgradeException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GoDurationTest {

    @ParameterizedTest
    @CsvSource({
            "0, 0, 0s",
            "0s, 0, 0s",
            "INF, 0, 0s",
            "1h0m0s, 3600000000000, 1h0m0s",
            "168h0m0s, 604800000000000, 168h0m0s",
            "168h, 604800000000000, 168h0m0s",
            "1h30m, 5400000000000, 1h30m0s",
            "90s, 90000000000, 1m30s",
            "1.5s, 1500000000, 1.5s",
            "500ms, 500000000, 500ms",
            "2us, 2000, 2µs",
            "7ns, 7, 7ns",
            "1m0.25s, 60250000000, 1m0.25s",
    })
    void parsesAndFormatsLikeGo(String text, long nanos, String canonical) {
        assertThat(GoDuration.parse(text)).isEqualTo(nanos);
        assertThat(GoDuration.format(nanos)).isEqualTo(canonical);
        assertThat(GoDuration.canonical(text)).isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "h", "1x", "1.2.3s", "99999999999999999999h", "-"})
    void rejectsNonDurations(String text) {
        assertThatThrownBy(() -> GoDuration.parse(text)).isInstanceOf(UpgradeException.class);
        assertThat(GoDuration.canonical(text)).isEqualTo(text);
    }
}
