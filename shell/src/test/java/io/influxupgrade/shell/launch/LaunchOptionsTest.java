package io.influxupgrade.shell.launch;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LaunchOptionsTest {

    @Test
    void globalOptionsThenTheCommand() {
        LaunchOptions o = LaunchOptions.parse(new String[] {"--home", "/h", "--format=json", "session", "show", "--format", "x"},
                Map.of(), true);
        assertThat(o.home()).isEqualTo(Path.of("/h"));
        assertThat(o.json()).isTrue();
        assertThat(o.command()).containsExactly("session", "show", "--format", "x");
        assertThat(o.mode()).isEqualTo(LaunchOptions.Mode.COMMAND);
    }

    @Test
    void modeFollowsStdinAndScript() {
        assertThat(LaunchOptions.parse(new String[] {}, Map.of(), true).mode()).isEqualTo(LaunchOptions.Mode.INTERACTIVE);
        assertThat(LaunchOptions.parse(new String[] {}, Map.of(), false).mode()).isEqualTo(LaunchOptions.Mode.STDIN);
        assertThat(LaunchOptions.parse(new String[] {"-i"}, Map.of(), false).mode()).isEqualTo(LaunchOptions.Mode.INTERACTIVE);
        assertThat(LaunchOptions.parse(new String[] {"--script", "f"}, Map.of(), true).mode()).isEqualTo(LaunchOptions.Mode.SCRIPT);
    }

    @Test
    void homeFromEnvAndColourRules() {
        LaunchOptions o = LaunchOptions.parse(new String[] {}, Map.of("INFLUX_UPGRADE_HOME", "/e", "NO_COLOR", "1"), true);
        assertThat(o.home()).isEqualTo(Path.of("/e"));
        assertThat(o.noColor()).isTrue();
        assertThat(LaunchOptions.parse(new String[] {}, Map.of("TERM", "dumb"), true).noColor()).isTrue();
        assertThat(LaunchOptions.parse(new String[] {}, Map.of("NO_COLOR", ""), true).noColor()).isFalse();
    }

    @Test
    void badGlobalOptionsAreUsageErrors() {
        assertThatThrownBy(() -> LaunchOptions.parse(new String[] {"--format", "xml"}, Map.of(), true)).hasMessageContaining("text or json");
        assertThatThrownBy(() -> LaunchOptions.parse(new String[] {"--bogus"}, Map.of(), true)).hasMessageContaining("unknown global option");
        assertThatThrownBy(() -> LaunchOptions.parse(new String[] {"--home"}, Map.of(), true)).hasMessageContaining("needs a value");
    }
}
