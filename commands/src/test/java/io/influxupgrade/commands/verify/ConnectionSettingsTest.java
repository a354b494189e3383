package io.influxupgrade.commands.verify;

import io.influxupgrade.commands.Json;
import io.influxupgrade.commands.UpgradeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionSettingsTest {

    @ParameterizedTest
    @CsvSource({
            ":8086, false, http://127.0.0.1:8086",
            ":8086, true, https://127.0.0.1:8086",
            "0.0.0.0:9999, false, http://127.0.0.1:9999",
            "[::]:8086, false, http://127.0.0.1:8086",
            "127.0.0.1:8087, false, http://127.0.0.1:8087",
            "localhost:8086, false, http://localhost:8086",
            "[::1]:8086, false, http://[::1]:8086",
    })
    void defaultUrlFromBindAddressIsLoopback(String bind, boolean https, String url) {
        assertThat(ConnectionSettings.defaultUrl(bind, https)).isEqualTo(url);
    }

    @Test
    void noBindAddressMeansTheStandardPort() {
        assertThat(ConnectionSettings.defaultUrl(null, false)).isEqualTo("http://127.0.0.1:8086");
        assertThat(ConnectionSettings.defaultUrl("", false)).isEqualTo("http://127.0.0.1:8086");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.1.2.3:8086", "influx.example.com:8086", "8086", ":0", ":99999", "[::1:8086"})
    void neverGuessesANonLoopbackUrl(String bind) {
        assertThatThrownBy(() -> ConnectionSettings.defaultUrl(bind, false))
                .isInstanceOfSatisfying(UpgradeException.class, e -> assertThat(e.kind()).isEqualTo(UpgradeException.Kind.USAGE));
    }

    @Test
    void urlIsNormalisedAndDefaultsApply() {
        ConnectionSettings s = new ConnectionSettings("HTTP://127.0.0.1:8086/", "", false, null);
        assertThat(s.url()).isEqualTo("http://127.0.0.1:8086");
        assertThat(s.username()).isNull();
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(ConnectionSettings.of(null).url()).isEqualTo("http://127.0.0.1:8086");
        assertThat(ConnectionSettings.of("https://db.local").url()).isEqualTo("https://db.local:8086");
    }

    @Test
    void credentialsInTheUrlAreRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> ConnectionSettings.of("http://admin:s3cret-pw@127.0.0.1:8086"))
                .isInstanceOfSatisfying(UpgradeException.class, e -> {
                    assertThat(e.kind()).isEqualTo(UpgradeException.Kind.USAGE);
                    assertThat(e.getMessage()).doesNotContain("s3cret-pw").contains("--password-file");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://127.0.0.1", "127.0.0.1:8086", "http://", "http://h:8086/?q=1", "http://h h"})
    void badUrlsAreUsageErrors(String url) {
        assertThatThrownBy(() -> ConnectionSettings.of(url))
                .isInstanceOfSatisfying(UpgradeException.class, e -> assertThat(e.kind()).isEqualTo(UpgradeException.Kind.USAGE));
    }

    @Test
    void nonPositiveTimeoutIsUsage() {
        assertThatThrownBy(() -> ConnectionSettings.of(null).withTimeout(Duration.ZERO)).isInstanceOf(UpgradeException.class);
    }

    @Test
    void requestToStringAndJsonHaveNoPassword() {
        char[] pw = "hunter2-secret".toCharArray();
        ConnectCommand.Request r = new ConnectCommand.Request(ConnectionSettings.of(null).withUser("admin"), pw);
        assertThat(r.toString()).doesNotContain("hunter2").contains("(hidden)");
        assertThat(Json.line(r.settings())).doesNotContain("hunter2").doesNotContain("password");
    }
}
