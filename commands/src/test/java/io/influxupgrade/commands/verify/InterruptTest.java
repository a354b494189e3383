package io.influxupgrade.commands.verify;

import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.testing.SilentServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Ctrl-C in the shell interrupts the command thread: a request to a server that never answers must end then. */
class InterruptTest {

    @Test
    void anInterruptCancelsARequestThatWouldOtherwiseWaitForTheTimeout() throws Exception {
        try (SilentServer silent = SilentServer.start()) {
            ConnectionSettings settings = new ConnectionSettings(silent.url(), null, false, Duration.ofMinutes(10));
            AtomicReference<Throwable> outcome = new AtomicReference<>();
            Thread command = new Thread(() -> {
                try (InfluxJavaClient c = InfluxJavaClient.open(settings, null)) {
                    c.ping();
                } catch (Throwable t) {
                    outcome.set(t);
                }
            });
            command.start();
            while (!silent.connected()) {
                Thread.sleep(20);
            }
            command.interrupt();
            command.join(Duration.ofMinutes(2).toMillis());

            assertThat(command.isAlive()).as("the request ended long before its 10 minute timeout").isFalse();
            assertThat(outcome.get()).isInstanceOf(UpgradeException.class).hasMessageContaining("ping against")
                    .hasMessageContaining("cancelled");
            silent.closeAccepted();
        }
    }
}
