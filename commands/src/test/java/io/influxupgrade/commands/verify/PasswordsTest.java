package io.influxupgrade.commands.verify;

import io.influxupgrade.commands.UpgradeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PasswordsTest {

    @Test
    void fileGivesItsFirstLineWithoutTheNewline(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("pw");
        Files.writeString(f, "s3cr ét\r\nsecond line\n");
        assertThat(new String(Passwords.fromFile(f))).isEqualTo("s3cr ét");
        Files.writeString(f, "no-newline");
        assertThat(new String(Passwords.fromFile(f))).isEqualTo("no-newline");
        Files.writeString(f, "");
        assertThat(Passwords.fromFile(f)).isEmpty();
    }

    @Test
    void badFilesAreOneLineErrorsWithoutContent(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> Passwords.fromFile(dir.resolve("missing")))
                .isInstanceOfSatisfying(UpgradeException.class, e -> assertThat(e.kind()).isEqualTo(UpgradeException.Kind.UNAVAILABLE));
        Path big = dir.resolve("big");
        Files.writeString(big, "secret-".repeat(1000));
        assertThatThrownBy(() -> Passwords.fromFile(big))
                .isInstanceOfSatisfying(UpgradeException.class, e -> assertThat(e.getMessage()).doesNotContain("secret-"));
        Path bin = dir.resolve("bin");
        Files.write(bin, new byte[] {(byte) 0xff, (byte) 0xfe, 's'});
        assertThatThrownBy(() -> Passwords.fromFile(bin))
                .isInstanceOfSatisfying(UpgradeException.class, e -> assertThat(e.kind()).isEqualTo(UpgradeException.Kind.USAGE));
    }

    @Test
    void envVariable() {
        assertThat(Passwords.fromEnv(Map.of("INFLUX_PASSWORD", "p"))).containsExactly('p');
        assertThat(Passwords.fromEnv(Map.of())).isNull();
    }
}
