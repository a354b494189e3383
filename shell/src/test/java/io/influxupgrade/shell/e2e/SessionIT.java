package io.influxupgrade.shell.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.influxupgrade.commands.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class SessionIT {

    @TempDir
    Path tmp;
    Path home;
    ShellProcess shell;

    @BeforeEach
    void setUp() throws Exception {
        home = tmp.resolve("home");
        for (String d : new String[] {"meta", "data", "wal"}) {
            Files.createDirectories(tmp.resolve("influx").resolve(d));
        }
        Files.writeString(tmp.resolve("influxdb.conf"), """
                [meta]
                  dir = "%s"
                [data]
                  dir = "%s"
                  wal-dir = "%s"
                """.formatted(tmp.resolve("influx/meta"), tmp.resolve("influx/data"), tmp.resolve("influx/wal")));
        shell = new ShellProcess(home);
    }

    @Test
    void sessionCreatedInOneProcessIsReopenedByTheNext() {
        ShellProcess.Run created = shell.run("session", "new", "prod", "--from", "0.11.1",
                "--config", tmp.resolve("influxdb.conf").toString());
        assertThat(created.exitCode()).as(created.stderr()).isZero();

        ShellProcess.Run shown = shell.run("--format", "json", "session", "show");
        assertThat(shown.exitCode()).as(shown.stderr()).isZero();
        JsonNode s = json(shown.stdout());
        assertThat(s.get("name").asText()).isEqualTo("prod");
        assertThat(s.get("from").asText()).isEqualTo("0.11.1");
        assertThat(s.get("to").asText()).isEqualTo("1.4");
        assertThat(s.get("upgradePath").asText()).isEqualTo("0.10/0.11 → 1.4");
        assertThat(s.get("metaDir").asText()).isEqualTo(tmp.resolve("influx/meta").toString());
        assertThat(s.get("walDir").asText()).isEqualTo(tmp.resolve("influx/wal").toString());
    }

    @Test
    void missingPathNamesTheOptionToSet() throws Exception {
        Files.writeString(tmp.resolve("nometa.conf"), "[data]\n  dir = \"/tmp\"\n  wal-dir = \"/tmp\"\n");
        ShellProcess.Run r = shell.run("session", "new", "x", "--from", "1.3", "--config", tmp.resolve("nometa.conf").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr().strip()).startsWith("error: session new: the meta dir is unknown: set --meta-dir")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void corruptSessionFileIsReportedAndLeftUntouched() throws Exception {
        assertThat(shell.run("session", "new", "prod", "--from", "1.3", "--config", tmp.resolve("influxdb.conf").toString()).exitCode()).isZero();
        Path file = home.resolve("sessions/prod/session.json");
        byte[] garbage = "{\"name\": \"prod\", \"fromVersion\": [1,2".getBytes(StandardCharsets.UTF_8);
        Files.write(file, garbage);

        ShellProcess.Run r = shell.run("session", "show");

        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.stderr().strip()).contains("session file " + file + " is corrupt").contains("left untouched")
                .doesNotContain("\tat ");
        assertThat(Files.readAllBytes(file)).isEqualTo(garbage);
    }

    @Test
    void secondShellOnTheSameSessionIsRefused() throws Exception {
        assertThat(shell.run("session", "new", "prod", "--from", "1.3", "--config", tmp.resolve("influxdb.conf").toString()).exitCode()).isZero();
        Process first = shell.start();
        try {
            OutputStream stdin = first.getOutputStream();
            stdin.write("session show\n".getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            BufferedReader out = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.contains("session:")) {
                // wait until the first shell has opened (and locked) the session
            }
            assertThat(line).as("first shell printed the session").isNotNull();

            ShellProcess.Run second = shell.run("session", "show");

            assertThat(second.exitCode()).isEqualTo(3);
            assertThat(second.stderr()).contains("session 'prod' is open in another shell (pid " + first.pid() + ")");
        } finally {
            first.getOutputStream().close();
            first.waitFor(30, TimeUnit.SECONDS);
            first.destroyForcibly();
        }
        assertThat(shell.run("session", "show").exitCode()).as("lock released when the first shell ended").isZero();
    }

    static JsonNode json(String line) {
        try {
            return Json.mapper().readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}
