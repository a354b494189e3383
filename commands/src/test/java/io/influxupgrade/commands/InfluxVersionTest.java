package io.influxupgrade.commands;

import io.influxupgrade.commands.session.UpgradePath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InfluxVersionTest {

    @ParameterizedTest
    @CsvSource({"0.11.1,0,11,1", "1.4,1,4,0", "v1.6.7~rc0,1,6,7", "1.8.10,1,8,10", "0.10.0-beta1,0,10,0"})
    void parses(String text, int major, int minor, int patch) {
        assertThat(InfluxVersion.parse(text)).isEqualTo(new InfluxVersion(major, minor, patch));
    }

    @Test
    void rejectsUnknownAndUnsupported() {
        assertThatThrownBy(() -> InfluxVersion.parse("1.x")).isInstanceOf(UpgradeException.class);
        assertThatThrownBy(() -> InfluxVersion.parse("0.9.6")).hasMessageContaining("not supported");
        assertThatThrownBy(() -> InfluxVersion.parse("2.0")).hasMessageContaining("not supported");
    }

    @Test
    void upgradePathFollowsTheOfficialDocument() {
        assertThat(UpgradePath.of(InfluxVersion.parse("0.10"), InfluxVersion.V1_4)).isEqualTo(UpgradePath.RAFT_ERA);
        assertThat(UpgradePath.of(InfluxVersion.parse("0.11.1"), InfluxVersion.V1_4)).isEqualTo(UpgradePath.RAFT_ERA);
        assertThat(UpgradePath.of(InfluxVersion.parse("0.12"), InfluxVersion.V1_4)).isEqualTo(UpgradePath.META_DB);
        assertThat(UpgradePath.of(InfluxVersion.parse("1.3.9"), InfluxVersion.V1_4)).isEqualTo(UpgradePath.META_DB);
        assertThat(UpgradePath.of(InfluxVersion.V1_4, InfluxVersion.V1_4)).isEqualTo(UpgradePath.NONE);
        assertThat(UpgradePath.META_DB.label(InfluxVersion.parse("1.5"))).isEqualTo("0.12–1.3 → 1.5");
    }
}
