package io.influxupgrade.commands.verify;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InfluxQlTest {

    @Test
    void identAlwaysQuotesAndEscapesWithBackslashes() {
        assertThat(InfluxQl.ident("cpu")).isEqualTo("\"cpu\"");
        assertThat(InfluxQl.ident("my \"db\"")).isEqualTo("\"my \\\"db\\\"\"");
        assertThat(InfluxQl.ident("back\\slash")).isEqualTo("\"back\\\\slash\"");
        assertThat(InfluxQl.ident("new\nline")).isEqualTo("\"new\\nline\"");
        assertThat(InfluxQl.ident("it's ünï😀")).isEqualTo("\"it's ünï😀\"");
    }

    @Test
    void identRoundTripsThroughTheFakeParser() {
        for (String name : new String[] {"a", "a\"b", "a\\b", "a\nb", "\\\"\n", "😀 ü", "a; b", "'"}) {
            assertThat(FakeInfluxServer.unquote(InfluxQl.ident(name))).isEqualTo(name);
        }
    }

    @Test
    void literalEscapesSingleQuotes() {
        assertThat(InfluxQl.literal("it's")).isEqualTo("'it\\'s'");
        assertThat(InfluxQl.literal("a\\b")).isEqualTo("'a\\\\b'");
    }

    @Test
    void displayIsOneLine() {
        assertThat(InfluxQl.display("a\nb\rc\td")).isEqualTo("\"a\\nb\\u000dc\\u0009d\"").doesNotContain("\n", "\r", "\t");
    }
}
