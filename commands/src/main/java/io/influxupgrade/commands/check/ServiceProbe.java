package io.influxupgrade.commands.check;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Is an InfluxDB server running? Looks for an {@code influxd} process (optionally one using a given config
 * or meta dir), and whether a loopback port answers. Injectable so tests can say yes or no.
 */
public interface ServiceProbe {

    /** What was found: the evidence, empty when nothing runs. */
    List<String> evidence(Path metaDir, int httpPort);

    default boolean running(Path metaDir, int httpPort) {
        return !evidence(metaDir, httpPort).isEmpty();
    }

    /** The real machine: /proc and a TCP connect to 127.0.0.1. */
    ServiceProbe SYSTEM = (metaDir, httpPort) -> {
        List<String> ev = new ArrayList<>();
        ProcessHandle.allProcesses().forEach(p -> {
            Optional<String> cmd = p.info().command();
            if (cmd.isPresent() && Path.of(cmd.get()).getFileName().toString().equals("influxd")) {
                String args = p.info().arguments().map(a -> String.join(" ", a)).orElse("");
                if (!args.startsWith("version") && !args.startsWith("config") && !args.startsWith("backup")
                        && !args.startsWith("restore")) {
                    ev.add("influxd process " + p.pid() + " (" + (args.isEmpty() ? cmd.get() : args) + ")");
                }
            }
        });
        for (String pidFile : new String[] {"/var/run/influxdb/influxd.pid", "/run/influxdb/influxd.pid"}) {
            Path f = Path.of(pidFile);
            try {
                if (Files.isRegularFile(f)) {
                    String pid = Files.readString(f, StandardCharsets.US_ASCII).trim();
                    if (!pid.isEmpty() && ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false)) {
                        ev.add("pid file " + f + " names running process " + pid);
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // an unreadable or stale pid file says nothing
            }
        }
        if (httpPort > 0) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", httpPort), 300);
                ev.add("port 127.0.0.1:" + httpPort + " answers");
            } catch (IOException e) {
                // nothing listening
            }
        }
        return ev;
    };
}
