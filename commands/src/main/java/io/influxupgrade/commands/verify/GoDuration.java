package io.influxupgrade.commands.verify;

import io.influxupgrade.commands.UpgradeException;

import java.math.BigDecimal;

/**
 * Durations as InfluxDB prints them (Go's {@code time.Duration} text, e.g. {@code 168h0m0s}). Old releases,
 * built with Go before 1.7, print zero as {@code 0} instead of {@code 0s}; both parse to the same value,
 * and {@link #format} always gives today's form, so a baseline compares by value, not by text.
 */
public final class GoDuration {

    private static final long NS = 1, US = 1_000, MS = 1_000_000, S = 1_000_000_000L, M = 60 * S, H = 60 * M;

    private GoDuration() {
    }

    /** Parses {@code 1h30m}, {@code 168h0m0s}, {@code 1.5s}, {@code 0}, {@code INF} (0) into nanoseconds. */
    public static long parse(String text) {
        if (text == null) {
            throw UpgradeException.failed("duration is missing");
        }
        String s = text.trim();
        if (s.equals("0") || s.equalsIgnoreCase("inf")) {
            return 0;
        }
        boolean negative = s.startsWith("-");
        if (negative || s.startsWith("+")) {
            s = s.substring(1);
        }
        if (s.isEmpty()) {
            throw bad(text);
        }
        BigDecimal total = BigDecimal.ZERO;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            if (start == i) {
                throw bad(text);
            }
            BigDecimal number;
            try {
                number = new BigDecimal(s.substring(start, i));
            } catch (NumberFormatException e) {
                throw bad(text);
            }
            int u = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            long unit = switch (s.substring(u, i)) {
                case "ns" -> NS;
                case "us", "µs", "μs" -> US;
                case "ms" -> MS;
                case "s" -> S;
                case "m" -> M;
                case "h" -> H;
                default -> throw bad(text);
            };
            total = total.add(number.multiply(BigDecimal.valueOf(unit)));
        }
        try {
            long v = total.longValueExact();
            return negative ? -v : v;
        } catch (ArithmeticException e) {
            throw bad(text);
        }
    }

    /** Go's {@code time.Duration.String()} for {@code nanos}: {@code 0s}, {@code 1h0m0s}, {@code 1.5s}, {@code 250ms}. */
    public static String format(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        if (nanos == Long.MIN_VALUE) {
            return "-2562047h47m16.854775808s";
        }
        String sign = nanos < 0 ? "-" : "";
        long u = Math.abs(nanos);
        if (u < S) {
            if (u < US) {
                return sign + u + "ns";
            }
            if (u < MS) {
                return sign + fraction(u, US) + "µs";
            }
            return sign + fraction(u, MS) + "ms";
        }
        long hours = u / H;
        long minutes = (u % H) / M;
        long rest = u % M;
        StringBuilder b = new StringBuilder(sign);
        if (hours > 0) {
            b.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            b.append(minutes).append('m');
        }
        return b.append(fraction(rest, S)).append('s').toString();
    }

    private static String fraction(long value, long unit) {
        BigDecimal d = BigDecimal.valueOf(value).divide(BigDecimal.valueOf(unit)).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
    }

    /** The canonical form of a duration text, or the text unchanged when it is not a duration. */
    public static String canonical(String text) {
        try {
            return format(parse(text));
        } catch (UpgradeException e) {
            return text;
        }
    }

    private static UpgradeException bad(String text) {
        return UpgradeException.failed("'" + text + "' is not a duration (expected e.g. 168h0m0s)");
    }
}
