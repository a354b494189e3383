package io.influxupgrade.commands.shard;

/**
 * One problem found on disk, as data: a stable id ({@code shard.non-tsm}, {@code tsm.crc}), a severity, a one-line
 * message that names the path, and the fix where there is one (null otherwise).
 */
public record Finding(String id, Severity severity, String message, String fix) {

    /** ERROR fails the command (exit 4); WARNING and NOTICE are printed only. */
    public enum Severity { ERROR, WARNING, NOTICE }

    public static Finding error(String id, String message, String fix) {
        return new Finding(id, Severity.ERROR, message, fix);
    }

    public static Finding warning(String id, String message, String fix) {
        return new Finding(id, Severity.WARNING, message, fix);
    }

    public static Finding notice(String id, String message, String fix) {
        return new Finding(id, Severity.NOTICE, message, fix);
    }

    /** One line for logs and failure summaries. */
    public String line() {
        return severity + " " + id + ": " + message + (fix == null ? "" : " (" + fix + ")");
    }
}
