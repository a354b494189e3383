package io.influxupgrade.shell.core;

import io.influxupgrade.commands.UpgradeException;
import org.junit.jupiter.api.Test;
import org.springframework.shell.command.CommandRegistration;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Unnamed words go only to options declared with an arity; everything else is named or refused. */
class ArgumentsTest {

    /** Like {@code meta diff}: two unnamed sources and a boolean flag. */
    private static final CommandRegistration DIFF = CommandRegistration.builder().command("meta", "diff")
            .withOption().longNames("source-a").type(String.class).position(0).arity(0, 1).required().and()
            .withOption().longNames("source-b").type(String.class).position(1).arity(0, 1).required().and()
            .withOption().longNames("strict").type(boolean.class).position(2).arity(0, 1).and()
            .withTarget().consumer(ctx -> { }).and().build();

    /** Like {@code restore metastore}: options that need their names, one required. */
    private static final CommandRegistration RESTORE = CommandRegistration.builder().command("restore", "metastore")
            .withOption().longNames("from").type(String.class).position(0).required().and()
            .withOption().longNames("via").type(String.class).position(1).and()
            .withOption().longNames("dry-run").type(boolean.class).position(2).arity(0, 1).and()
            .withTarget().consumer(ctx -> { }).and().build();

    private static List<String> diff(String... words) {
        return Arguments.normalise("meta diff", 2, List.of(words), DIFF);
    }

    private static List<String> restore(String... words) {
        return Arguments.normalise("restore metastore", 2, List.of(words), RESTORE);
    }

    @Test
    void positionalValuesAreNamedWhereverTheFlagsAre() {
        List<String> expected = List.of("meta", "diff", "--source-a", "A", "--source-b", "B", "--strict");
        assertThat(diff("meta", "diff", "A", "B", "--strict")).isEqualTo(expected);
        assertThat(diff("meta", "diff", "--strict", "A", "B")).isEqualTo(expected);
        assertThat(diff("meta", "diff", "A", "--strict", "B")).isEqualTo(expected);
        assertThat(diff("meta", "diff", "--strict", "false", "A", "B"))
                .isEqualTo(List.of("meta", "diff", "--source-a", "A", "--source-b", "B", "--strict", "false"));
    }

    @Test
    void aNamedPositionalOptionLeavesTheOtherSlotForTheUnnamedWord() {
        assertThat(diff("meta", "diff", "--source-a", "A", "B"))
                .isEqualTo(List.of("meta", "diff", "--source-b", "B", "--source-a", "A"));
    }

    @Test
    void surplusAndStrayWordsAreRefusedByName() {
        assertThatThrownBy(() -> diff("meta", "diff", "A", "B", "extra")).isInstanceOf(UpgradeException.class)
                .hasMessageContaining("meta diff: unexpected argument 'extra'").hasMessageContaining("SOURCE-A SOURCE-B");
        assertThatThrownBy(() -> restore("restore", "metastore", "latest")).isInstanceOf(UpgradeException.class)
                .hasMessageContaining("unexpected argument 'latest'").hasMessageContaining("did you mean --from?");
        assertThatThrownBy(() -> restore("restore", "metastore", "--from", "latest", "--via", "native", "now"))
                .isInstanceOf(UpgradeException.class).hasMessageContaining("unexpected argument 'now'");
    }

    @Test
    void namedValuesAndUnknownOptionsPassUnchanged() {
        List<String> named = List.of("restore", "metastore", "--from", "latest", "--dry-run");
        assertThat(restore(named.toArray(String[]::new))).isEqualTo(named);
        List<String> unknown = List.of("restore", "metastore", "--bogus", "x");
        assertThat(restore(unknown.toArray(String[]::new))).isEqualTo(unknown);
    }
}
