package io.influxupgrade.commands.backup;

import io.influxupgrade.commands.session.UpgradeSession;
import io.influxupgrade.commands.testing.InfluxdServer;
import io.influxupgrade.commands.testing.RealInfluxd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which running influxd is the session's service. Found when several test servers ran on one machine: a session
 * without a config file took any influxd on the host for its own and refused a restore into an unrelated empty dir.
 */
@RealInfluxd
class ServiceProbesTest {

    @TempDir
    Path tmp;

    private static UpgradeSession session(Path metaDir, Path config) {
        UpgradeSession s = new UpgradeSession("p", Instant.EPOCH);
        s.setFromVersion("1.3");
        s.setMetaDir(metaDir.toString());
        if (config != null) {
            s.setConfigFile(config.toString());
        }
        return s;
    }

    @Test
    void anInfluxdWhoseConfigNamesAnotherMetaDirIsAnotherInstance(InfluxdServer server) {
        String process = "influxd process " + server.pid() + " ";
        assertThat(ServiceProbes.forSession(session(tmp.resolve("elsewhere"), null)).evidence()).noneMatch(e -> e.startsWith(process));
        // the server on the session's own meta dir is the session's service, with or without the same config file
        assertThat(ServiceProbes.forSession(session(server.metaDir(), null)).evidence()).anyMatch(e -> e.startsWith(process));
        assertThat(ServiceProbes.forSession(session(server.metaDir(), tmp.resolve("old-influxdb.conf"))).evidence())
                .anyMatch(e -> e.startsWith(process));
        assertThat(ServiceProbes.forSession(session(tmp.resolve("elsewhere"), server.configFile())).evidence()).anyMatch(e -> e.startsWith(process));
    }

    @Test
    void theMigratedConfigIsTheSessionsToo(InfluxdServer server) {
        UpgradeSession s = session(tmp.resolve("elsewhere"), tmp.resolve("old-influxdb.conf"));
        assertThat(ServiceProbes.forSession(s).evidence()).noneMatch(e -> e.startsWith("influxd process " + server.pid() + " "));
        s.setMigratedConfig(server.configFile().toString());
        assertThat(ServiceProbes.forSession(s).evidence()).anyMatch(e -> e.startsWith("influxd process " + server.pid() + " "));
    }
}
