package io.influxupgrade.commands.config;

import io.influxupgrade.commands.config.ConfigFinding.Group;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The engine shared by diff, migrate and validate: walks a parsed old file against the knowledge base and
 * produces findings, the plan of values to carry, and the keys that are dropped (with reasons).
 *
 * <p>This class runs the parts in order and gathers their results; each part reads one thing:
 * {@link SectionCheck} (section headers), {@link KeyEntryAnalysis} (each key line, with {@link UnknownKeyAnalysis} for
 * lines the old version did not read and {@link ValueConstraints} for what the target refuses), {@link AbsentKeys}
 * (what the file does not set), {@link EnvAnalysis} (INFLUXDB_* variables) and {@link ConfigVersionGuess} (which
 * release wrote the file). {@link AnalysisContext} holds what they share.
 */
final class ConfigAnalyzer {

    /** A value to write into the target file. */
    record Carry(String section, Integer index, String key, String literal, String fromKey, int line) {
    }

    /** The outcome of one analysis. */
    record Analysis(List<ConfigFinding> findings, List<EnvOverride> env, List<Carry> carries,
                    List<ConfigMigration.DroppedKey> dropped, List<String> warnings) {
    }

    private final AnalysisContext ctx;

    ConfigAnalyzer(ConfigKnowledge kb, ConfigFile file, int from, int to) {
        this.ctx = new AnalysisContext(kb, file, from, to);
    }

    Analysis run(Map<String, String> env) {
        Map<String, String> e = env == null ? Map.of() : env;
        new SectionCheck(ctx).checkSections();
        KeyEntryAnalysis keys = new KeyEntryAnalysis(ctx);
        for (ConfigFile.Entry entry : orderedEntries()) {
            keys.entry(entry);
        }
        AbsentKeys absent = new AbsentKeys(ctx);
        absent.absentKeys();
        absent.newInTarget();
        absent.requiredKeys(e);
        List<EnvOverride> envs = new EnvAnalysis(ctx).envOverrides(e);
        List<ConfigFinding> out = new ArrayList<>();
        for (Group g : Group.values()) {
            for (AnalysisContext.Draft f : ctx.findings) {
                if (f.group == g) {
                    out.add(f.toRecord());
                }
            }
        }
        return new Analysis(List.copyOf(out), List.copyOf(envs), List.copyOf(ctx.carries), List.copyOf(ctx.dropped),
                List.copyOf(ctx.warnings));
    }

    /**
     * Entries in an order that makes the valid section win when [cluster] and [coordinator] both exist:
     * the one the old version reads is handled last, so its value replaces the other.
     */
    private List<ConfigFile.Entry> orderedEntries() {
        List<ConfigFile.Entry> first = new ArrayList<>();
        List<ConfigFile.Entry> last = new ArrayList<>();
        String winner = ctx.from >= ctx.kb.line("1.0") ? "coordinator" : "cluster";
        for (ConfigFile.Entry en : ctx.file.entries()) {
            (en.section().equals(winner) ? last : first).add(en);
        }
        first.addAll(last);
        return first;
    }

    /** The reason given for a key dropped because it holds the default in both versions (migrate counts them). */
    static final String DEFAULT_REASON = "the default in both versions";

    /** {@code literal}, or a redacted placeholder when {@code key} names a secret or password. */
    static String redact(String key, String literal) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("secret") || k.contains("sercret") || k.contains("password") ? "\"<redacted>\"" : literal;
    }

    /** The release line that fits the file best, or a usage error when several fit equally ({@link ConfigVersionGuess}). */
    static int inferFrom(ConfigKnowledge kb, ConfigFile file) {
        return ConfigVersionGuess.of(kb, file);
    }
}
