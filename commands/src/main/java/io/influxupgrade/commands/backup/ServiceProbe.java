package io.influxupgrade.commands.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Tells whether the InfluxDB service still runs: a live PID in its pid file, an answering port, or an
 * {@code influxd} process (other than a backup/restore/version run). Injectable so tests do not depend on what
 * else runs on the machine.
 */
@FunctionalInterface
public interface ServiceProbe {

    /** One line per piece of evidence that the service runs; empty when it is stopped. */
    List<String> evidence();

    /** A probe that always says "stopped" (for tests and for targets no service uses, like a scratch dir). */
    ServiceProbe STOPPED = List::of;

    /** The real probe: {@code pidFile} (may be null), loopback {@code host:port} addresses, and the process table. */
    static ServiceProbe system(Path pidFile, List<String> hostPorts) {
        return () -> {
            List<String> out = new ArrayList<>();
            if (pidFile != null && Files.isRegularFile(pidFile)) {
                try {
                    long pid = Long.parseLong(Files.readString(pidFile).trim());
                    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                        out.add("pid file " + pidFile + " names running process " + pid);
                    }
                } catch (IOException | NumberFormatException ignored) {
                    // an unreadable or stale pid file is no evidence
                }
            }
            for (String hp : hostPorts == null ? List.<String>of() : hostPorts) {
                if (Influxd.answers(hp)) {
                    out.add("port " + hp + " answers");
                }
            }
            ProcessHandle.allProcesses().forEach(p -> {
                String cmd = p.info().command().orElse("");
                String[] args = p.info().arguments().orElse(new String[0]);
                boolean tool = args.length > 0 && List.of("backup", "restore", "version", "config").contains(args[0]);
                if ((cmd.endsWith("/influxd") || cmd.equals("influxd")) && !tool && p.pid() != ProcessHandle.current().pid()) {
                    out.add("influxd process " + p.pid() + " is running");
                }
            });
            return out;
        };
    }
}
