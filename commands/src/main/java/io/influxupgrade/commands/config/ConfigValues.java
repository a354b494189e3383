package io.influxupgrade.commands.config;

import io.influxupgrade.commands.codec.GoDuration;
import io.influxupgrade.commands.config.ConfigKnowledge.Type;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsing and normalisation of influxdb.conf values the way the Go server reads them: durations as Go
 * {@code time.ParseDuration} does, sizes as the 1.4+ {@code toml.Size} does, so that equal settings compare equal.
 */
public final class ConfigValues {

    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h|d|w)?");
    private static final Pattern SIZE = Pattern.compile("(\\d+)([kKmMgG]?)");

    private ConfigValues() {
    }

    private static long unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs", "μs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            case "d" -> 86_400_000_000_000L;
            case "w" -> 604_800_000_000_000L;
            default -> throw new IllegalArgumentException("unit " + unit);
        };
    }

    /**
     * Rewrites a duration that uses the (invalid in Go) units d or w into hours, e.g. "7d" → "168h";
     * returns null when the text has no such unit or is not a duration even then.
     */
    public static String rewriteDaysWeeks(String text) {
        if (!text.matches(".*\\d[dw].*")) {
            return null;
        }
        BigDecimal total = BigDecimal.ZERO;
        int pos = 0;
        Matcher m = DURATION_PART.matcher(text);
        while (pos < text.length()) {
            if (!m.find(pos) || m.start() != pos || m.group(2) == null) {
                return null;
            }
            total = total.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitNanos(m.group(2)))));
            pos = m.end();
        }
        BigDecimal hours = total.divide(BigDecimal.valueOf(3_600_000_000_000L));
        if (hours.stripTrailingZeros().scale() > 0) {
            return null;
        }
        return hours.toBigInteger() + "h";
    }

    /** Bytes of a size: digits, optionally followed by k, m or g (either case, 1k = 1024). */
    public static long parseSize(String text) {
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid size \"" + text + "\" (use bytes or a k/m/g suffix, e.g. \"1g\")");
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("size \"" + text + "\" is too large");
        }
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            default -> 0;
        };
        if (shift > 0 && n > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("size \"" + text + "\" is too large");
        }
        return n << shift;
    }

    /** {@code value} itself when TOML gave it as {@code kind}; else the one-line refusal that names what was {@code expected}. */
    private static Object asIs(Object value, Class<?> kind, String expected) {
        if (kind.isInstance(value)) {
            return value;
        }
        throw wrongType(value, expected);
    }

    /**
     * The value in a comparable canonical form for that type (durations and sizes as Long, arrays as
     * List); IllegalArgumentException with a one-line reason when the server would refuse it.
     */
    public static Object normalise(Object value, Type type, boolean plainDuration) {
        if (value == null) {
            return null;
        }
        switch (type) {
            case DURATION -> {
                if (value instanceof String s) {
                    return GoDuration.parse(s);
                }
                if (value instanceof Long l) {
                    if (l == 0 || plainDuration) {
                        return l;
                    }
                    throw new IllegalArgumentException("time: missing unit in duration \"" + l
                            + "\" (write a string with a unit, e.g. \"" + l + "s\")");
                }
                throw wrongType(value, "a duration string such as \"10s\"");
            }
            case SIZE -> {
                if (value instanceof Long l) {
                    if (l < 0) {
                        throw new IllegalArgumentException("invalid size " + l + " (negative)");
                    }
                    return l;
                }
                if (value instanceof String s) {
                    return parseSize(s);
                }
                throw wrongType(value, "a size (bytes, or a string such as \"1g\")");
            }
            case INT -> {
                return asIs(value, Long.class, "an integer");
            }
            case FLOAT -> {
                if (value instanceof Double d) {
                    return d;
                }
                if (value instanceof Long l) {
                    return l.doubleValue();
                }
                throw wrongType(value, "a number");
            }
            case BOOL -> {
                return asIs(value, Boolean.class, "true or false");
            }
            case STRING -> {
                return asIs(value, String.class, "a string");
            }
            case ARRAY -> {
                if (value instanceof List<?> l) {
                    List<Object> out = new ArrayList<>();
                    for (Object o : l) {
                        if (!(o instanceof String)) {
                            throw wrongType(o, "a list of strings");
                        }
                        out.add(o);
                    }
                    return out;
                }
                throw wrongType(value, "a list of strings");
            }
            default -> throw new IllegalStateException(type.toString());
        }
    }

    /** Null when the value is acceptable for the type, otherwise the reason. */
    public static String problem(Object value, Type type, boolean plainDuration) {
        try {
            normalise(value, type, plainDuration);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** True when both values mean the same for that type (e.g. "1h" and "60m0s"); unparseable values compare as written. */
    public static boolean same(Object a, Object b, Type type, boolean plainDuration) {
        if (a == null || b == null) {
            return a == b;
        }
        try {
            return normalise(a, type, plainDuration).equals(normalise(b, type, plainDuration));
        } catch (IllegalArgumentException e) {
            return a.equals(b);
        }
    }

    private static IllegalArgumentException wrongType(Object value, String expected) {
        return new IllegalArgumentException("incompatible types: " + kind(value) + " " + literal(value)
                + " where " + expected + " is expected");
    }

    /** The TOML kind of a parsed value, in words. */
    public static String kind(Object value) {
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Long) {
            return "integer";
        }
        if (value instanceof Double) {
            return "float";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        if (value instanceof List) {
            return "array";
        }
        return value == null ? "nothing" : "table";
    }

    /** The value written as TOML. */
    public static String literal(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof String s) {
            return quote(s);
        }
        if (value instanceof List<?> l) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < l.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(literal(l.get(i)));
            }
            return sb.append(']').toString();
        }
        if (value instanceof Double d) {
            String s = d.toString();
            return s.contains("E") ? String.format(Locale.ROOT, "%f", d) : s;
        }
        return String.valueOf(value);
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
