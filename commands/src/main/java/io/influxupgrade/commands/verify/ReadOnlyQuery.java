package io.influxupgrade.commands.verify;

import io.influxupgrade.commands.UpgradeException;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The guard of {@code query}: exactly one SHOW, SELECT or EXPLAIN statement, with no {@code INTO} clause,
 * judged after comments and outside quoted identifiers, strings and regexes. Anything else is a usage
 * error: this shell never writes through {@code query}, and influxd would run a write sent as a GET.
 */
public final class ReadOnlyQuery {

    private static final Pattern FIRST_WORD = Pattern.compile("^([A-Za-z_]+)");
    private static final Pattern INTO = Pattern.compile("(?i)(^|[^A-Za-z0-9_])INTO([^A-Za-z0-9_]|$)");
    private static final Pattern REGEX_BEFORE = Pattern.compile("(?i)(?:(?:^|[^A-Za-z0-9_])(?:FROM|SELECT)|=~|!~|,|\\()\\s*$");

    private ReadOnlyQuery() {
    }

    /** Returns the statement (without a trailing {@code ;}) when it is read-only, else throws USAGE. */
    public static String check(String influxql) {
        if (influxql == null || influxql.isBlank()) {
            throw UpgradeException.usage("query: empty query (expected a SHOW, SELECT or EXPLAIN statement)");
        }
        String masked = mask(influxql);
        String trimmed = masked.strip();
        int end = influxql.length();
        if (trimmed.endsWith(";")) {
            int semi = masked.lastIndexOf(';');
            trimmed = trimmed.substring(0, trimmed.length() - 1).strip();
            end = semi;
        }
        if (trimmed.indexOf(';') >= 0) {
            throw UpgradeException.usage("query: only one statement at a time (found ';' between statements)");
        }
        Matcher m = FIRST_WORD.matcher(trimmed);
        String word = m.find() ? m.group(1).toUpperCase(Locale.ROOT) : "";
        if (!word.equals("SHOW") && !word.equals("SELECT") && !word.equals("EXPLAIN")) {
            throw UpgradeException.usage("query: only SHOW, SELECT and EXPLAIN statements are allowed (read-only), not "
                    + (word.isEmpty() ? "this statement" : word));
        }
        if (INTO.matcher(trimmed).find()) {
            throw UpgradeException.usage("query: SELECT … INTO writes data and is not allowed (read-only)");
        }
        return influxql.substring(0, end).strip();
    }

    /** The query with comments blanked and quoted or regex text replaced, same length; throws on an open quote. */
    static String mask(String q) {
        StringBuilder out = new StringBuilder(q.length());
        int i = 0;
        int n = q.length();
        while (i < n) {
            char c = q.charAt(i);
            if (c == '-' && i + 1 < n && q.charAt(i + 1) == '-') {
                while (i < n && q.charAt(i) != '\n') {
                    out.append(' ');
                    i++;
                }
            } else if (c == '/' && i + 1 < n && q.charAt(i + 1) == '*') {
                int close = q.indexOf("*/", i + 2);
                if (close < 0) {
                    throw UpgradeException.usage("query: unterminated /* comment");
                }
                out.append(" ".repeat(close + 2 - i));
                i = close + 2;
            } else if (c == '\'' || c == '"' || (c == '/' && REGEX_BEFORE.matcher(out).find())) {
                int j = i + 1;
                boolean closed = false;
                while (j < n) {
                    char d = q.charAt(j);
                    if (d == '\\' && j + 1 < n) {
                        j += 2;
                        continue;
                    }
                    if (d == c) {
                        closed = true;
                        break;
                    }
                    if (d == '\n' && c != '/') {
                        break;
                    }
                    j++;
                }
                if (!closed) {
                    throw UpgradeException.usage("query: unterminated " + (c == '/' ? "regex" : "quote " + c)
                            + " (InfluxQL escapes a quote inside quotes as \\" + c + ")");
                }
                out.append(c).append("x".repeat(j - i - 1)).append(c);
                i = j + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
