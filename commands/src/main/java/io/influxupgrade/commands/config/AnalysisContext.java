package io.influxupgrade.commands.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.influxupgrade.commands.config.ConfigFinding.Group;
import io.influxupgrade.commands.config.ConfigFinding.Severity;
import io.influxupgrade.commands.config.ConfigKnowledge.KeyDef;
import io.influxupgrade.commands.config.ConfigKnowledge.Rule;
import io.influxupgrade.commands.config.ConfigKnowledge.SectionDef;
import io.influxupgrade.commands.config.ConfigKnowledge.Type;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the parts of one {@link ConfigAnalyzer} run share: the old file, the knowledge base read across one hop (from
 * release line {@code from} to line {@code to}: where a section or key goes, why one is gone) and what the analysis
 * collects (findings, values to carry, dropped keys, warnings). Each part ({@link SectionCheck}, {@link KeyEntryAnalysis},
 * {@link UnknownKeyAnalysis}, {@link AbsentKeys}, {@link EnvAnalysis}) extends it and shares the same collections, so
 * that each reads like the one analysis it is part of.
 */
class AnalysisContext {

    /** A finding being written: later checks of the same key may raise its severity and add advice. */
    static final class Draft {
        Group group;
        Severity severity;
        String key;
        Integer line;
        String oldValue;
        String targetKey;
        String targetValue;
        String advice;

        Draft(Group group, Severity severity, String key, Integer line, String oldValue, String targetKey,
          String targetValue, String advice) {
            this.group = group;
            this.severity = severity;
            this.key = key;
            this.line = line;
            this.oldValue = oldValue;
            this.targetKey = targetKey;
            this.targetValue = targetValue;
            this.advice = advice;
        }

        void more(Severity s, String text) {
            if (s.ordinal() < severity.ordinal()) {
                severity = s;
            }
            advice = advice == null || advice.isEmpty() ? text : advice + "; " + text;
        }

        ConfigFinding toRecord() {
            return new ConfigFinding(group, severity, key, line, oldValue, targetKey, targetValue, advice);
        }
    }

    final ConfigKnowledge kb;
    final ConfigFile file;
    final int from;
    final int to;
    final String fromName;
    final String toName;
    final List<Draft> findings;
    final List<ConfigAnalyzer.Carry> carries;
    final List<ConfigMigration.DroppedKey> dropped;
    final List<String> warnings;
    final Set<String> carriedIds;

    /** A new analysis of {@code file} from line {@code from} to line {@code to}, nothing collected yet. */
    AnalysisContext(ConfigKnowledge kb, ConfigFile file, int from, int to) {
        this.kb = kb;
        this.file = file;
        this.from = from;
        this.to = to;
        this.fromName = kb.lineName(from);
        this.toName = kb.lineName(to);
        this.findings = new ArrayList<>();
        this.carries = new ArrayList<>();
        this.dropped = new ArrayList<>();
        this.warnings = new ArrayList<>();
        this.carriedIds = new HashSet<>();
    }

    /** Another part of the same analysis: it sees the same file and hop and adds to the same collections. */
    AnalysisContext(AnalysisContext shared) {
        this.kb = shared.kb;
        this.file = shared.file;
        this.from = shared.from;
        this.to = shared.to;
        this.fromName = shared.fromName;
        this.toName = shared.toName;
        this.findings = shared.findings;
        this.carries = shared.carries;
        this.dropped = shared.dropped;
        this.warnings = shared.warnings;
        this.carriedIds = shared.carriedIds;
    }

    // ---------------------------------------------------------------- where things go across the hop

    /** [cluster] was renamed [coordinator] in 1.0: the name the target reads. */
    String targetSection(String section) {
        if (section.equals("cluster") && to >= kb.line("1.0")) {
            return "coordinator";
        }
        if (section.equals("coordinator") && to < kb.line("1.0")) {
            return "cluster";
        }
        return section;
    }

    /** Where an old key goes in the target: its renamed place if a rename rule applies in the hop, else the same key. */
    String[] mapKey(KeyDef oldDef) {
        for (Rule r : kb.rules()) {
            if (r.kind().equals("renamed") && !r.typo() && oldDef.fullName().equals(r.from())
                    && from < r.in() && r.in() <= to) {
                return split(r.to());
            }
        }
        return new String[] {targetSection(oldDef.section()), oldDef.key()};
    }

    static String[] split(String full) {
        int dot = full.lastIndexOf('.');
        return dot < 0 ? new String[] {"", full} : new String[] {full.substring(0, dot), full.substring(dot + 1)};
    }

    /** Why a key of the old file has no place in the target. */
    String removedReason(KeyDef oldDef, String[] target) {
        SectionDef ts = kb.section(target[0]);
        if (ts != null && !ts.existsAt(to)) {
            if (to >= ts.until() && ts.removedReason() != null) {
                return "section [" + target[0] + "]: " + ts.removedReason();
            }
            return "section [" + target[0] + "] is not known to " + toName;
        }
        KeyDef any = kb.anyKey(target[0], target[1]);
        if (any != null && to < any.since()) {
            return "added in " + lineOf(any.since()) + ", unknown to " + toName;
        }
        if (oldDef.removedReason() != null) {
            return oldDef.removedReason();
        }
        return "not a " + toName + " key";
    }

    /** Whether a rule's {@code when} (absent, null or "any": always) matches {@code value}. */
    static boolean matches(JsonNode when, Object value, Type type) {
        if (when == null || when.isNull() || (when.isTextual() && when.asText().equals("any"))) {
            return true;
        }
        return ConfigValues.same(value, ConfigKnowledge.javaValue(when), type, false);
    }

    // ---------------------------------------------------------------- what the analysis collects

    /**
     * Plans {@code value} for the target key; a later line for the same key replaces the earlier one (with a warning).
     * Returns true: the value is carried.
     */
    boolean carry(String section, Integer index, String key, Object value, ConfigFile.Entry from) {
        String id = section + "|" + (index == null ? 0 : index) + "|" + key;
        if (!carriedIds.add(id)) {
            // a later line for the same target key (the section the old version reads is processed last) wins
            carries.removeIf(c -> (c.section() + "|" + (c.index() == null ? 0 : c.index()) + "|" + c.key()).equals(id));
            warnings.add("line " + from.line() + " " + display(from) + " replaces an earlier line for the same key");
        }
        carries.add(new ConfigAnalyzer.Carry(section, index, key, ConfigValues.literal(value), display(from), from.line()));
        return true;
    }

    /** Records line {@code e} as not carried, with {@code reason}. */
    void drop(ConfigFile.Entry e, String reason) {
        dropped.add(new ConfigMigration.DroppedKey(display(e), e.line(), ConfigAnalyzer.redact(e.key(), ConfigValues.literal(e.value())),
                reason));
    }

    /** Adds a finding and returns it, so that later checks of the same key can add to it. */
    Draft add(Group g, Severity s, String key, Integer line, String oldValue, String targetKey, String targetValue,
                  String advice) {
        Draft f = new Draft(g, s, key, line, oldValue, targetKey, targetValue, advice);
        findings.add(f);
        return f;
    }

    /** The name of line {@code e} as the file writes it. */
    String display(ConfigFile.Entry e) {
        return e.displayName();
    }

    /** The full name of a key as the findings show it: {@code section[index].key}. */
    String qualified(KeyDef def, Integer index) {
        if (def.section().isEmpty()) {
            return def.key();
        }
        return def.section() + (index == null ? "" : "[" + index + "]") + "." + def.key();
    }

    /** A release line's name, or "later" for a line past the knowledge base. */
    String lineOf(int index) {
        return index >= kb.lines().size() ? "later" : kb.lineName(index);
    }
}
