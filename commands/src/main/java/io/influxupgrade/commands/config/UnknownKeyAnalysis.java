package io.influxupgrade.commands.config;

import io.influxupgrade.commands.config.ConfigFinding.Group;
import io.influxupgrade.commands.config.ConfigFinding.Severity;
import io.influxupgrade.commands.config.ConfigKnowledge.KeyDef;
import io.influxupgrade.commands.config.ConfigKnowledge.Rule;
import io.influxupgrade.commands.config.ConfigKnowledge.SectionDef;
import io.influxupgrade.commands.config.ConfigKnowledge.Type;

import java.util.Locale;

/**
 * The lines of the old file that its server never read as keys: the 1.1 sample's misspelt key, keys under a header
 * that is commented out, keys only the target knows, keys of removed sections and unknown keys (with a "did you mean").
 */
final class UnknownKeyAnalysis extends AnalysisContext {

    UnknownKeyAnalysis(AnalysisContext shared) {
        super(shared);
    }

    /** A key misspelt in the 1.1 sample, which no server read: carried under the name that was meant, when valid. */
    void typo(ConfigFile.Entry e, Rule typo, String shown, String oldLiteral) {
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

    /** The typo rule for line {@code e}, or null. */
    Rule typoRule(ConfigFile.Entry e) {
        String full = e.section().isEmpty() ? e.key() : e.section() + "." + e.key();
        for (Rule r : kb.rules()) {
            if (r.typo() && full.equalsIgnoreCase(r.from())) {
                return r;
            }
        }
        return null;
    }

    /**
     * A line that is not a key of the old version: below a commented-out header, a key only the target knows (the old
     * server ignored it, the target will use it), a key of a removed section, or unknown to both (with a suggestion).
     */
    void unknownAtFrom(ConfigFile.Entry e, String shown, String oldLiteral) {
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
            String constraint = ValueConstraints.constraint(tdef, e.value(), tType);
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
}
