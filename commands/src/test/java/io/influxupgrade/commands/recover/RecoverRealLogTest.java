package io.influxupgrade.commands.recover;

import io.influxupgrade.commands.InfluxVersion;

import io.influxupgrade.commands.session.SessionNewCommand;
import io.influxupgrade.commands.session.Workspace;
import io.influxupgrade.commands.testing.InfluxdServer;
import io.influxupgrade.commands.testing.RealInfluxd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The log pattern matches what the real influxd prints when it refuses a meta dir that still holds raft.db. */
@RealInfluxd
class RecoverRealLogTest {

    @TempDir
    Path tmp;

    @Test
    void theRealRaftDbStartUpErrorSelectsTheRaftDbPlaybook(InfluxdServer server) throws Exception {
        server.stop();
        Files.write(server.metaDir().resolve("raft.db"), new byte[0]); // only its existence is checked
        InfluxdServer.ProcessResult run = InfluxdServer.ProcessResult.run(List.of(InfluxdServer.findInfluxd().orElseThrow().toString(),
                "run", "-config", server.configFile().toString()), Duration.ofSeconds(20));
        assertThat(run.exitCode()).as(run.output()).isNotZero();
        Path log = Files.writeString(tmp.resolve("influxd.log"), run.output());

        try (Workspace ws = new Workspace(tmp.resolve("home"), Clock.systemUTC())) {
            Files.createDirectories(tmp.resolve("empty-meta"));
            new SessionNewCommand().run(ws, new SessionNewCommand.Request("r", InfluxVersion.parse("0.11.1"), InfluxVersion.V1_4, null, tmp.resolve("empty-meta"),
                    server.dataDir(), server.walDir(), System.getProperty("user.name"), null, null));
            RecoverCommand.Recovery r = new RecoverCommand(tmp, x -> List.of()).run(ws, null, log);
            assertThat(r.detected()).isEqualTo("raft-db-detected");
            assertThat(r.matches().get(0).evidence()).anySatisfy(e -> assertThat(e).contains("detected").contains("raft.db"));
        }
    }
}
