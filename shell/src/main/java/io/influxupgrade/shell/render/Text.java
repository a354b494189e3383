package io.influxupgrade.shell.render;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** A text page being built: lines, key/value blocks and aligned tables. */
public final class Text {

    private final Style style;
    private final int width;
    private final StringBuilder sb = new StringBuilder();

    Text(Style style) {
        this(style, 0);
    }

    /** {@code width}: the columns tables must fit in (0: no limit). */
    Text(Style style, int width) {
        this.style = style;
        this.width = width;
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
        int[] word = new int[n]; // the longest word of each column: narrowing stops there first, so words stay whole
        for (List<String> r : rows) {
            for (int i = 0; i < n && i < r.size(); i++) {
                for (String part : Style.strip(cell(r.get(i))).split(" ")) {
                    word[i] = Math.max(word[i], part.codePointCount(0, part.length()));
                }
            }
        }
        fit(w, word);
        List<String> hdr = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            hdr.add(style.bold(align(clip(headers.get(i), w[i]), w[i], numeric[i])));
        }
        sb.append(String.join("  ", hdr).stripTrailing()).append('\n');
        for (List<String> r : rows) {
            // each cell wraps word-wise inside its column; the row takes as many lines as its tallest cell
            List<List<String>> cells = new ArrayList<>();
            int height = 1;
            for (int i = 0; i < n; i++) {
                String c = i < r.size() ? cell(r.get(i)) : "";
                List<String> lines = Style.visibleLength(c) <= w[i] ? List.of(c) : wrap(Style.strip(c), w[i]);
                cells.add(lines);
                height = Math.max(height, lines.size());
            }
            for (int line = 0; line < height; line++) {
                List<String> out = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    List<String> lines = cells.get(i);
                    out.add(align(line < lines.size() ? lines.get(line) : "", w[i], numeric[i]));
                }
                sb.append(String.join("  ", out).stripTrailing()).append('\n');
            }
        }
        return this;
    }

    /** The narrowest a column is made to fit the width. */
    private static final int MIN_COLUMN = 12;

    /**
     * Makes the columns fit {@link #width} by narrowing the widest column, one column at a time: first never below
     * its longest word, then, if that is not enough, down to {@link #MIN_COLUMN}; their cells then wrap (with
     * {@code --wide}, width 0, nothing changes).
     */
    private void fit(int[] w, int[] word) {
        int n = w.length;
        if (width <= 0 || n == 0) {
            return;
        }
        int total = 2 * (n - 1);
        for (int x : w) {
            total += x;
        }
        int over = total - width;
        // first without cutting a word (a timestamp, a path), then down to MIN_COLUMN if that is not enough
        for (int pass = 0; pass < 2 && over > 0; pass++) {
            int[] floor = new int[n];
            for (int i = 0; i < n; i++) {
                floor[i] = pass == 0 ? Math.max(MIN_COLUMN, word[i]) : MIN_COLUMN;
            }
            while (over > 0) {
                int widest = -1;
                for (int i = 0; i < n; i++) {
                    if (w[i] > floor[i] && (widest < 0 || w[i] >= w[widest])) {
                        widest = i;
                    }
                }
                if (widest < 0) {
                    break;
                }
                int second = floor[widest];
                for (int i = 0; i < n; i++) {
                    if (i != widest) {
                        second = Math.max(second, Math.min(w[i], w[widest]));
                    }
                }
                int cut = Math.max(1, Math.min(over, w[widest] - Math.max(floor[widest], second)));
                w[widest] -= cut;
                over -= cut;
            }
        }
    }

    /** A header cut to {@code w} visible columns, ending in an ellipsis when cut. */
    private static String clip(String s, int w) {
        if (Style.visibleLength(s) <= w) {
            return s;
        }
        String plain = Style.strip(s);
        return plain.substring(0, Math.max(0, w - 1)) + "…";
    }

    /** Word-wise lines of at most {@code w} characters; a word longer than that is cut. */
    static List<String> wrap(String s, int w) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : s.split(" ")) {
            while (word.length() > w) {
                if (line.length() > 0) {
                    out.add(line.toString());
                    line.setLength(0);
                }
                out.add(word.substring(0, w));
                word = word.substring(w);
            }
            if (line.length() > 0 && line.length() + 1 + word.length() > w) {
                out.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0 || out.isEmpty()) {
            out.add(line.toString());
        }
        return out;
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
