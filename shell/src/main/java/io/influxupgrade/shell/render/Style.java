package io.influxupgrade.shell.render;

/**
 * ANSI styling that degrades to plain text: off with --no-color, NO_COLOR, a dumb terminal, JSON output,
 * or when stdout is not a terminal.
 */
public record Style(boolean enabled) {

    private static final String RESET = "\u001b[0m";

    public String bold(String s) {
        return wrap("\u001b[1m", s);
    }

    public String ok(String s) {
        return wrap("\u001b[32m", s);
    }

    public String warn(String s) {
        return wrap("\u001b[33m", s);
    }

    public String error(String s) {
        return wrap("\u001b[31m", s);
    }

    public String dim(String s) {
        return wrap("\u001b[2m", s);
    }

    public String header(String s) {
        return wrap("\u001b[1;36m", s);
    }

    /** Colours a severity word: ERROR red, WARNING yellow, others dim. */
    public String severity(String s) {
        if (s == null) {
            return "";
        }
        return switch (s) {
            case "ERROR" -> error(s);
            case "WARNING" -> warn(s);
            default -> s;
        };
    }

    private String wrap(String code, String s) {
        return enabled && s != null && !s.isEmpty() ? code + s + RESET : s;
    }

    private static final java.util.regex.Pattern ESCAPE = java.util.regex.Pattern.compile("\u001b\\[[0-9;]*m");

    /** Length of a string as shown, without escape codes (tables measure every cell: plain text needs no regex). */
    public static int visibleLength(String s) {
        String plain = strip(s);
        return plain.codePointCount(0, plain.length());
    }

    /** The text without escape codes. */
    public static String strip(String s) {
        return s.indexOf('\u001b') < 0 ? s : ESCAPE.matcher(s).replaceAll("");
    }
}
