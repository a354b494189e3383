package io.influxupgrade.commands.verify;

import io.influxupgrade.commands.testing.WorkspaceTestBase;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** When {@code verify compare} is offered: only in a session that has a baseline to compare with. */
class VerifyCompareAvailabilityTest extends WorkspaceTestBase {

    @Test
    void noSessionThenNoBaselineThenAvailable() {
        assertThat(VerifyCompareCommand.unavailable(ws)).contains("no session is open");
        newSession("prod", "1.3", null, null, null);
        assertThat(VerifyCompareCommand.unavailable(ws)).isEqualTo("session 'prod' has no baseline yet (run 'verify baseline' first)");
        ws.session().setBaselines(Map.of("before", tmp.resolve("before.json").toString()));
        assertThat(VerifyCompareCommand.unavailable(ws)).isNull();
    }
}
