package io.influxupgrade.shell.core;

import io.influxupgrade.commands.UpgradeException;

/** The exit-code table; only the shell knows these numbers. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int INTERNAL = 1;
    public static final int USAGE = 2;
    public static final int NOT_READY = 3;
    public static final int FAILED = 4;
    public static final int UNAVAILABLE = 5;

    private ExitCodes() {
    }

    public static int of(UpgradeException.Kind kind) {
        return switch (kind) {
            case USAGE -> USAGE;
            case NOT_READY -> NOT_READY;
            case FAILED -> FAILED;
            case UNAVAILABLE -> UNAVAILABLE;
        };
    }

    /** The error kind behind an exit code, for re-throwing a nested command's failure. */
    public static UpgradeException.Kind kindOf(int code) {
        return switch (code) {
            case USAGE -> UpgradeException.Kind.USAGE;
            case NOT_READY -> UpgradeException.Kind.NOT_READY;
            case FAILED -> UpgradeException.Kind.FAILED;
            default -> UpgradeException.Kind.UNAVAILABLE;
        };
    }

    /** The worse of two codes for --keep-going: an internal error is worst, then the higher number. */
    public static int worst(int a, int b) {
        if (a == INTERNAL || b == INTERNAL) {
            return INTERNAL;
        }
        return Math.max(a, b);
    }

    public static String kindName(int code) {
        return switch (code) {
            case OK -> "ok";
            case INTERNAL -> "internal";
            case USAGE -> "usage";
            case NOT_READY -> "not-ready";
            case FAILED -> "failed";
            case UNAVAILABLE -> "unavailable";
            default -> "error";
        };
    }
}
