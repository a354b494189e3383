package io.influxupgrade.commands.config;

import io.influxupgrade.commands.config.ConfigFinding.Group;
import io.influxupgrade.commands.config.ConfigFinding.Severity;
import io.influxupgrade.commands.config.ConfigKnowledge.KeyDef;
import io.influxupgrade.commands.config.ConfigKnowledge.Rule;
import io.influxupgrade.commands.config.ConfigKnowledge.SectionDef;
import io.influxupgrade.commands.config.ConfigKnowledge.Type;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the file does not say: keys left at a default that changes, keys new in the target, and required keys that
 * neither the file nor the environment sets.
 */
final class AbsentKeys extends AnalysisContext {

    AbsentKeys(AnalysisContext shared) {
        super(shared);
    }

    /** Keys the file does not set whose default changes across the hop, and meaning rules that apply to absent keys. */
    void absentKeys() {
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
                Draft f = null;
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

    /** Keys new in the target that no old key maps to. */
    void newInTarget() {
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

    /** Keys the target requires that neither the file nor {@code env} sets. */
    void requiredKeys(Map<String, String> env) {
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
}
