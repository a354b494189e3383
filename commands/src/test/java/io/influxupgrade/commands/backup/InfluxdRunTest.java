package io.influxupgrade.commands.backup;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A failed influxd run is worded the same by every command that runs one: the command, its exit code, its last line. */
class InfluxdRunTest {

    @Test
    void failureNamesTheCommandTheExitCodeAndTheLastLineOfOutput() {
        Influxd.Run run = new Influxd.Run(List.of("/usr/bin/influxd", "backup", "-portable", "/tmp/x"), 1,
                "2026/12/07 backing up\n2026/12/07 Error: connection refused\n\n");
        assertThat(run.lastLine()).isEqualTo("2026/12/07 Error: connection refused");
        assertThat(run.failure()).isEqualTo("/usr/bin/influxd backup -portable /tmp/x exited with 1: 2026/12/07 Error: connection refused");
    }

    @Test
    void noOutputIsSaid() {
        assertThat(new Influxd.Run(List.of("influxd"), 2, null).lastLine()).isEqualTo("(no output)");
        assertThat(new Influxd.Run(List.of("influxd"), 2, " \n ").lastLine()).isEqualTo("(no output)");
        assertThat(new Influxd.Run(List.of("influxd"), 2, "one line").lastLine()).isEqualTo("one line");
    }
}
