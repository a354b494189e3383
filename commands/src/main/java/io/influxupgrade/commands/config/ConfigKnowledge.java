package io.influxupgrade.commands.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.influxupgrade.commands.InfluxVersion;
import io.influxupgrade.commands.Json;
import io.influxupgrade.commands.UpgradeException;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The influxdb.conf knowledge base (sections, keys, types, defaults and rules of every release line from 0.10
 * to 1.8), loaded once from {@code config/influxdb-config-knowledge.json} and immutable afterwards.
 */
public final class ConfigKnowledge {

    /** The value kinds the server distinguishes when it decodes a key. */
    public enum Type { DURATION, SIZE, BOOL, INT, FLOAT, STRING, ARRAY }

    /** A value that may change from one release line on; {@link #at(int)} gives the value in force at a line index. */
    public static final class Versioned<T> {
        private final TreeMap<Integer, T> byLine;

        Versioned(TreeMap<Integer, T> byLine) {
            this.byLine = byLine;
        }

        static <T> Versioned<T> of(T value) {
            TreeMap<Integer, T> m = new TreeMap<>();
            m.put(0, value);
            return new Versioned<>(m);
        }

        public T at(int line) {
            Map.Entry<Integer, T> e = byLine.floorEntry(line);
            return e != null ? e.getValue() : byLine.firstEntry().getValue();
        }
    }

    /** A section: a plain table, an array of tables, or a free map (e.g. {@code [http.headers]}). */
    public record SectionDef(String name, String doc, int since, int until, String removedReason, Versioned<String> kind) {
        public boolean existsAt(int line) {
            return line >= since && line < until;
        }

        public boolean isArrayAt(int line) {
            return "array".equals(kind.at(line));
        }

        public boolean isMap() {
            return "map".equals(kind.at(0));
        }
    }

    /** A key of a section with its type, default and life span. */
    public record KeyDef(String section, String key, Versioned<Type> type, Versioned<Object> defaultValue, int since,
                         int until, String removedReason, String replacement, Versioned<Boolean> ignored, String doc,
                         String notable, List<String> enumValues, Long min, boolean positive, boolean nonEmpty,
                         boolean required, String skeletonValue, String distro, String defaultNote,
                         boolean plainDuration, String note) {
        public String fullName() {
            return section.isEmpty() ? key : section + "." + key;
        }

        public boolean existsAt(int line) {
            return line >= since && line < until;
        }
    }

    /** A rule between versions: renamed, section-renamed, moved, meaning-changed. */
    public record Rule(String kind, int in, String from, String to, String section, String key, int fatalFrom,
                       JsonNode when, boolean includeAbsent, String severity, String advice, boolean typo) {
    }

    /** An {@code INFLUXDB_*} variable that is not a config key. */
    public record EnvSpecial(String name, int since, int until, String meaning) {
    }

    private static final String RESOURCE = "/config/influxdb-config-knowledge.json";
    private static volatile ConfigKnowledge instance;

    private final List<String> lines;
    private final List<SectionDef> sections;
    private final List<KeyDef> keys;
    private final List<Rule> rules;
    private final List<EnvSpecial> envSpecials;

    private ConfigKnowledge(JsonNode root) {
        List<String> ls = new ArrayList<>();
        root.get("lines").forEach(n -> ls.add(n.asText()));
        this.lines = List.copyOf(ls);
        List<SectionDef> ss = new ArrayList<>();
        for (JsonNode n : root.get("sections")) {
            ss.add(new SectionDef(n.get("name").asText(), text(n, "doc"), lineOr(n, "since", 0),
                    lineOr(n, "until", lines.size()), text(n, "removedReason"),
                    versioned(n.get("kind"), "table", JsonNode::asText)));
        }
        this.sections = List.copyOf(ss);
        List<KeyDef> ks = new ArrayList<>();
        for (JsonNode n : root.get("keys")) {
            List<String> en = null;
            if (n.has("enum")) {
                en = new ArrayList<>();
                for (JsonNode e : n.get("enum")) {
                    en.add(e.asText());
                }
            }
            ks.add(new KeyDef(n.get("section").asText(), n.get("key").asText(),
                    versioned(n.get("type"), Type.STRING, j -> Type.valueOf(j.asText().toUpperCase(Locale.ROOT))),
                    versioned(n.get("default"), null, ConfigKnowledge::javaValue),
                    lineOr(n, "since", 0), lineOr(n, "until", lines.size()), text(n, "removedReason"),
                    text(n, "replacement"), versioned(n.get("ignored"), false, JsonNode::asBoolean), text(n, "doc"),
                    text(n, "notable"), en == null ? null : List.copyOf(en),
                    n.has("min") ? n.get("min").asLong() : null, n.path("positive").asBoolean(false),
                    n.path("nonEmpty").asBoolean(false), n.path("required").asBoolean(false),
                    text(n, "skeletonValue"), text(n, "distro"), text(n, "defaultNote"),
                    n.path("plainDuration").asBoolean(false), text(n, "note")));
        }
        this.keys = List.copyOf(ks);
        List<Rule> rs = new ArrayList<>();
        for (JsonNode n : root.get("rules")) {
            rs.add(new Rule(n.get("kind").asText(), line(n.get("in").asText()), text(n, "from"), text(n, "to"),
                    text(n, "section"), text(n, "key"), lineOr(n, "fatalFrom", 0), n.get("when"),
                    n.path("includeAbsent").asBoolean(false), text(n, "severity"), text(n, "advice"),
                    n.path("typo").asBoolean(false)));
        }
        this.rules = List.copyOf(rs);
        List<EnvSpecial> es = new ArrayList<>();
        for (JsonNode n : root.get("envSpecials")) {
            es.add(new EnvSpecial(n.get("name").asText(), lineOr(n, "since", 0), lineOr(n, "until", lines.size()),
                    text(n, "meaning")));
        }
        this.envSpecials = List.copyOf(es);
    }

    /** The shared instance; the resource is read on first use. */
    public static ConfigKnowledge get() {
        ConfigKnowledge k = instance;
        if (k == null) {
            synchronized (ConfigKnowledge.class) {
                k = instance;
                if (k == null) {
                    k = load();
                    instance = k;
                }
            }
        }
        return k;
    }

    private static ConfigKnowledge load() {
        try (InputStream in = ConfigKnowledge.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return new ConfigKnowledge(Json.mapper().readTree(in));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE, e);
        }
    }

    /** The release lines, oldest first ("0.10" … "1.8"). */
    public List<String> lines() {
        return lines;
    }

    /** Index of a release line such as "1.4"; throws IllegalArgumentException for an unknown one. */
    public int line(String line) {
        int i = lines.indexOf(line);
        if (i < 0) {
            throw new IllegalArgumentException("unknown release line " + line);
        }
        return i;
    }

    /** Index of the release line of a version, or a usage error for a version outside 0.10 … 1.8. */
    public int line(InfluxVersion v) {
        int i = lines.indexOf(v.line());
        if (i < 0) {
            throw UpgradeException.usage("InfluxDB " + v + " is not supported by the config knowledge base (0.10 … 1.8)");
        }
        return i;
    }

    public String lineName(int index) {
        return lines.get(index);
    }

    public List<SectionDef> sections() {
        return sections;
    }

    public List<KeyDef> keys() {
        return keys;
    }

    public List<Rule> rules() {
        return rules;
    }

    public List<EnvSpecial> envSpecials() {
        return envSpecials;
    }

    /** The section of that name (at any version), or null. */
    public SectionDef section(String name) {
        for (SectionDef s : sections) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    /** Sections present at a line, in file order. */
    public List<SectionDef> sectionsAt(int line) {
        List<SectionDef> out = new ArrayList<>();
        for (SectionDef s : sections) {
            if (s.existsAt(line)) {
                out.add(s);
            }
        }
        return out;
    }

    /** Keys of a section present at a line, in file order. */
    public List<KeyDef> keysAt(String section, int line) {
        List<KeyDef> out = new ArrayList<>();
        for (KeyDef k : keys) {
            if (k.section().equals(section) && k.existsAt(line)) {
                out.add(k);
            }
        }
        return out;
    }

    /** The key as it exists at the line (exact name), or null. */
    public KeyDef key(String section, String key, int line) {
        for (KeyDef k : keys) {
            if (k.section().equals(section) && k.key().equals(key) && k.existsAt(line)) {
                return k;
            }
        }
        return null;
    }

    /** The key as it exists at the line, matched case-insensitively (the server's decoder falls back to that), or null. */
    public KeyDef keyIgnoreCase(String section, String key, int line) {
        KeyDef exact = key(section, key, line);
        if (exact != null) {
            return exact;
        }
        for (KeyDef k : keys) {
            if (k.section().equals(section) && k.key().equalsIgnoreCase(key) && k.existsAt(line)) {
                return k;
            }
        }
        return null;
    }

    /** The most recent definition of a key at or before the line, or the first one after it, or null when never known. */
    public KeyDef anyKey(String section, String key) {
        KeyDef found = null;
        for (KeyDef k : keys) {
            if (k.section().equals(section) && k.key().equalsIgnoreCase(key)) {
                found = k;
            }
        }
        return found;
    }

    /** The environment variable name of a key: {@code INFLUXDB_<SECTION>_<KEY>}, with an index for array sections. */
    public static String envName(String section, Integer index, String key) {
        StringBuilder sb = new StringBuilder("INFLUXDB_");
        if (!section.isEmpty()) {
            sb.append(envPart(section)).append('_');
            if (index != null) {
                sb.append(index).append('_');
            }
        }
        return sb.append(envPart(key)).toString();
    }

    static String envPart(String s) {
        return s.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }

    // ---- JSON helpers

    private int lineOr(JsonNode n, String field, int dflt) {
        return n.hasNonNull(field) ? line(n.get(field).asText()) : dflt;
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }

    private <T> Versioned<T> versioned(JsonNode n, T dflt, java.util.function.Function<JsonNode, T> conv) {
        if (n == null || n.isNull()) {
            return Versioned.of(dflt);
        }
        if (n.isObject()) {
            TreeMap<Integer, T> m = new TreeMap<>();
            n.fields().forEachRemaining(e -> m.put(line(e.getKey()), conv.apply(e.getValue())));
            return new Versioned<>(m);
        }
        return Versioned.of(conv.apply(n));
    }

    static Object javaValue(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        if (n.isIntegralNumber()) {
            return n.asLong();
        }
        if (n.isNumber()) {
            return n.asDouble();
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>();
            n.forEach(e -> l.add(javaValue(e)));
            return Collections.unmodifiableList(l);
        }
        return n.asText();
    }
}
