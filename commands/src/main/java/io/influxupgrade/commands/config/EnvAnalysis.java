package io.influxupgrade.commands.config;

import io.influxupgrade.commands.codec.GoDuration;
import io.influxupgrade.commands.config.ConfigFinding.Severity;
import io.influxupgrade.commands.config.ConfigKnowledge.KeyDef;
import io.influxupgrade.commands.config.ConfigKnowledge.SectionDef;
import io.influxupgrade.commands.config.ConfigKnowledge.Type;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The INFLUXDB_* environment variables: which target key each overrides (array elements included), whether its value
 * is valid for the target, which are special (not keys), and which use an old name the target ignores.
 */
final class EnvAnalysis extends AnalysisContext {

    EnvAnalysis(AnalysisContext shared) {
        super(shared);
    }

    /** Each INFLUXDB_* variable of {@code env}, sorted by name: what the target does with it. */
    List<EnvOverride> envOverrides(Map<String, String> env) {
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
                    GoDuration.parse(value);
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
}
