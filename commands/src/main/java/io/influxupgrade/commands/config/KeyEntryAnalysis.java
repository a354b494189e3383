package io.influxupgrade.commands.config;

import io.influxupgrade.commands.config.ConfigFinding.Group;
import io.influxupgrade.commands.config.ConfigFinding.Severity;
import io.influxupgrade.commands.config.ConfigKnowledge.KeyDef;
import io.influxupgrade.commands.config.ConfigKnowledge.Rule;
import io.influxupgrade.commands.config.ConfigKnowledge.SectionDef;
import io.influxupgrade.commands.config.ConfigKnowledge.Type;

/**
 * One key = value line of the old file: where it goes in the target, whether its value is customised, carried,
 * invalid for the target (and rewritten when it can be), left at a default that changes, and the rules about a changed
 * meaning. Keys of map sections are carried as they are; lines the old version never read go to
 * {@link UnknownKeyAnalysis}.
 */
final class KeyEntryAnalysis extends AnalysisContext {

    private final UnknownKeyAnalysis unknown;

    KeyEntryAnalysis(AnalysisContext shared) {
        super(shared);
        this.unknown = new UnknownKeyAnalysis(shared);
    }

    /** Analyses line {@code e} of the old file. */
    void entry(ConfigFile.Entry e) {
        String shown = display(e);
        String oldLiteral = ConfigAnalyzer.redact(e.key(), ConfigValues.literal(e.value()));
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
        Rule typo = unknown.typoRule(e);
        if (typo != null) {
            unknown.typo(e, typo, shown, oldLiteral);
            return;
        }

        KeyDef oldDef = kb.keyIgnoreCase(e.section(), e.key(), from);
        if (oldDef == null) {
            unknown.unknownAtFrom(e, shown, oldLiteral);
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
            Draft f = add(Group.REMOVED, sev, shown, e.line(), oldLiteral, null, null, advice);
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
        Draft blocker = null;
        if (problem != null) {
            Object fixed = ValueConstraints.fix(value, tType);
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
        String constraint = ValueConstraints.constraint(tdef, value, tType);
        if (constraint != null) {
            add(Group.BLOCKS_START, Severity.ERROR, shown, e.line(), oldLiteral, tName, null,
                    toName + " refuses to start: " + constraint + "; fix it by hand");
            drop(e, "invalid for " + toName + ": " + constraint);
            warnings.add("line " + e.line() + " " + shown + " = " + oldLiteral + " was not carried: " + constraint);
            return;
        }

        String newLiteral = ConfigAnalyzer.redact(e.key(), ConfigValues.literal(value));
        Draft f;
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
            drop(e, ConfigAnalyzer.DEFAULT_REASON);
        }
        if (blocker != null && f != null) {
            f.more(Severity.NOTICE, "see the blocks-start finding");
        }
        if (oldDef.distro() != null) {
            Draft g = f != null ? f : add(Group.CUSTOMISED, Severity.NOTICE, shown, e.line(), oldLiteral, tName, newLiteral, "");
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

    private void meaningRules(KeyDef oldDef, KeyDef tdef, Object value, String shown, Integer line, String oldLiteral,
                              String tName, boolean customised, Draft existing) {
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
}
