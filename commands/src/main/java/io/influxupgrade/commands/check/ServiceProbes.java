package io.influxupgrade.commands.check;

import io.influxupgrade.commands.backup.ServiceProbe;
import io.influxupgrade.commands.session.UpgradeSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The service probe for a session: the packaged pid files and the session's HTTP port on loopback. */
public final class ServiceProbes {

    private static final List<Path> PID_FILES = List.of(Path.of("/var/run/influxdb/influxd.pid"), Path.of("/run/influxdb/influxd.pid"));

    private ServiceProbes() {
    }

    public static ServiceProbe forSession(UpgradeSession s) {
        Path pid = PID_FILES.stream().filter(Files::isRegularFile).findFirst().orElse(null);
        return ServiceProbe.system(pid, List.of("127.0.0.1:" + s.httpPort()));
    }
}
