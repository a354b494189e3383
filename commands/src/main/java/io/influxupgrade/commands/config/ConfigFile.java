package io.influxupgrade.commands.config;

import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.fs.AtomicFiles;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed influxdb.conf: every live key with its section, array index, value and line, plus the commented-out
 * keys and section headers that help to tell versions apart. Parsing never throws anything but
 * {@link UpgradeException} for bad input (malformed TOML with line and column, binary or empty files).
 *
 * @param path             the file (only names it in messages)
 * @param entries          every live setting, in file order
 * @param sections         every section as written, in file order
 * @param commentedHeaders section headers that are commented out ({@code # [http]}), as in the 1.1 sample
 * @param commentedKeys    commented-out settings ({@code # key = value}); weak evidence of which sample the file came from
 * @param realHeaderLines  the lines of the live section headers, in file order
 */
public record ConfigFile(Path path, List<Entry> entries, List<Section> sections, List<Commented> commentedHeaders,
                         List<Commented> commentedKeys, List<Integer> realHeaderLines) {

    /** Larger files are not configs; refusing them bounds memory. */
    static final long MAX_BYTES = 16L * 1024 * 1024;

    private static final Pattern HEADER = Pattern.compile("^\\s*(\\[\\[?)\\s*([A-Za-z0-9_.\\-]+)\\s*\\]\\]?\\s*(#.*)?$");
    private static final Pattern COMMENTED_HEADER = Pattern.compile("^\\s*#+\\s*(\\[\\[?)\\s*([A-Za-z0-9_.\\-]+)\\s*\\]\\]?\\s*$");
    private static final Pattern COMMENTED_KEY = Pattern.compile("^\\s*#\\s*([A-Za-z0-9_\\-]+)\\s*=.*$");

    /** One live setting: section "" is the top level; index is set for arrays of tables. */
    public record Entry(String section, Integer index, String key, Object value, int line, int column) {
        /** "data.dir", "graphite[1].templates", "reporting-disabled". */
        public String displayName() {
            if (section.isEmpty()) {
                return key;
            }
            return section + (index == null ? "" : "[" + index + "]") + "." + key;
        }
    }

    /** A section as written: plain table or array of tables, with the line of its (first) header. */
    public record Section(String name, boolean array, int elements, int line) {
    }

    /** A section header or key that is commented out; section is the nearest header above (real or commented). */
    public record Commented(String section, String key, boolean array, int line) {
    }

    /** The three directories {@code session new} needs; any may be null when the file does not set it. */
    public record ConfigPaths(String metaDir, String dataDir, String walDir) {
    }

    public ConfigFile {
        entries = List.copyOf(entries);
        sections = List.copyOf(sections);
        commentedHeaders = List.copyOf(commentedHeaders);
        commentedKeys = List.copyOf(commentedKeys);
        realHeaderLines = List.copyOf(realHeaderLines);
    }

    /** Reads and parses a config file. */
    public static ConfigFile parse(Path file) {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw UpgradeException.failed("config " + file + ": " + size
                        + " bytes is too large for an influxdb.conf (is this the right file?)");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("read config " + file, e);
        }
        return parse(file, bytes);
    }

    /** Deeper than any influxdb.conf goes (they nest two levels); the TOML parser recurses once per level. */
    static final int MAX_NESTING = 64;

    /**
     * Refuses, before the parser sees it, a file whose arrays and inline tables nest deeper than {@link #MAX_NESTING}
     * (the parser would run out of stack); brackets inside strings and comments do not count.
     */
    static void checkNesting(Path path, String text) {
        int depth = 0;
        int line = 1;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
            } else if (c == '#') {
                while (i + 1 < n && text.charAt(i + 1) != '\n') {
                    i++;
                }
            } else if (c == '"' || c == '\'') {
                boolean multi = text.startsWith(String.valueOf(c).repeat(3), i);
                String end = multi ? String.valueOf(c).repeat(3) : String.valueOf(c);
                i += multi ? 3 : 1;
                while (i < n && !text.startsWith(end, i)) {
                    char d = text.charAt(i);
                    if (d == '\n') {
                        line++;
                        if (!multi) {
                            break; // an unterminated string: the parser reports it
                        }
                    }
                    i += d == '\\' && c == '"' ? 2 : 1;
                }
                i += multi ? 2 : 0;
            } else if (c == '[' || c == '{') {
                if (++depth > MAX_NESTING) {
                    throw UpgradeException.failed("config " + path + ":" + line + ": arrays or inline tables nested more than "
                            + MAX_NESTING + " levels deep (an influxdb.conf nests two; is this the right file?)");
                }
            } else if (c == ']' || c == '}') {
                depth = Math.max(0, depth - 1);
            }
        }
    }

    /** Parses config bytes; {@code path} only names the file in messages. */
    public static ConfigFile parse(Path path, byte[] bytes) {
        String text = decode(path, bytes);
        checkNesting(path, text);
        TomlParseResult toml;
        try {
            toml = Toml.parse(text);
        } catch (RuntimeException | AssertionError | StackOverflowError e) {
            // the parser's own failure on input it did not expect is still bad input, reported as such
            throw UpgradeException.failed("config " + path + ": malformed TOML (the parser gave up: " + e.getClass().getSimpleName()
                    + "; fix the file)");
        }
        if (toml.hasErrors()) {
            TomlParseError first = toml.errors().get(0);
            TomlPosition pos = first.position();
            String more = toml.errors().size() > 1 ? " (and " + (toml.errors().size() - 1) + " more errors)" : "";
            throw UpgradeException.failed("config " + path + ":" + (pos == null ? "?" : pos.line() + ":" + pos.column())
                    + ": malformed TOML: " + oneLine(first.getMessage()) + more
                    + " (fix the file; line and column are 1-based)");
        }
        List<Entry> entries = new ArrayList<>();
        List<Section> sections = new ArrayList<>();
        walk(toml, "", entries, sections);
        entries.sort((a, b) -> Integer.compare(a.line(), b.line()));
        sections.sort((a, b) -> Integer.compare(a.line(), b.line()));

        List<Commented> headers = new ArrayList<>();
        List<Commented> keys = new ArrayList<>();
        List<Integer> real = new ArrayList<>();
        String[] lines = text.split("\r?\n|\r", -1);
        String current = "";
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            Matcher m = HEADER.matcher(l);
            if (m.matches()) {
                current = m.group(2);
                real.add(i + 1);
                continue;
            }
            m = COMMENTED_HEADER.matcher(l);
            if (m.matches()) {
                current = m.group(2);
                headers.add(new Commented(m.group(2), null, m.group(1).equals("[["), i + 1));
                continue;
            }
            m = COMMENTED_KEY.matcher(l);
            if (m.matches()) {
                keys.add(new Commented(current, m.group(1), false, i + 1));
            }
        }
        return new ConfigFile(path, entries, sections, headers, keys, real);
    }

    /** The meta dir, data dir and WAL dir set in a config file (used by {@code session new}). */
    public static ConfigPaths paths(Path file) {
        ConfigFile f = parse(file);
        return new ConfigPaths(f.string("meta", "dir"), f.string("data", "dir"), f.string("data", "wal-dir"));
    }

    private String string(String section, String key) {
        for (Entry e : entries) {
            if (e.section().equals(section) && (e.index() == null || e.index() == 0) && e.key().equals(key)
                    && e.value() instanceof String s) {
                return s;
            }
        }
        return null;
    }

    private static void walk(TomlTable table, String prefix, List<Entry> entries, List<Section> sections) {
        for (String key : table.keySet()) {
            List<String> k = List.of(key);
            Object v = table.get(k);
            TomlPosition pos = table.inputPositionOf(k);
            int line = pos == null ? 0 : pos.line();
            int col = pos == null ? 0 : pos.column();
            String name = prefix.isEmpty() ? key : prefix + "." + key;
            if (v instanceof TomlTable t && prefix.isEmpty()) {
                sections.add(new Section(name, false, 1, line));
                walkSection(t, name, null, entries, sections);
            } else if (v instanceof TomlArray a && allTables(a) && prefix.isEmpty()) {
                sections.add(new Section(name, true, a.size(), a.size() > 0 && a.inputPositionOf(0) != null
                        ? a.inputPositionOf(0).line() : line));
                for (int i = 0; i < a.size(); i++) {
                    walkSection(a.getTable(i), name, i, entries, sections);
                }
            } else {
                entries.add(new Entry(prefix, null, key, javaValue(v), line, col));
            }
        }
    }

    private static boolean allTables(TomlArray a) {
        if (a.isEmpty()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!(a.get(i) instanceof TomlTable)) {
                return false;
            }
        }
        return true;
    }

    private static void walkSection(TomlTable t, String section, Integer index, List<Entry> entries,
                                    List<Section> sections) {
        for (String key : t.keySet()) {
            List<String> k = List.of(key);
            Object v = t.get(k);
            TomlPosition pos = t.inputPositionOf(k);
            int line = pos == null ? 0 : pos.line();
            if (v instanceof TomlTable sub) {
                // a sub-table such as [http.headers]: its own section
                String name = section + "." + key;
                if (name.chars().filter(ch -> ch == '.').count() > MAX_NESTING) {
                    throw UpgradeException.failed("config: " + (line > 0 ? "line " + line + ": " : "") + "tables nested more than "
                            + MAX_NESTING + " levels deep (an influxdb.conf nests two; is this the right file?)");
                }
                sections.add(new Section(name, false, 1, line));
                walkSection(sub, name, null, entries, sections);
            } else {
                entries.add(new Entry(section, index, key, javaValue(v), line, pos == null ? 0 : pos.column()));
            }
        }
    }

    private static Object javaValue(Object v) {
        if (v instanceof TomlArray a) {
            List<Object> out = new ArrayList<>();
            for (Object o : a.toList()) {
                out.add(javaValue(o));
            }
            return Collections.unmodifiableList(out);
        }
        if (v instanceof TomlTable t) {
            return t.toMap();
        }
        if (v instanceof Number || v instanceof String || v instanceof Boolean) {
            return v;
        }
        return String.valueOf(v); // dates and times: no influxdb key takes them; keep them visible as text
    }

    static String decode(Path path, byte[] bytes) {
        if (bytes.length == 0) {
            throw UpgradeException.failed("config " + path + ": the file is empty (0 bytes); point at the real influxdb.conf");
        }
        Charset cs = StandardCharsets.UTF_8;
        int skip = 0;
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF) {
            skip = 3;
        } else if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xFF && (bytes[1] & 0xff) == 0xFE) {
            cs = StandardCharsets.UTF_16LE;
            skip = 2;
        } else if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xFE && (bytes[1] & 0xff) == 0xFF) {
            cs = StandardCharsets.UTF_16BE;
            skip = 2;
        }
        String text;
        try {
            text = cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, skip, bytes.length - skip)).toString();
        } catch (CharacterCodingException e) {
            throw UpgradeException.failed("config " + path + ": not a text file (invalid " + cs.name()
                    + " at byte " + firstBad(bytes, skip, cs) + "); is this a binary file?");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f')) {
                throw UpgradeException.failed("config " + path + ": binary content (control character 0x"
                        + Integer.toHexString(c) + " at character " + i + "); point at the real influxdb.conf");
            }
        }
        if (text.isBlank()) {
            throw UpgradeException.failed("config " + path + ": the file holds only white space; point at the real influxdb.conf");
        }
        return text;
    }

    private static int firstBad(byte[] bytes, int skip, Charset cs) {
        // binary search for the longest decodable prefix: cheap and exact enough for a message
        int lo = skip;
        int hi = bytes.length;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            try {
                cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, skip, mid - skip));
                lo = mid;
            } catch (CharacterCodingException e) {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }

    public Section section(String name) {
        for (Section s : sections) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    /**
     * The commented-out header that sits between the entry and its real header, or null: a key written
     * below {@code # [http]} in a 1.1-style file is really part of the previous real table.
     */
    public Commented commentedHeaderAbove(Entry e) {
        int realLine = 0;
        for (int l : realHeaderLines) {
            if (l <= e.line()) {
                realLine = l;
            }
        }
        Commented found = null;
        for (Commented c : commentedHeaders) {
            if (c.line() > realLine && c.line() < e.line()) {
                found = c;
            }
        }
        return found;
    }
}
