package io.influxupgrade.shell.convert;

import io.influxupgrade.commands.InfluxVersion;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.backup.Via;
import io.influxupgrade.commands.meta.MetaShowCommand;
import io.influxupgrade.commands.report.ReportCommand;
import io.influxupgrade.commands.session.SessionPaths;
import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * How option words become the engine's types, each through the engine's own parser, so that an adapter binds typed
 * values and a bad value fails with the engine's usage error (kept by {@link Refusals}; Spring Shell's parser would
 * print only "Failed to convert"). A blank word is no value.
 */
public final class Converters {

    private Converters() {
    }

    /** A converter that parses with the engine and remembers its refusal. */
    abstract static class EngineConverter<T> implements Converter<String, T> {
        private final Refusals refusals;
        private final Function<String, T> parse;

        EngineConverter(Refusals refusals, Function<String, T> parse) {
            this.refusals = refusals;
            this.parse = parse;
        }

        @Override
        public T convert(String source) {
            return refusals.convert(() -> source.isBlank() ? null : parse.apply(source));
        }
    }

    /** A path option: {@code ~} expanded once, the way the engine reads every typed path. */
    @Component
    public static class PathConverter extends EngineConverter<Path> {
        public PathConverter(Refusals refusals) {
            super(refusals, SessionPaths::typed);
        }
    }

    /** {@code --via influxd|native|auto}. */
    @Component
    public static class ViaConverter extends EngineConverter<Via> {
        public ViaConverter(Refusals refusals) {
            super(refusals, Via::parse);
        }
    }

    /** {@code meta show --section WORD}. */
    @Component
    public static class SectionConverter extends EngineConverter<MetaShowCommand.Section> {
        public SectionConverter(Refusals refusals) {
            super(refusals, MetaShowCommand.Section::fromWord);
        }
    }

    /** A VERSION option ({@code --from}, {@code --to}, {@code --version}). */
    @Component
    public static class VersionConverter extends EngineConverter<InfluxVersion> {
        public VersionConverter(Refusals refusals) {
            super(refusals, InfluxVersion::parse);
        }
    }

    /** {@code connect --timeout DURATION}: a positive Go duration ({@code 5s}, {@code 500ms}, {@code 1m}). */
    @Component
    public static class TimeoutConverter extends EngineConverter<java.time.Duration> {
        public TimeoutConverter(Refusals refusals) {
            super(refusals, io.influxupgrade.commands.verify.ConnectCommand::timeout);
        }
    }

    /** {@code shard list --engine tsm1|b1|bz1|unknown}. */
    @Component
    public static class ShardEngineConverter extends EngineConverter<io.influxupgrade.commands.shard.ShardEngine> {
        public ShardEngineConverter(Refusals refusals) {
            super(refusals, io.influxupgrade.commands.shard.ShardEngine::parse);
        }
    }

    /** {@code shard verify --id N}. */
    @Component
    public static class ShardIdConverter extends EngineConverter<io.influxupgrade.commands.shard.ShardId> {
        public ShardIdConverter(Refusals refusals) {
            super(refusals, io.influxupgrade.commands.shard.ShardId::parse);
        }
    }

    /** {@code shard verify --jobs N}. */
    @Component
    public static class JobsConverter extends EngineConverter<io.influxupgrade.commands.shard.ShardVerifyCommand.Jobs> {
        public JobsConverter(Refusals refusals) {
            super(refusals, io.influxupgrade.commands.shard.ShardVerifyCommand.Jobs::parse);
        }
    }

    /**
     * A whole-number option ({@code verify baseline --counts N}); the command checks its range. Spring's own converter
     * would say only "Failed to convert from type [java.lang.String] to type [java.lang.Integer]".
     */
    @Component
    public static class WholeNumberConverter extends EngineConverter<Integer> {
        public WholeNumberConverter(Refusals refusals) {
            super(refusals, word -> {
                try {
                    return Integer.valueOf(word.strip());
                } catch (NumberFormatException e) {
                    throw UpgradeException.usage("expected a whole number, got '" + word + "'");
                }
            });
        }
    }

    /** {@code tsi convert --index tsi1|inmem}. */
    @Component
    public static class SeriesIndexConverter extends EngineConverter<io.influxupgrade.commands.tsi.SeriesIndex> {
        public SeriesIndexConverter(Refusals refusals) {
            super(refusals, io.influxupgrade.commands.tsi.SeriesIndex::parse);
        }
    }

    /** {@code check --include/--exclude a,b}. */
    @Component
    public static class CheckIdsConverter extends EngineConverter<io.influxupgrade.commands.check.CheckIds> {
        public CheckIdsConverter(Refusals refusals) {
            super(refusals, io.influxupgrade.commands.check.CheckIds::parse);
        }
    }

    /** {@code check --to 2.x}, {@code report --to 2.x}. */
    @Component
    public static class V2TargetConverter extends EngineConverter<io.influxupgrade.commands.v2.V2PreflightCommand.Target> {
        public V2TargetConverter(Refusals refusals) {
            super(refusals, io.influxupgrade.commands.v2.V2PreflightCommand.Target::parse);
        }
    }

    /** {@code verify baseline --window 24h|7d|2w|all}. */
    @Component
    public static class PointWindowConverter extends EngineConverter<io.influxupgrade.commands.verify.VerifyBaselineCommand.PointWindow> {
        public PointWindowConverter(Refusals refusals) {
            super(refusals, io.influxupgrade.commands.verify.VerifyBaselineCommand.PointWindow::parse);
        }
    }

    /** {@code report --format md|json}. */
    @Component
    public static class ReportFormatConverter extends EngineConverter<ReportCommand.Format> {
        public ReportFormatConverter(Refusals refusals) {
            super(refusals, word -> switch (word) {
                case "md" -> ReportCommand.Format.MD;
                case "json" -> ReportCommand.Format.JSON;
                default -> throw UpgradeException.usage("report: --format takes md or json, not '" + word + "'");
            });
        }
    }
}
