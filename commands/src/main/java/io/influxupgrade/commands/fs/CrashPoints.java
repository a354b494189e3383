package io.influxupgrade.commands.fs;

/**
 * A test hook for crash-safety tests: when the system property {@code influx.upgrade.crashAfter} (or the
 * environment variable {@code INFLUX_UPGRADE_CRASH_AFTER}) is N, the JVM halts abruptly (as SIGKILL would
 * leave it) at the N-th durable step. Unset, it costs one volatile read per step.
 */
public final class CrashPoints {

    private static final long LIMIT = limit();
    private static long count;

    private CrashPoints() {
    }

    /** Marks one durable step (a written temp file, a rename, a removed file). */
    public static synchronized void tick(String what) {
        if (LIMIT <= 0) {
            return;
        }
        count++;
        if (count >= LIMIT) {
            System.err.println("crash point " + count + ": halting after " + what);
            System.err.flush();
            Runtime.getRuntime().halt(137);
        }
    }

    private static long limit() {
        String v = System.getProperty("influx.upgrade.crashAfter", System.getenv("INFLUX_UPGRADE_CRASH_AFTER"));
        try {
            return v == null || v.isBlank() ? 0 : Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
