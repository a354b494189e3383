package io.influxupgrade.commands.config;

import io.influxupgrade.commands.config.ConfigKnowledge.KeyDef;
import io.influxupgrade.commands.config.ConfigKnowledge.SectionDef;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a commented influxdb.conf for a release line from the knowledge base: every section and key with one
 * line of explanation and its built-in default commented out, with the given values set live in place of
 * the commented default. The three required directories are always live.
 */
public final class ConfigSkeleton {

    private ConfigSkeleton() {
    }

    /** The plain sample for a release line ("1.4"): no carried values. */
    public static String sample(String line) {
        ConfigKnowledge kb = ConfigKnowledge.get();
        return render(kb, kb.line(line), List.of(), List.of("InfluxDB " + line + " configuration, written by influx-upgrade-shell."));
    }

    static String render(ConfigKnowledge kb, int line, List<ConfigAnalyzer.Carry> carries, List<String> preamble) {
        Map<String, TreeMap<Integer, Map<String, ConfigAnalyzer.Carry>>> bySection = new LinkedHashMap<>();
        for (ConfigAnalyzer.Carry c : carries) {
            bySection.computeIfAbsent(c.section(), k -> new TreeMap<>())
                    .computeIfAbsent(c.index() == null ? 0 : c.index(), k -> new LinkedHashMap<>())
                    .put(c.key(), c);
        }
        StringBuilder out = new StringBuilder();
        for (String p : preamble) {
            out.append(p.isEmpty() ? "###" : "### " + p).append('\n');
        }
        out.append("###\n### Lines '# key = value' show the built-in default of InfluxDB ").append(kb.lineName(line))
                .append(";\n### uncomment and change one to override it.\n\n");
        for (SectionDef sec : kb.sectionsAt(line)) {
            TreeMap<Integer, Map<String, ConfigAnalyzer.Carry>> set = bySection.getOrDefault(sec.name(), new TreeMap<>());
            if (sec.name().isEmpty()) {
                keys(out, kb.keysAt("", line), line, set.getOrDefault(0, Map.of()), "");
                continue;
            }
            boolean array = sec.isArrayAt(line);
            out.append("###\n### ").append(array ? "[[" + sec.name() + "]]" : "[" + sec.name() + "]").append("\n###\n### ")
                    .append(sec.doc()).append("\n###\n\n");
            if (sec.isMap()) {
                Map<String, ConfigAnalyzer.Carry> values = set.getOrDefault(0, Map.of());
                if (values.isEmpty()) {
                    out.append("# [").append(sec.name()).append("]\n#   X-Example-Header = \"value\"\n\n");
                } else {
                    out.append('[').append(sec.name()).append("]\n");
                    for (ConfigAnalyzer.Carry c : values.values()) {
                        out.append("  ").append(keyName(c.key())).append(" = ").append(c.literal())
                                .append(origin(c)).append("\n");
                    }
                    out.append('\n');
                }
                continue;
            }
            List<KeyDef> keys = kb.keysAt(sec.name(), line);
            int elements = set.isEmpty() ? 1 : set.lastKey() + 1;
            for (int i = 0; i < (array ? elements : 1); i++) {
                out.append(array ? "[[" + sec.name() + "]]" : "[" + sec.name() + "]").append('\n');
                Map<String, ConfigAnalyzer.Carry> values = set.getOrDefault(i, Map.of());
                if (i == 0) {
                    keys(out, keys, line, values, "  ");
                } else {
                    out.append("  # listener ").append(i + 1).append(" of the old file (keys it leaves out take the defaults)\n");
                    for (KeyDef k : keys) {
                        ConfigAnalyzer.Carry c = values.get(k.key());
                        if (c != null) {
                            out.append("  ").append(k.key()).append(" = ").append(c.literal())
                                    .append(origin(c)).append("\n");
                        }
                    }
                    out.append('\n');
                }
            }
        }
        return out.toString();
    }

    private static void keys(StringBuilder out, List<KeyDef> keys, int line, Map<String, ConfigAnalyzer.Carry> values,
                             String indent) {
        for (KeyDef k : keys) {
            out.append(indent).append("# ").append(k.doc()).append('\n');
            ConfigAnalyzer.Carry c = values.get(k.key());
            Object dflt = k.defaultValue().at(line);
            if (c != null) {
                out.append(indent).append(k.key()).append(" = ").append(c.literal())
                        .append(origin(c)).append("");
                if (!c.fromKey().equals(PLAN_ORIGIN) && (!c.fromKey().endsWith(k.key()) || !c.fromKey().startsWith(k.section()))) {
                    out.append(" (").append(c.fromKey()).append(')');
                }
                out.append('\n');
            } else if (k.required()) {
                out.append(indent).append(k.key()).append(" = ").append(ConfigValues.literal(k.skeletonValue())).append('\n');
            } else if (k.plainDuration()) {
                out.append(indent).append("# ").append(k.key()).append(" = ").append(ConfigValues.literal(dflt))
                        .append("  (upstream builds want integer nanoseconds here)\n");
            } else {
                out.append(indent).append("# ").append(k.key()).append(" = ").append(ConfigValues.literal(dflt)).append('\n');
            }
            out.append('\n');
        }
    }

    /** The from-key of a value the upgrade plan sets rather than the old file. */
    static final String PLAN_ORIGIN = "the upgrade plan (session index)";

    private static String origin(ConfigAnalyzer.Carry c) {
        return c.fromKey().equals(PLAN_ORIGIN) ? "  # set by the upgrade plan: 'tsi convert' builds the shards' indexes"
                : "  # from line " + c.line() + " of the old file";
    }

    private static String keyName(String key) {
        return key.matches("[A-Za-z0-9_\\-]+") ? key : ConfigValues.quote(key);
    }

    /** Lines of text for a comment block, each short enough to read. */
    static List<String> wrap(String text, int width) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String word : text.split(" ")) {
            if (cur.length() > 0 && cur.length() + word.length() + 1 > width) {
                out.add(cur.toString());
                cur = new StringBuilder("    ");
            }
            if (cur.length() > 0 && !cur.toString().isBlank()) {
                cur.append(' ');
            }
            cur.append(word);
        }
        if (!cur.toString().isBlank()) {
            out.add(cur.toString());
        }
        return out;
    }
}
