package io.influxupgrade.commands.verify;

import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.testing.WorkspaceTestBase;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code query} judges the statement before it connects: a write never reaches the point of asking for a password. */
class QueryBeforeConnectTest extends WorkspaceTestBase {

    @Test
    void aWriteIsRefusedBeforeAnyConnection() {
        newSession("prod", "1.3", null, null, null);
        AtomicInteger asked = new AtomicInteger();
        try (LiveConnection live = new LiveConnection()) {
            SessionConnection conn = new SessionConnection(ws, live, (user, file) -> {
                asked.incrementAndGet();
                return null;
            });
            assertThatThrownBy(() -> new QueryCommand().run(conn, new QueryCommand.Request("DROP DATABASE telegraf", null)))
                    .isInstanceOf(UpgradeException.class).hasMessageContaining("read-only");
            // a read-only statement goes on to the connection, which this session does not have
            assertThatThrownBy(() -> new QueryCommand().run(conn, new QueryCommand.Request("SHOW DATABASES", null)))
                    .isInstanceOf(UpgradeException.class).hasMessageNotContaining("read-only");
        }
        assertThat(asked).hasValue(0);
    }
}
