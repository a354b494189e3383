package io.influxupgrade.commands.session;

import java.util.regex.Pattern;

/**
 * Removes secrets from command lines before they reach the history, the journal or a log: password
 * options and assignments, and passwords embedded in URLs.
 */
public final class Redactor {

    public static final String MASK = "********";

    private static final Pattern OPTION = Pattern.compile(
            "(?i)(--?(?:password|passwd|pass|secret|shared-secret|token)(?:=|\\s+))(\"[^\"]*\"|'[^']*'|\\S+)");
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "(?i)\\b((?:INFLUX_PASSWORD|INFLUXDB_[A-Z_]*(?:PASSWORD|SECRET)|password|shared-secret)\\s*[=:]\\s*)(\"[^\"]*\"|'[^']*'|\\S+)");
    private static final Pattern URL_USERINFO = Pattern.compile("(?i)(\\b[a-z][a-z0-9+.-]*://[^/\\s:@]+:)([^@\\s/]+)(@)");
    private static final Pattern WITH_PASSWORD = Pattern.compile("(?i)(\\bWITH\\s+PASSWORD\\s+)('(?:\\\\.|[^'])*'|\\S+)");

    private Redactor() {
    }

    public static String redact(String line) {
        if (line == null) {
            return null;
        }
        String s = OPTION.matcher(line).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(m.group(1) + MASK));
        s = ASSIGNMENT.matcher(s).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(m.group(1) + MASK));
        s = URL_USERINFO.matcher(s).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(m.group(1) + MASK + m.group(3)));
        s = WITH_PASSWORD.matcher(s).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(m.group(1) + MASK));
        return s;
    }
}
