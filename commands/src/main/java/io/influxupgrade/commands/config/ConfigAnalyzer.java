package io.influxupgrade.commands.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.config.ConfigFinding.Group;
import io.influxupgrade.commands.config.ConfigFinding.Severity;
import io.influxupgrade.commands.config.ConfigKnowledge.KeyDef;
import io.influxupgrade.commands.config.ConfigKnowledge.Rule;
import io.influxupgrade.commands.config.ConfigKnowledge.SectionDef;
import io.influxupgrade.commands.config.ConfigKnowledge.Type;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The engine shared by diff, migrate and validate: walks a parsed old file against the knowledge base and
 * produces findings, the plan of values to carry, and the keys that are dropped (with reasons).
 */
final class ConfigAnalyzer {

    /** A value to write into the target file. */
    record Carry(String section, Integer index, String key, String literal, String fromKey, int line) {
    }

    /** The outcome of one analysis. */
    record Analysis(List<ConfigFinding> findings, List<EnvOverride> env, List<Carry> carries,
                    List<ConfigMigration.DroppedKey> dropped, List<String> warnings) {
    }

    private static final class F {
        Group group;
        Severity severity;
        String key;
        Integer line;
        String oldValue;
        String targetKey;
        String targetValue;
        String advice;

        F(Group group, Severity severity, String key, Integer line, String oldValue, String targetKey,
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

    private final ConfigKnowledge kb;
    private final ConfigFile file;
    private final int from;
    private final int to;
    private final String fromName;
    private final String toName;
    private final List<F> findings = new ArrayList<>();
    private final List<Carry> carries = new ArrayList<>();
    private final List<ConfigMigration.DroppedKey> dropped = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final Set<String> carriedIds = new HashSet<>();

    ConfigAnalyzer(ConfigKnowledge kb, ConfigFile file, int from, int to) {
        this.kb = kb;
        this.file = file;
        this.from = from;
        this.to = to;
        this.fromName = kb.lineName(from);
        this.toName = kb.lineName(to);
    }

    Analysis run(Map<String, String> env) {
        Map<String, String> e = env == null ? Map.of() : env;
        checkSections();
        for (ConfigFile.Entry entry : orderedEntries()) {
            entry(entry);
        }
        absentKeys();
        newInTarget();
        requiredKeys(e);
        List<EnvOverride> envs = envOverrides(e);
        List<ConfigFinding> out = new ArrayList<>();
        for (Group g : Group.values()) {
            for (F f : findings) {
                if (f.group == g) {
                    out.add(f.toRecord());
                }
            }
        }
        return new Analysis(List.copyOf(out), List.copyOf(envs), List.copyOf(carries), List.copyOf(dropped),
                List.copyOf(warnings));
    }

    /**
     * Entries in an order that makes the valid section win when [cluster] and [coordinator] both exist:
     * the one the old version reads is handled last, so its value replaces the other.
     */
    private List<ConfigFile.Entry> orderedEntries() {
        List<ConfigFile.Entry> first = new ArrayList<>();
        List<ConfigFile.Entry> last = new ArrayList<>();
        String winner = from >= kb.line("1.0") ? "coordinator" : "cluster";
        for (ConfigFile.Entry en : file.entries()) {
            (en.section().equals(winner) ? last : first).add(en);
        }
        first.addAll(last);
        return first;
    }

    // ---------------------------------------------------------------- sections

    private String targetSection(String section) {
        if (section.equals("cluster") && to >= kb.line("1.0")) {
            return "coordinator";
        }
        if (section.equals("coordinator") && to < kb.line("1.0")) {
            return "cluster";
        }
        return section;
    }

    private void checkSections() {
        ConfigFile.Section cluster = file.section("cluster");
        ConfigFile.Section coordinator = file.section("coordinator");
        if (cluster != null && coordinator != null && to >= kb.line("1.0")) {
            add(Group.BLOCKS_START, Severity.ERROR, "[cluster]", cluster.line(), null, "[coordinator]", null,
                    "the file has both [cluster] and [coordinator]: " + toName + " rewrites [cluster] to [coordinator] and then "
                            + "refuses the duplicate table; merge them into [coordinator] (config migrate does)");
        } else if (cluster != null && to >= kb.line("1.0")) {
            add(Group.RENAMED, Severity.WARNING, "[cluster]", cluster.line(), null, "[coordinator]", null,
                    rule("section-renamed", "cluster").advice());
        }
        for (ConfigFile.Section s : file.sections()) {
            SectionDef def = kb.section(targetSection(s.name()));
            if (def == null || !def.existsAt(to) || def.isMap()) {
                continue; // reported per key
            }
            boolean wantArray = def.isArrayAt(to);
            if (s.array() == wantArray) {
                continue;
            }
            String header = s.array() ? "[[" + s.name() + "]]" : "[" + s.name() + "]";
            String targetHeader = wantArray ? "[[" + def.name() + "]]" : "[" + def.name() + "]";
            if (!s.array()) {
                Rule moved = movedRule(s.name());
                if (moved != null && to < moved.fatalFrom()) {
                    add(Group.RENAMED, Severity.WARNING, header, s.line(), null, targetHeader, null,
                            toName + " converts the plain table at load, with a deprecation warning; " + moved.advice());
                    continue;
                }
                add(Group.BLOCKS_START, Severity.ERROR, header, s.line(), null, targetHeader, null,
                        toName + " refuses a plain " + header + " table (incompatible types: table where an array of "
                                + "tables is expected); " + (moved != null ? moved.advice() : "write " + targetHeader)
                                + " (config migrate rewrites it)");
            } else {
                add(Group.BLOCKS_START, Severity.ERROR, header, s.line(), null, targetHeader, null,
                        toName + " expects a single plain " + targetHeader + " table; config migrate keeps the first "
                                + "element only" + (s.elements() > 1 ? " and drops the other " + (s.elements() - 1) : ""));
            }
        }
    }

    private Rule movedRule(String section) {
        for (Rule r : kb.rules()) {
            if (r.kind().equals("moved") && section.equals(r.section())) {
                return r;
            }
        }
        return null;
    }

    private Rule rule(String kind, String from) {
        for (Rule r : kb.rules()) {
            if (r.kind().equals(kind) && from.equals(r.from())) {
                return r;
            }
        }
        throw new IllegalStateException("knowledge base lacks rule " + kind + " " + from);
    }

    // ---------------------------------------------------------------- entries

    private void entry(ConfigFile.Entry e) {
        String shown = display(e);
        String oldLiteral = redact(e.key(), ConfigValues.literal(e.value()));
        SectionDef secDef = kb.section(e.section());

        if (secDef != null && secDef.isMap()) {
            String ts = targetSection(e.section());
            SectionDef tdef = kb.section(ts);
            if (tdef != null && tdef.existsAt(to) && e.value() instanceof String) {
                carry(ts, null, e.key(), e.value(), e);
                add(Group.CUSTOMISED, Severity.NOTICE, shown, e.line(), oldLiteral, ts + "." + e.key(), oldLiteral,
                        "carried");
            } else {
                drop(e, tdef == null || !tdef.existsAt(to) ? "section [" + e.section() + "] is not known to " + toName
                        : "only string values are allowed here");
                add(Group.REMOVED, Severity.WARNING, shown, e.line(), oldLiteral, null, null,
                        "ignored by " + toName + " (section [" + e.section() + "] added in " + lineOf(secDef.since()) + ")");
            }
            return;
        }

        // the 1.1 sample typo: a key the server never read, renamed to what was meant
        Rule typo = typoRule(e);
        if (typo != null) {
            typo(e, typo, shown, oldLiteral);
            return;
        }

        KeyDef oldDef = kb.keyIgnoreCase(e.section(), e.key(), from);
        if (oldDef == null) {
            unknownAtFrom(e, shown, oldLiteral);
            return;
        }
        String caseNote = oldDef.key().equals(e.key()) ? null
                : "written as '" + e.key() + "': the server matches keys case-insensitively, migrate writes '" + oldDef.key() + "'";

        String[] target = mapKey(oldDef);
        boolean renamed = !target[0].equals(oldDef.section()) || !target[1].equals(oldDef.key());
        KeyDef tdef = kb.key(target[0], target[1], to);
        Type oType = oldDef.type().at(from);
        Object oDefault = oldDef.defaultValue().at(from);
        boolean customised = oldDef.required() || oDefault == null
                || !ConfigValues.same(e.value(), oDefault, oType, oldDef.plainDuration());
        boolean oldIgnored = oldDef.ignored().at(from);

        if (tdef == null) {
            String reason = removedReason(oldDef, target);
            SectionDef ts = kb.section(target[0]);
            boolean sectionGone = ts == null || to >= ts.until(); // removed for good, not a downgrade
            Severity sev = customised && !oldIgnored && !sectionGone ? Severity.WARNING : Severity.NOTICE;
            String advice = "ignored by " + toName + ": " + reason
                    + (oldIgnored ? " (" + fromName + " did not use it either)" : "")
                    + (oldDef.replacement() != null ? "; see " + oldDef.replacement() + " instead" : "");
            F f = add(Group.REMOVED, sev, shown, e.line(), oldLiteral, null, null, advice);
            if (caseNote != null) {
                f.more(Severity.NOTICE, caseNote);
            }
            drop(e, reason);
            return;
        }

        Type tType = tdef.type().at(to);
        Object tDefault = tdef.defaultValue().at(to);
        String tName = qualified(tdef, e.index());
        Object value = e.value();
        String problem = ConfigValues.problem(value, tType, tdef.plainDuration());
        F blocker = null;
        if (problem != null) {
            Object fixed = fix(value, tType);
            if (fixed == null) {
                add(Group.BLOCKS_START, Severity.ERROR, shown, e.line(), oldLiteral, tName, null,
                        toName + " refuses this value: " + problem + "; fix it by hand (config migrate leaves the default "
                                + ConfigValues.literal(tDefault) + ")");
                drop(e, "invalid for " + toName + ": " + problem);
                warnings.add("line " + e.line() + " " + shown + " = " + oldLiteral + " was not carried: " + problem);
                return;
            }
            blocker = add(Group.BLOCKS_START, Severity.ERROR, shown, e.line(), oldLiteral, tName,
                    ConfigValues.literal(fixed), toName + " refuses this value: " + problem + "; config migrate writes "
                            + ConfigValues.literal(fixed) + " instead");
            warnings.add("line " + e.line() + " " + shown + ": " + oldLiteral + " rewritten as " + ConfigValues.literal(fixed));
            value = fixed;
        }
        String constraint = constraint(tdef, value, tType);
        if (constraint != null) {
            add(Group.BLOCKS_START, Severity.ERROR, shown, e.line(), oldLiteral, tName, null,
                    toName + " refuses to start: " + constraint + "; fix it by hand");
            drop(e, "invalid for " + toName + ": " + constraint);
            warnings.add("line " + e.line() + " " + shown + " = " + oldLiteral + " was not carried: " + constraint);
            return;
        }

        String newLiteral = redact(e.key(), ConfigValues.literal(value));
        F f;
        boolean carried = false;
        if (customised) {
            carried = carry(tdef.section(), e.index(), tdef.key(), value, e);
            String advice = carried ? (renamed ? "carried under its new name" : "carried")
                    : "not carried: another line of the old file sets the same target key";
            if (oldIgnored) {
                advice = fromName + " ignored this key, " + toName + " uses it; " + advice;
            }
            f = add(renamed ? Group.RENAMED : Group.CUSTOMISED, oldIgnored ? Severity.WARNING : Severity.NOTICE,
                    shown, e.line(), oldLiteral, tName, newLiteral, advice);
            if (!carried) {
                f.more(Severity.WARNING, "check which value you want");
            }
        } else if (!ConfigValues.same(oDefault, tDefault, tType, tdef.plainDuration())) {
            boolean loud = tdef.notable() != null || tdef.defaultNote() != null || oldDef.defaultNote() != null;
            String note = tdef.defaultNote() != null ? "; " + tdef.defaultNote() : "";
            f = add(renamed ? Group.RENAMED : Group.DEFAULT_CHANGED, loud ? Severity.WARNING : Severity.NOTICE, shown, e.line(), oldLiteral,
                    tName, ConfigValues.literal(tDefault), "you kept the " + fromName + " default; " + toName
                            + " defaults to " + ConfigValues.literal(tDefault) + " and you will get that"
                            + " (set it explicitly to keep " + oldLiteral + ")" + note);
            drop(e, "the " + fromName + " default; " + toName + " uses its own default " + ConfigValues.literal(tDefault));
        } else {
            f = renamed ? add(Group.RENAMED, Severity.NOTICE, shown, e.line(), oldLiteral, tName, newLiteral,
                    "the default in both versions; not needed") : null;
            drop(e, DEFAULT_REASON);
        }
        if (blocker != null && f != null) {
            f.more(Severity.NOTICE, "see the blocks-start finding");
        }
        if (oldDef.distro() != null) {
            F g = f != null ? f : add(Group.CUSTOMISED, Severity.NOTICE, shown, e.line(), oldLiteral, tName, newLiteral, "");
            g.more(Severity.NOTICE, "a " + oldDef.distro() + "-only key: other builds ignore it ("
                    + oldDef.doc() + ")");
        }
        if (caseNote != null && f != null) {
            f.more(Severity.NOTICE, caseNote);
        }
        if (tdef.note() != null && f != null) {
            f.more(Severity.NOTICE, tdef.note());
        }
        meaningRules(oldDef, tdef, e.value(), shown, e.line(), oldLiteral, tName, customised, f);
    }

    static final String DEFAULT_REASON = "the default in both versions";

    private void typo(ConfigFile.Entry e, Rule typo, String shown, String oldLiteral) {
        String[] t = split(typo.to());
        KeyDef tdef = kb.key(t[0], t[1], to);
        if (tdef == null) {
            add(Group.REMOVED, Severity.NOTICE, shown, e.line(), oldLiteral, null, null,
                    "misspelt key, never read by any version");
            drop(e, "misspelt key, never read");
            return;
        }
        String tName = qualified(tdef, e.index());
        if (ConfigValues.same(e.value(), tdef.defaultValue().at(to), tdef.type().at(to), false)) {
            add(Group.RENAMED, Severity.NOTICE, shown, e.line(), oldLiteral, tName, null,
                    typo.advice() + "; the value is the default, nothing to carry");
            drop(e, "misspelt key holding the default value");
            return;
        }
        if (ConfigValues.problem(e.value(), tdef.type().at(to), false) != null) {
            add(Group.REMOVED, Severity.WARNING, shown, e.line(), oldLiteral, tName, null,
                    "misspelt key with a value " + toName + " would refuse; not carried");
            drop(e, "misspelt key with an invalid value");
            return;
        }
        carry(tdef.section(), e.index(), tdef.key(), e.value(), e);
        add(Group.RENAMED, Severity.WARNING, shown, e.line(), oldLiteral, tName, oldLiteral, typo.advice());
    }

    private Rule typoRule(ConfigFile.Entry e) {
        String full = e.section().isEmpty() ? e.key() : e.section() + "." + e.key();
        for (Rule r : kb.rules()) {
            if (r.typo() && full.equalsIgnoreCase(r.from())) {
                return r;
            }
        }
        return null;
    }

    private void unknownAtFrom(ConfigFile.Entry e, String shown, String oldLiteral) {
        ConfigFile.Commented ch = file.commentedHeaderAbove(e);
        if (ch != null && !ch.section().equals(e.section()) && kb.keyIgnoreCase(ch.section(), e.key(), from) != null) {
            add(Group.REMOVED, Severity.WARNING, shown, e.line(), oldLiteral, ch.section() + "." + e.key(), null,
                    "the header '" + (ch.array() ? "[[" + ch.section() + "]]" : "[" + ch.section() + "]") + "' on line "
                            + ch.line() + " is commented out, so this line belongs to "
                            + (e.section().isEmpty() ? "the top level" : "[" + e.section() + "]")
                            + " and was never in effect; not carried: set it under [" + ch.section()
                            + "] in the new file if you meant it");
            drop(e, "below the commented-out header [" + ch.section() + "] on line " + ch.line()
                    + ": never in effect");
            return;
        }
        SectionDef sec = kb.section(e.section());
        KeyDef tdef = kb.keyIgnoreCase(targetSection(e.section()), e.key(), to);
        if (tdef != null) {
            Type tType = tdef.type().at(to);
            String problem = ConfigValues.problem(e.value(), tType, tdef.plainDuration());
            String tName = qualified(tdef, e.index());
            if (problem != null) {
                add(Group.BLOCKS_START, Severity.ERROR, shown, e.line(), oldLiteral, tName, null,
                        toName + " refuses this value: " + problem + "; fix it by hand");
                drop(e, "invalid for " + toName + ": " + problem);
                return;
            }
            String constraint = constraint(tdef, e.value(), tType);
            if (constraint != null) {
                add(Group.BLOCKS_START, Severity.ERROR, shown, e.line(), oldLiteral, tName, null,
                        toName + " refuses to start: " + constraint + "; fix it by hand");
                drop(e, "invalid for " + toName + ": " + constraint);
                return;
            }
            boolean carried = carry(tdef.section(), e.index(), tdef.key(), e.value(), e);
            add(Group.CUSTOMISED, Severity.WARNING, shown, e.line(), oldLiteral, tName, oldLiteral,
                    fromName + " does not know this key (it ignored it); " + toName + " will use it"
                            + (carried ? "" : "; not carried: another line sets the same key"));
            return;
        }
        String reason;
        Severity sev = Severity.WARNING;
        if (sec == null) {
            reason = "unknown section [" + e.section() + "]: ignored by " + fromName + " and " + toName;
        } else if (!sec.existsAt(to) && sec.removedReason() != null && sec.until() <= to) {
            reason = "section [" + e.section() + "]: " + sec.removedReason();
            sev = Severity.NOTICE;
        } else {
            KeyDef any = kb.anyKey(e.section(), e.key());
            if (any != null) {
                reason = "not a " + fromName + " key (known in " + lineOf(any.since()) + " to "
                        + lineOf(any.until() - 1) + "): ignored";
            } else {
                reason = "unknown key: ignored by " + fromName + " and " + toName + suggestion(e);
            }
        }
        add(Group.REMOVED, sev, shown, e.line(), oldLiteral, null, null, reason);
        drop(e, reason);
    }

    private String suggestion(ConfigFile.Entry e) {
        String want = e.key().toLowerCase(Locale.ROOT).replace('_', '-');
        for (KeyDef k : kb.keysAt(targetSection(e.section()), to)) {
            if (k.key().equals(want)) {
                return " (did you mean '" + k.key() + "'?)";
            }
        }
        for (SectionDef s : kb.sectionsAt(to)) {
            if (kb.key(s.name(), e.key(), to) != null && !s.name().equals(e.section())) {
                return " (" + toName + " has '" + e.key() + "' in [" + s.name() + "])";
            }
        }
        return "";
    }

    private String removedReason(KeyDef oldDef, String[] target) {
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

    private String[] mapKey(KeyDef oldDef) {
        for (Rule r : kb.rules()) {
            if (r.kind().equals("renamed") && !r.typo() && oldDef.fullName().equals(r.from())
                    && from < r.in() && r.in() <= to) {
                return split(r.to());
            }
        }
        return new String[] {targetSection(oldDef.section()), oldDef.key()};
    }

    private static String[] split(String full) {
        int dot = full.lastIndexOf('.');
        return dot < 0 ? new String[] {"", full} : new String[] {full.substring(0, dot), full.substring(dot + 1)};
    }

    private Object fix(Object value, Type type) {
        if (type == Type.DURATION && value instanceof String s) {
            return ConfigValues.rewriteDaysWeeks(s);
        }
        if (type == Type.INT && value instanceof String s) {
            try {
                return ConfigValues.parseSize(s); // a size string written for a release that wants plain bytes
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    private static String constraint(KeyDef def, Object value, Type type) {
        Object n;
        try {
            n = ConfigValues.normalise(value, type, def.plainDuration());
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (def.enumValues() != null && n instanceof String s && !def.enumValues().contains(s)) {
            return def.key() + " must be one of " + String.join(", ", def.enumValues());
        }
        if (def.min() != null && n instanceof Long l && l < def.min()) {
            return def.key() + " must be at least " + def.min();
        }
        if (def.positive() && n instanceof Long l && l <= 0) {
            return def.key() + " must be greater than 0";
        }
        if (def.nonEmpty() && n instanceof String s && s.isEmpty()) {
            return def.key() + " must not be empty";
        }
        if (def.section().equals("graphite") && n instanceof List<?> items) {
            for (Object o : items) {
                String problem = def.key().equals("templates") ? graphiteTemplate((String) o) : graphiteTag((String) o);
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }

    /** The graphite service refuses a template without a measurement part and tags that are not key=value. */
    private static String graphiteTemplate(String line) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length == 0 || parts.length > 3 || parts[0].isEmpty()) {
            return "invalid graphite template `" + line + "`";
        }
        String template = parts.length == 1 ? parts[0]
                : parts.length == 3 ? parts[1] : parts[1].contains("=") ? parts[0] : parts[1];
        if (parts.length >= 2 && parts[parts.length - 1].contains("=")) {
            String tagProblem = graphiteTags(parts[parts.length - 1]);
            if (tagProblem != null) {
                return tagProblem;
            }
        }
        for (String field : template.split("\\.")) {
            if (field.startsWith("measurement")) {
                return null;
            }
        }
        return "no measurement in graphite template `" + line + "`";
    }

    private static String graphiteTags(String tags) {
        for (String t : tags.split(",")) {
            if (graphiteTag(t) != null) {
                return graphiteTag(t);
            }
        }
        return null;
    }

    private static String graphiteTag(String tag) {
        int eq = tag.indexOf('=');
        return eq <= 0 || eq == tag.length() - 1 ? "invalid graphite tag `" + tag + "` (want key=value)" : null;
    }

    private void meaningRules(KeyDef oldDef, KeyDef tdef, Object value, String shown, Integer line, String oldLiteral,
                              String tName, boolean customised, F existing) {
        for (Rule r : kb.rules()) {
            if (!r.kind().equals("meaning-changed") || !(from < r.in() && r.in() <= to)) {
                continue;
            }
            if (!r.key().equals(oldDef.fullName()) && !r.key().equals(tdef.fullName())) {
                continue;
            }
            if (!matches(r.when(), value, oldDef.type().at(from))) {
                continue;
            }
            Severity sev = Severity.valueOf(r.severity());
            if (existing != null) {
                existing.more(sev, r.advice());
            } else {
                existing = add(customised ? Group.CUSTOMISED : Group.DEFAULT_CHANGED, sev, shown, line, oldLiteral, tName,
                        ConfigValues.literal(customised ? value : tdef.defaultValue().at(to)), r.advice());
            }
        }
    }

    private static boolean matches(JsonNode when, Object value, Type type) {
        if (when == null || when.isNull() || (when.isTextual() && when.asText().equals("any"))) {
            return true;
        }
        return ConfigValues.same(value, ConfigKnowledge.javaValue(when), type, false);
    }

    // ---------------------------------------------------------------- keys the file does not set

    private void absentKeys() {
        Set<String> present = new HashSet<>();
        Map<String, Set<Integer>> arrayIndexes = new TreeMap<>();
        for (ConfigFile.Entry e : file.entries()) {
            KeyDef d = kb.keyIgnoreCase(e.section(), e.key(), from);
            if (d != null) {
                String[] t = mapKey(d);
                present.add(t[0] + "|" + (e.index() == null ? 0 : e.index()) + "|" + t[1]);
            }
        }
        for (ConfigFile.Section s : file.sections()) {
            Set<Integer> idx = arrayIndexes.computeIfAbsent(targetSection(s.name()), k -> new HashSet<>());
            for (int i = 0; i < Math.max(1, s.elements()); i++) {
                idx.add(i);
            }
        }
        for (KeyDef oldDef : kb.keys()) {
            if (!oldDef.existsAt(from) || oldDef.required() || oldDef.ignored().at(from) || oldDef.distro() != null) {
                continue;
            }
            SectionDef sec = kb.section(oldDef.section());
            String[] t = mapKey(oldDef);
            KeyDef tdef = kb.key(t[0], t[1], to);
            if (tdef == null) {
                continue;
            }
            boolean array = sec.isArrayAt(from) || !sec.name().isEmpty() && kb.section(t[0]).isArrayAt(to);
            Set<Integer> indexes = array ? arrayIndexes.getOrDefault(t[0], Set.of()) : Set.of(0);
            for (int i : indexes) {
                if (present.contains(t[0] + "|" + i + "|" + t[1])) {
                    continue;
                }
                Type tType = tdef.type().at(to);
                Object oDefault = oldDef.defaultValue().at(from);
                Object tDefault = tdef.defaultValue().at(to);
                String shown = qualified(oldDef, array ? i : null);
                String tName = qualified(tdef, array ? i : null);
                F f = null;
                if (!ConfigValues.same(oDefault, tDefault, tType, tdef.plainDuration())) {
                    boolean loud = tdef.notable() != null || tdef.defaultNote() != null;
                    f = add(Group.DEFAULT_CHANGED, loud ? Severity.WARNING : Severity.NOTICE, shown, null,
                            ConfigValues.literal(oDefault), tName, ConfigValues.literal(tDefault),
                            "not set in the old file: the default changes from " + ConfigValues.literal(oDefault)
                                    + " to " + ConfigValues.literal(tDefault) + " and you will get the new one");
                }
                for (Rule r : kb.rules()) {
                    if (r.kind().equals("meaning-changed") && r.includeAbsent() && from < r.in() && r.in() <= to
                            && (r.key().equals(oldDef.fullName()) || r.key().equals(tdef.fullName()))
                            && matches(r.when(), oDefault, oldDef.type().at(from))) {
                        if (f == null) {
                            f = add(Group.DEFAULT_CHANGED, Severity.valueOf(r.severity()), shown, null,
                                    ConfigValues.literal(oDefault), tName, ConfigValues.literal(tDefault), r.advice());
                        } else {
                            f.more(Severity.valueOf(r.severity()), r.advice());
                        }
                    }
                }
            }
        }
    }

    private void newInTarget() {
        Set<String> reachable = new HashSet<>();
        for (KeyDef k : kb.keys()) {
            if (k.existsAt(from)) {
                String[] t = mapKey(k);
                reachable.add(t[0] + "." + t[1]);
            }
        }
        for (KeyDef k : kb.keys()) {
            if (!k.existsAt(to) || reachable.contains(k.section() + "." + k.key()) || k.distro() != null) {
                continue;
            }
            String advice = "new since " + fromName + ": " + k.doc() + "; default " + ConfigValues.literal(k.defaultValue().at(to))
                    + (k.notable() != null ? " (" + k.notable() + ")" : "");
            add(Group.NEW_IN_TARGET, k.notable() != null ? Severity.WARNING : Severity.NOTICE, k.fullName(), null, null,
                    k.fullName(), ConfigValues.literal(k.defaultValue().at(to)), advice);
        }
    }

    private void requiredKeys(Map<String, String> env) {
        for (KeyDef k : kb.keys()) {
            if (!k.required() || !k.existsAt(to)) {
                continue;
            }
            if (carriedIds.contains(k.section() + "|0|" + k.key())) {
                continue;
            }
            String var = ConfigKnowledge.envName(k.section(), null, k.key());
            String v = env.get(var);
            if (v != null && !v.isEmpty()) {
                continue;
            }
            add(Group.BLOCKS_START, Severity.ERROR, k.fullName(), null, null, k.fullName(),
                    ConfigValues.literal(k.skeletonValue()), toName + " refuses to start without " + k.fullName()
                            + " (or " + var + "); config migrate writes the packaged default "
                            + ConfigValues.literal(k.skeletonValue()) + ", check it");
        }
    }

    // ---------------------------------------------------------------- environment

    private static final Pattern ARRAY_ENV = Pattern.compile("^INFLUXDB_([A-Z_]+?)_(?:(\\d+)_)?([A-Z_]+?)(?:_(\\d+))?$");

    private List<EnvOverride> envOverrides(Map<String, String> env) {
        Map<String, String> sorted = new TreeMap<>(env);
        List<EnvOverride> out = new ArrayList<>();
        for (Map.Entry<String, String> en : sorted.entrySet()) {
            String name = en.getKey();
            if (!name.startsWith("INFLUXDB_")) {
                continue;
            }
            String value = en.getValue() == null ? "" : en.getValue();
            String shownValue = name.contains("SECRET") || name.contains("PASSWORD") ? "<redacted>" : value;
            ConfigKnowledge.EnvSpecial special = special(name);
            if (special != null) {
                boolean active = to >= special.since() && to < special.until();
                out.add(new EnvOverride(name, shownValue, null, active ? "not-a-key" : "ignored", Severity.NOTICE,
                        (active ? "" : "not read by " + toName + ": ") + special.meaning()));
                continue;
            }
            Match m = matchEnv(name, to);
            if (m != null) {
                if (value.isEmpty()) {
                    out.add(new EnvOverride(name, shownValue, m.display, "skipped", Severity.NOTICE,
                            "empty values are skipped; the file's value stays"));
                    continue;
                }
                String problem = envProblem(m.def, value);
                if (problem != null) {
                    out.add(new EnvOverride(name, shownValue, m.display, "invalid", Severity.ERROR,
                            toName + " refuses to start (apply env config): " + problem));
                    continue;
                }
                String note = value.matches("0[0-7]+") && m.def.type().at(to) == Type.INT
                        ? "; a leading 0 makes this octal (" + Long.parseLong(value, 8) + ")" : "";
                out.add(new EnvOverride(name, shownValue, m.display, "applies",
                        note.isEmpty() ? Severity.NOTICE : Severity.WARNING, "overrides the file" + note));
                continue;
            }
            Match old = matchEnv(name, from);
            if (old != null) {
                String[] t = mapKey(old.def);
                KeyDef tdef = kb.key(t[0], t[1], to);
                if (tdef != null) {
                    String newName = ConfigKnowledge.envName(t[0], old.index, t[1]);
                    out.add(new EnvOverride(name, shownValue, qualified(tdef, old.index), "renamed", Severity.WARNING,
                            toName + " ignores this name (renames do not cover env vars); rename it to " + newName));
                } else {
                    out.add(new EnvOverride(name, shownValue, null, "ignored", Severity.WARNING,
                            "ignored by " + toName + ": " + removedReason(old.def, t)));
                }
                continue;
            }
            out.add(new EnvOverride(name, shownValue, null, "ignored", Severity.WARNING,
                    "matches no " + toName + " setting; ignored"));
        }
        return out;
    }

    private record Match(KeyDef def, Integer index, String display) {
    }

    private Match matchEnv(String name, int line) {
        for (KeyDef k : kb.keys()) {
            if (!k.existsAt(line)) {
                continue;
            }
            SectionDef sec = kb.section(k.section());
            if (name.equals(ConfigKnowledge.envName(k.section(), null, k.key()))) {
                return new Match(k, null, sec.isArrayAt(line) ? k.section() + "[*]." + k.key() : k.fullName());
            }
            if (sec.isArrayAt(line)) {
                String prefix = "INFLUXDB_" + ConfigKnowledge.envPart(k.section()) + "_";
                String rest = name.startsWith(prefix) ? name.substring(prefix.length()) : null;
                if (rest == null) {
                    continue;
                }
                Matcher m = Pattern.compile("^(\\d+)_" + Pattern.quote(ConfigKnowledge.envPart(k.key()))
                        + "(?:_(\\d+))?$").matcher(rest);
                if (m.matches() && (m.group(2) == null || k.type().at(line) == Type.ARRAY)) {
                    int idx = Integer.parseInt(m.group(1));
                    return new Match(k, idx, k.section() + "[" + idx + "]." + k.key());
                }
            } else if (k.type().at(line) == Type.ARRAY
                    && name.matches(Pattern.quote(ConfigKnowledge.envName(k.section(), null, k.key())) + "_\\d+")) {
                return new Match(k, null, k.fullName());
            }
        }
        return null;
    }

    private ConfigKnowledge.EnvSpecial special(String name) {
        for (ConfigKnowledge.EnvSpecial s : kb.envSpecials()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    private String envProblem(KeyDef def, String value) {
        Type type = def.type().at(to);
        switch (type) {
            case BOOL -> {
                return Set.of("1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False")
                        .contains(value) ? null : "'" + value + "' is not a boolean";
            }
            case INT -> {
                return parseGoInt(value) == null ? "'" + value + "' is not an integer" : null;
            }
            case FLOAT -> {
                try {
                    Double.parseDouble(value);
                    return null;
                } catch (NumberFormatException e) {
                    return "'" + value + "' is not a number";
                }
            }
            case DURATION -> {
                try {
                    ConfigValues.parseDuration(value);
                    return null;
                } catch (IllegalArgumentException e) {
                    return e.getMessage();
                }
            }
            case SIZE -> {
                if (to < kb.line("1.5")) {
                    return value.matches("\\d+") ? null
                            : "'" + value + "': " + toName + " takes only plain byte counts from env vars (size suffixes from 1.5)";
                }
                try {
                    ConfigValues.parseSize(value);
                    return null;
                } catch (IllegalArgumentException e) {
                    return e.getMessage();
                }
            }
            default -> {
                return null;
            }
        }
    }

    private static Long parseGoInt(String v) {
        try {
            String s = v;
            boolean neg = s.startsWith("-");
            if (neg || s.startsWith("+")) {
                s = s.substring(1);
            }
            long n;
            if (s.startsWith("0x") || s.startsWith("0X")) {
                n = Long.parseLong(s.substring(2), 16);
            } else if (s.startsWith("0b") || s.startsWith("0B")) {
                n = Long.parseLong(s.substring(2), 2);
            } else if (s.startsWith("0o") || s.startsWith("0O")) {
                n = Long.parseLong(s.substring(2), 8);
            } else if (s.length() > 1 && s.startsWith("0")) {
                n = Long.parseLong(s.substring(1), 8);
            } else {
                n = Long.parseLong(s);
            }
            return neg ? -n : n;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- helpers

    private boolean carry(String section, Integer index, String key, Object value, ConfigFile.Entry from) {
        String id = section + "|" + (index == null ? 0 : index) + "|" + key;
        if (!carriedIds.add(id)) {
            // a later line for the same target key (the section the old version reads is processed last) wins
            carries.removeIf(c -> (c.section() + "|" + (c.index() == null ? 0 : c.index()) + "|" + c.key()).equals(id));
            warnings.add("line " + from.line() + " " + display(from) + " replaces an earlier line for the same key");
        }
        carries.add(new Carry(section, index, key, ConfigValues.literal(value), display(from), from.line()));
        return true;
    }

    private void drop(ConfigFile.Entry e, String reason) {
        dropped.add(new ConfigMigration.DroppedKey(display(e), e.line(), redact(e.key(), ConfigValues.literal(e.value())),
                reason));
    }

    private F add(Group g, Severity s, String key, Integer line, String oldValue, String targetKey, String targetValue,
                  String advice) {
        F f = new F(g, s, key, line, oldValue, targetKey, targetValue, advice);
        findings.add(f);
        return f;
    }

    private String display(ConfigFile.Entry e) {
        return e.displayName();
    }

    private String qualified(KeyDef def, Integer index) {
        if (def.section().isEmpty()) {
            return def.key();
        }
        return def.section() + (index == null ? "" : "[" + index + "]") + "." + def.key();
    }

    private String lineOf(int index) {
        return index >= kb.lines().size() ? "later" : kb.lineName(index);
    }

    static String redact(String key, String literal) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("secret") || k.contains("sercret") || k.contains("password") ? "\"<redacted>\"" : literal;
    }

    // ---------------------------------------------------------------- version inference

    /** The release line that fits the file best, or a usage error when several fit equally. */
    static int inferFrom(ConfigKnowledge kb, ConfigFile file) {
        Map<Integer, Double> score = new LinkedHashMap<>();
        for (int line = 0; line < kb.lines().size(); line++) {
            double s = 0;
            for (ConfigFile.Entry e : file.entries()) {
                SectionDef sec = kb.section(e.section());
                if (sec != null && sec.isMap()) {
                    s += sec.existsAt(line) ? 1 : -1;
                    continue;
                }
                s += kb.keyIgnoreCase(e.section(), e.key(), line) != null ? 1 : -1;
            }
            for (ConfigFile.Section sec : file.sections()) {
                SectionDef def = kb.section(sec.name());
                if (def != null && !def.isMap()) {
                    s += def.existsAt(line) && def.isArrayAt(line) == sec.array() ? 2 : -2;
                }
            }
            for (ConfigFile.Commented c : file.commentedKeys()) {
                String full = c.section().isEmpty() ? c.key() : c.section() + "." + c.key();
                boolean typo = kb.rules().stream().anyMatch(r -> r.typo() && full.equals(r.from()));
                if (typo) {
                    s += line == kb.line("1.1") ? 0.5 : -0.1; // only the 1.1 sample carries the typo
                    continue;
                }
                s += kb.key(c.section(), c.key(), line) != null ? 0.1 : -0.1;
            }
            if (file.commentedKeys().size() >= 20) {
                // a file that keeps the sample's commented defaults should mention every key of its release
                Set<String> mentioned = new HashSet<>();
                file.entries().forEach(e -> mentioned.add(e.section() + "|" + e.key().toLowerCase(Locale.ROOT)));
                file.commentedKeys().forEach(c -> mentioned.add(c.section() + "|" + c.key().toLowerCase(Locale.ROOT)));
                for (KeyDef k : kb.keys()) {
                    if (k.existsAt(line) && k.distro() == null && !mentioned.contains(k.section() + "|" + k.key())) {
                        s -= 0.05;
                    }
                }
            }
            score.put(line, Math.round(s * 100) / 100.0);
        }
        double best = score.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        List<Integer> top = new ArrayList<>();
        score.forEach((l, s) -> {
            if (s == best) {
                top.add(l);
            }
        });
        if (top.size() == 1) {
            return top.get(0);
        }
        throw UpgradeException.usage("config " + file.path() + ": cannot tell which InfluxDB version wrote it (fits "
                + kb.lineName(top.get(0)) + " … " + kb.lineName(top.get(top.size() - 1))
                + " equally); give the old version (--from)");
    }
}
