package io.influxupgrade.shell.render;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** A text page being built: lines, key/value blocks and aligned tables. */
public final class Text {

    private final Style style;
    private final StringBuilder sb = new StringBuilder();

    Text(Style style) {
        this.style = style;
    }

    public Style style() {
        return style;
    }

    public Text line(String s) {
        sb.append(s == null ? "" : s).append('\n');
        return this;
    }

    public Text blank() {
        sb.append('\n');
        return this;
    }

    public Text heading(String s) {
        return line(style.header(s));
    }

    /** Aligned "key: value" lines; null values print as '-'. */
    public Text keyValues(List<String[]> pairs) {
        int w = pairs.stream().mapToInt(p -> p[0].length()).max().orElse(0);
        for (String[] p : pairs) {
            sb.append("  ").append(style.bold(pad(p[0] + ":", w + 1))).append(' ').append(p[1] == null ? "-" : p[1]).append('\n');
        }
        return this;
    }

    public Text kv(String key, Object value) {
        return keyValues(List.<String[]>of(new String[] {key, value == null ? null : String.valueOf(value)}));
    }

    /** A number as tables show them: digits with separators, maybe a byte unit ("6.5 KiB"). */
    private static final Pattern NUMBER = Pattern.compile("-?[0-9][0-9,.]*( ?[KMGT]?i?B)?");

    /** A table with a header row; cells may contain styling. Numbers are right-aligned. */
    public Text table(List<String> headers, List<List<String>> rows) {
        int n = headers.size();
        int[] w = new int[n];
        for (int i = 0; i < n; i++) {
            w[i] = headers.get(i).length();
        }
        boolean[] numeric = new boolean[n];
        Arrays.fill(numeric, !rows.isEmpty());
        for (List<String> r : rows) {
            for (int i = 0; i < n && i < r.size(); i++) {
                String c = cell(r.get(i));
                w[i] = Math.max(w[i], Style.visibleLength(c));
                if (numeric[i] && !c.equals("-") && !NUMBER.matcher(c).matches()) {
                    numeric[i] = false;
                }
            }
        }
        List<String> hdr = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            hdr.add(style.bold(align(headers.get(i), w[i], numeric[i])));
        }
        sb.append(String.join("  ", hdr).stripTrailing()).append('\n');
        for (List<String> r : rows) {
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                cells.add(align(i < r.size() ? cell(r.get(i)) : "", w[i], numeric[i]));
            }
            sb.append(String.join("  ", cells).stripTrailing()).append('\n');
        }
        return this;
    }

    private static String cell(String s) {
        return s == null ? "-" : s.replace('\n', ' ');
    }

    private static String align(String s, int width, boolean right) {
        int pad = width - Style.visibleLength(s);
        if (pad <= 0) {
            return s;
        }
        return right ? " ".repeat(pad) + s : s + " ".repeat(pad);
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }

    String render() {
        return sb.toString();
    }

    /** Human-readable byte count (KiB, MiB, ...). */
    public static String bytes(long b) {
        if (b < 1024) {
            return b + " B";
        }
        String[] u = {"KiB", "MiB", "GiB", "TiB"};
        double v = b;
        int i = -1;
        while (v >= 1024 && i < u.length - 1) {
            v /= 1024;
            i++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, u[i]);
    }
}
