package io.influxupgrade.commands;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class JsonTest {

    record Outcome(String name, Instant at, String absent, int differences) implements Verdict {
        @Override
        public boolean failed() {
            return differences > 0;
        }

        @Override
        public String failureSummary() {
            return differences + " differences";
        }
    }

    @Test
    void verdictsCarryFailedAndTimesAreIsoAndNullsAreLeftOut() {
        String json = Json.line(new Outcome("x", Instant.parse("2026-11-25T10:00:00Z"), null, 2));
        assertThat(json).isEqualTo("{\"name\":\"x\",\"at\":\"2026-11-25T10:00:00Z\",\"differences\":2,\"failed\":true}");
    }
}
