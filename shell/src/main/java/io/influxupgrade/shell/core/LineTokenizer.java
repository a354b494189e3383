package io.influxupgrade.shell.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command line like a POSIX shell does: 'single quotes' keep everything, "double quotes" allow
 * backslash escapes, a backslash outside quotes escapes the next character, and an unquoted {@code #} at
 * the start of a word starts a comment.
 */
public final class LineTokenizer {

    /** A line that cannot be split (an open quote, a trailing backslash). */
    public static final class SyntaxError extends RuntimeException {
        public SyntaxError(String message) {
            super(message);
        }
    }

    private LineTokenizer() {
    }

    public static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        int n = line.length();
        for (int i = 0; i < n; i++) {
            char c = line.charAt(i);
            if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new SyntaxError("unterminated single quote at column " + (i + 1));
                }
                cur.append(line, i + 1, end);
                i = end;
                inWord = true;
            } else if (c == '"') {
                int j = i + 1;
                boolean closed = false;
                while (j < n) {
                    char d = line.charAt(j);
                    if (d == '\\' && j + 1 < n) {
                        char e = line.charAt(j + 1);
                        if (e == '"' || e == '\\' || e == '$' || e == '`') {
                            cur.append(e);
                        } else if (e == 'n') {
                            cur.append('\n');
                        } else if (e == 't') {
                            cur.append('\t');
                        } else {
                            cur.append('\\').append(e);
                        }
                        j += 2;
                    } else if (d == '"') {
                        closed = true;
                        break;
                    } else {
                        cur.append(d);
                        j++;
                    }
                }
                if (!closed) {
                    throw new SyntaxError("unterminated double quote at column " + (i + 1));
                }
                i = j;
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 >= n) {
                    throw new SyntaxError("trailing backslash at column " + (i + 1));
                }
                cur.append(line.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
            } else if (c == '#' && !inWord) {
                break;
            } else {
                cur.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(cur.toString());
        }
        return words;
    }

    /** Joins words back into a line that {@link #split} turns into the same words. */
    public static String join(List<String> words) {
        StringBuilder sb = new StringBuilder();
        for (String w : words) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(quote(w));
        }
        return sb.toString();
    }

    public static String quote(String w) {
        if (!w.isEmpty() && w.chars().allMatch(ch -> Character.isLetterOrDigit(ch) || "-_./:=,@%+~^".indexOf(ch) >= 0)) {
            return w;
        }
        return "'" + w.replace("'", "'\\''") + "'";
    }
}
