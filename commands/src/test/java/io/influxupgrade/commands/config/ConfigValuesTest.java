package io.influxupgrade.commands.config;

import io.influxupgrade.commands.config.ConfigKnowledge.Type;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigValuesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"7d, 168h", "1w, 168h", "1d12h, 36h", "10s,", "1.5d, 36h"})
    void daysAndWeeksRewriteToHours(String text, String hours) {
        assertThat(ConfigValues.rewriteDaysWeeks(text)).isEqualTo(hours);
    }

    @ParameterizedTest(name = "{0} = {1} bytes")
    @CsvSource({"1g, 1073741824", "1G, 1073741824", "25m, 26214400", "512k, 524288", "1048576, 1048576", "48m, 50331648"})
    void sizes(String text, long bytes) {
        assertThat(ConfigValues.parseSize(text)).isEqualTo(bytes);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({"1gb", "1.5m", "1t", "-1", "m", "''", "99999999999999999999"})
    void badSizes(String text) {
        assertThatThrownBy(() -> ConfigValues.parseSize(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"DURATION", "SIZE", "INT", "BOOL", "STRING", "ARRAY", "FLOAT"})
    void wrongTypesAreReported(Type type) {
        Object wrong = switch (type) {
            case DURATION -> 600L;
            case SIZE -> 1.5;
            case INT -> "10";
            case BOOL -> "yes";
            case STRING -> 8086L;
            case ARRAY -> "a,b";
            case FLOAT -> "0.5";
        };
        assertThat(ConfigValues.problem(wrong, type, false)).isNotNull();
    }

    @org.junit.jupiter.api.Test
    void equalMeaningComparesEqual() {
        assertThat(ConfigValues.same("1h", "60m0s", Type.DURATION, false)).isTrue();
        assertThat(ConfigValues.same("1g", 1073741824L, Type.SIZE, false)).isTrue();
        assertThat(ConfigValues.same("25m", 26214400L, Type.SIZE, false)).isTrue();
        assertThat(ConfigValues.same("10s", "11s", Type.DURATION, false)).isFalse();
        assertThat(ConfigValues.same(0L, "0s", Type.DURATION, false)).isTrue();
    }

    @org.junit.jupiter.api.Test
    void literalsAreValidToml() {
        assertThat(ConfigValues.literal("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
        assertThat(ConfigValues.literal(java.util.List.of("x", "y"))).isEqualTo("[\"x\", \"y\"]");
        assertThat(ConfigValues.literal(0.6)).isEqualTo("0.6");
    }
}
