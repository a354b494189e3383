package io.influxupgrade.commands;

/**
 * The one expected failure type of the engine: a one-line message that names the object and the fix,
 * plus a {@link Kind} that the shell maps to an exit code. Never used for bugs.
 */
public final class UpgradeException extends RuntimeException {

    /** What went wrong, in the terms of the exit-code table (the shell owns the numbers). */
    public enum Kind {
        /** Unknown command or option, bad value. */
        USAGE,
        /** A precondition is missing: no backup recorded, service still running, wrong binary. */
        NOT_READY,
        /** A check or verification failed: findings with severity ERROR, a mismatch, corrupt content. */
        FAILED,
        /** Server unreachable, binary missing, file unreadable, permission denied, disk full. */
        UNAVAILABLE
    }

    private final Kind kind;

    public UpgradeException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public UpgradeException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static UpgradeException usage(String message) {
        return new UpgradeException(Kind.USAGE, message);
    }

    public static UpgradeException notReady(String message) {
        return new UpgradeException(Kind.NOT_READY, message);
    }

    public static UpgradeException failed(String message) {
        return new UpgradeException(Kind.FAILED, message);
    }

    public static UpgradeException failed(String message, Throwable cause) {
        return new UpgradeException(Kind.FAILED, message, cause);
    }

    public static UpgradeException unavailable(String message) {
        return new UpgradeException(Kind.UNAVAILABLE, message);
    }

    public static UpgradeException unavailable(String message, Throwable cause) {
        return new UpgradeException(Kind.UNAVAILABLE, message, cause);
    }
}
