package io.influxupgrade.commands.verify;

/**
 * InfluxQL quoting that round-trips every name InfluxDB 1.x accepts: identifiers are always double-quoted,
 * never concatenated raw. InfluxQL does not accept a doubled quote ({@code "my ""db"""}); inside a quoted
 * identifier or string it takes backslash escapes: {@code \"}, {@code \'}, {@code \\} and {@code \n}
 * (checked against influxd 1.6.7: a raw newline ends the token, {@code ""} is a parse error).
 */
public final class InfluxQl {

    private InfluxQl() {
    }

    /** {@code name} as a double-quoted InfluxQL identifier, e.g. {@code my "db"} → {@code "my \"db\""}. */
    public static String ident(String name) {
        return quote(name, '"');
    }

    /** {@code s} as a single-quoted InfluxQL string literal. */
    public static String literal(String s) {
        return quote(s, '\'');
    }

    private static String quote(String s, char q) {
        StringBuilder b = new StringBuilder(s.length() + 2).append(q);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' || c == q) {
                b.append('\\').append(c);
            } else if (c == '\n') {
                b.append("\\n");
            } else {
                b.append(c);
            }
        }
        return b.append(q).toString();
    }

    /**
     * A name made printable on one line for messages: quoted like {@link #ident} (so a newline shows as
     * {@code \n}); a carriage return or other control character shows as {@code \\uXXXX}.
     */
    public static String display(String name) {
        String q = ident(name);
        StringBuilder b = new StringBuilder(q.length());
        for (int i = 0; i < q.length(); i++) {
            char c = q.charAt(i);
            if (Character.isISOControl(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
