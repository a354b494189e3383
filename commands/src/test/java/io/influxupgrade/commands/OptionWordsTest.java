package io.influxupgrade.commands;

import io.influxupgrade.commands.check.CheckIds;
import io.influxupgrade.commands.shard.ShardEngine;
import io.influxupgrade.commands.shard.ShardId;
import io.influxupgrade.commands.shard.ShardVerifyCommand;
import io.influxupgrade.commands.tsi.SeriesIndex;
import io.influxupgrade.commands.v2.V2PreflightCommand;
import io.influxupgrade.commands.verify.VerifyBaselineCommand;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The engine's parsers of option words (the shell's converters call them): what each accepts, and the usage error otherwise. */
class OptionWordsTest {

    @Test
    void shardWords() {
        assertThat(ShardEngine.parse(" bz1 ")).isEqualTo(ShardEngine.BZ1);
        assertThat(ShardEngine.UNKNOWN.word()).isEqualTo("unknown");
        assertThat(ShardId.parse("42").value()).isEqualTo(42L);
        assertThat(new ShardVerifyCommand.Jobs(3)).isEqualTo(ShardVerifyCommand.Jobs.parse("3"));
        for (String bad : new String[] {"0", "-1", "1.5", "x", "99999999999999999999"}) {
            assertThatThrownBy(() -> ShardId.parse(bad)).isInstanceOf(UpgradeException.class)
                    .satisfies(e -> assertThat(((UpgradeException) e).kind()).isEqualTo(UpgradeException.Kind.USAGE));
        }
        assertThat(ShardId.parse("2147483648").value()).isEqualTo(2147483648L); // shard ids are uint64 in InfluxDB
        for (String bad : new String[] {"0", "-1", "1.5", "x", "2147483648"}) {
            assertThatThrownBy(() -> ShardVerifyCommand.Jobs.parse(bad)).hasMessage("--jobs must be a whole number of at least 1, got '" + bad + "'");
        }
        assertThatThrownBy(() -> ShardEngine.parse("TSM1")).hasMessageContaining("unknown engine 'TSM1'");
    }

    @Test
    void indexAndTargetWords() {
        assertThat(SeriesIndex.parse("inmem")).isEqualTo(SeriesIndex.INMEM);
        assertThat(SeriesIndex.TSI1.word()).isEqualTo("tsi1");
        assertThatThrownBy(() -> SeriesIndex.parse("tsi")).hasMessageContaining("takes tsi1 or inmem, not 'tsi'");
        for (String ok : new String[] {"2.x", "2", "2.7"}) {
            assertThat(V2PreflightCommand.Target.parse(ok).word()).isEqualTo(ok);
        }
        for (String bad : new String[] {"1.8", "3.x", "x"}) {
            assertThatThrownBy(() -> V2PreflightCommand.Target.parse(bad)).hasMessageContaining("--to takes 2.x here");
        }
    }

    @Test
    void pointWindows() {
        for (String ok : new String[] {"7d", "2w", "36h", "90m", "all", "ALL"}) {
            assertThat(VerifyBaselineCommand.PointWindow.parse(" " + ok + " ").text()).isEqualTo(ok);
        }
        assertThatThrownBy(() -> VerifyBaselineCommand.PointWindow.parse("week")).hasMessage("--window week: not a duration (e.g. 24h, 7d, 2w, or all)");
        assertThatThrownBy(() -> VerifyBaselineCommand.PointWindow.parse("0s")).hasMessageContaining("must be positive");
    }

    @Test
    void checkIdsKeepTheTypedOrderAndIgnoreBlanks() {
        assertThat(CheckIds.parse(" b.two, a.one ,,b.two").ids()).containsExactly("b.two", "a.one");
        assertThat(CheckIds.parse(",").ids()).isEmpty();
        assertThat(CheckIds.orNone(null)).isEqualTo(CheckIds.NONE);
    }
}
