package io.influxupgrade.commands.verify;

import io.influxupgrade.commands.UpgradeException;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Ctrl-C in the shell interrupts the command thread: a request to a server that never answers must end then. */
class InterruptTest {

    @Test
    void anInterruptCancelsARequestThatWouldOtherwiseWaitForTheTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (Exception e) {
                    // closed at the end of the test
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            ConnectionSettings settings = new ConnectionSettings("http://127.0.0.1:" + silent.getLocalPort(), null, false,
                    Duration.ofMinutes(10));
            AtomicReference<Throwable> outcome = new AtomicReference<>();
            Thread command = new Thread(() -> {
                try (InfluxJavaClient c = InfluxJavaClient.open(settings, null)) {
                    c.ping();
                } catch (Throwable t) {
                    outcome.set(t);
                }
            });
            command.start();
            while (accepted.isEmpty()) {
                Thread.sleep(20);
            }
            command.interrupt();
            command.join(Duration.ofMinutes(2).toMillis());

            assertThat(command.isAlive()).as("the request ended long before its 10 minute timeout").isFalse();
            assertThat(outcome.get()).isInstanceOf(UpgradeException.class).hasMessageContaining("ping against")
                    .hasMessageContaining("cancelled");
            for (Socket s : accepted) {
                s.close();
            }
        }
    }
}
