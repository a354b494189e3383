package io.influxupgrade.shell.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SecretsIT {

    @TempDir
    Path tmp;

    @Test
    void aPasswordTypedInABatchOrTheReplNeverLandsInTheHomeDir() throws Exception {
        Path home = tmp.resolve("home");
        for (String d : new String[] {"meta", "data", "wal"}) {
            Files.createDirectories(tmp.resolve(d));
        }
        String secret = "hunter2-Very-Secret";
        ShellProcess shell = new ShellProcess(home).env("INFLUX_UPGRADE_TERM", "dumb");
        String dirs = "--meta-dir " + tmp.resolve("meta") + " --data-dir " + tmp.resolve("data") + " --wal-dir " + tmp.resolve("wal");
        ShellProcess.Run batch = shell.feed(String.join("\n",
                "session new s1 --from 1.3 " + dirs,
                "session set service-user influx --password " + secret,
                "session set service-user influx --password=" + secret,
                ""), "--keep-going");
        assertThat(batch.exitCode()).isEqualTo(2);
        ShellProcess.Run repl = shell.feed("session set service-user x --password " + secret + "\n", "--interactive");
        assertThat(repl.exitCode()).isZero();

        assertThat(home.resolve("sessions/s1/journal.jsonl")).exists();
        assertThat(home.resolve("history")).exists();
        try (Stream<Path> files = Files.walk(home)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(read(f)).as(f.toString()).doesNotContain(secret);
            }
        }
        assertThat(batch.stderr()).doesNotContain(secret);
    }

    private static String read(Path f) {
        try {
            return new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
