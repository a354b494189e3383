package io.influxupgrade.shell.convert;

import io.influxupgrade.commands.InfluxVersion;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.backup.Via;
import io.influxupgrade.commands.check.CheckIds;
import io.influxupgrade.commands.meta.MetaShowCommand;
import io.influxupgrade.commands.report.ReportCommand;
import io.influxupgrade.commands.session.SessionPaths;
import io.influxupgrade.commands.shard.ShardEngine;
import io.influxupgrade.commands.shard.ShardId;
import io.influxupgrade.commands.shard.ShardVerifyCommand;
import io.influxupgrade.commands.tsi.SeriesIndex;
import io.influxupgrade.commands.v2.V2PreflightCommand;
import io.influxupgrade.commands.verify.ConnectCommand;
import io.influxupgrade.commands.verify.VerifyBaselineCommand;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.convert.converter.GenericConverter;
import org.springframework.stereotype.Component;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static java.util.Map.entry;

/**
 * How option words become the engine's types: one table of the engine's own parsers, so that an adapter binds typed
 * values and a bad value fails with the engine's usage error (kept by {@link Refusals}; Spring Shell's parser would
 * print only "Failed to convert"). Both start-up paths read it: Spring Shell through {@link EngineWords}, the path
 * without Spring through {@link #parse}. A blank word is no value. A new option type is one line here.
 */
public final class Converters {

    /** Every option type the adapters bind, and the engine parser of its words. */
    public static final Map<Class<?>, Function<String, ?>> PARSERS = Map.ofEntries(
            entry(Path.class, SessionPaths::typed),                         // ~ expanded once, as the engine reads every typed path
            entry(Via.class, Via::parse),                                   // --via influxd|native|auto
            entry(MetaShowCommand.Section.class, MetaShowCommand.Section::fromWord),
            entry(InfluxVersion.class, InfluxVersion::parse),               // --from, --to, --version
            entry(Duration.class, ConnectCommand::timeout),                 // connect --timeout: a positive Go duration
            entry(ShardEngine.class, ShardEngine::parse),                   // shard list --engine
            entry(ShardId.class, ShardId::parse),                           // shard verify --id
            entry(ShardVerifyCommand.Jobs.class, ShardVerifyCommand.Jobs::parse),
            entry(SeriesIndex.class, SeriesIndex::parse),                   // tsi convert --index
            entry(CheckIds.class, CheckIds::parse),                         // check --include/--exclude a,b
            entry(V2PreflightCommand.Target.class, V2PreflightCommand.Target::parse), // check/report --to 2.x
            entry(VerifyBaselineCommand.PointWindow.class, VerifyBaselineCommand.PointWindow::parse),
            entry(ReportCommand.Format.class, Converters::reportFormat),    // report --format md|json
            entry(Integer.class, Converters::wholeNumber));                 // verify baseline --counts; the command checks the range

    private Converters() {
    }

    /** {@code word} as a value of {@code type} (one of {@link #PARSERS}); null for a blank word; the engine's error otherwise. */
    public static Object parse(Class<?> type, String word) {
        return word == null || word.isBlank() ? null : PARSERS.get(type).apply(word);
    }

    private static ReportCommand.Format reportFormat(String word) {
        return switch (word) {
            case "md" -> ReportCommand.Format.MD;
            case "json" -> ReportCommand.Format.JSON;
            default -> throw UpgradeException.usage("report: --format takes md or json, not '" + word + "'");
        };
    }

    private static Integer wholeNumber(String word) {
        try {
            return Integer.valueOf(word.strip());
        } catch (NumberFormatException e) {
            // Spring's own converter would say only "Failed to convert from type [java.lang.String] to type [java.lang.Integer]"
            throw UpgradeException.usage("expected a whole number, got '" + word + "'");
        }
    }

    /** The one Spring converter: a word to each type of {@link #PARSERS}, a refusal remembered for the error reporter. */
    @Component
    public static class EngineWords implements GenericConverter {
        private final Refusals refusals;

        public EngineWords(Refusals refusals) {
            this.refusals = refusals;
        }

        @Override
        public Set<ConvertiblePair> getConvertibleTypes() {
            return PARSERS.keySet().stream().map(t -> new ConvertiblePair(String.class, t)).collect(Collectors.toSet());
        }

        @Override
        public Object convert(Object source, TypeDescriptor sourceType, TypeDescriptor targetType) {
            return refusals.convert(() -> parse(targetType.getType(), (String) source));
        }
    }
}
