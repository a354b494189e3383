package io.influxupgrade.commands.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Go's {@code time.Duration} text, the one codec for it: {@link #parse} reads what Go's {@code time.ParseDuration}
 * accepts (influxdb.conf values, {@code --timeout}), {@link #parseInflux} also what InfluxDB prints (old releases,
 * built with Go before 1.7, print zero as {@code 0}; a retention policy that keeps data forever shows {@code INF}),
 * and {@link #format} gives {@code time.Duration.String()} ({@code 0s}, {@code 168h0m0s}, {@code 1.5ms}).
 */
public final class GoDuration {

    private static final long US = 1_000, MS = 1_000_000, S = 1_000_000_000L, M = 60 * S, H = 60 * M;
    private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger MIN_ABS = MAX.add(BigInteger.ONE);

    private GoDuration() {
    }

    /**
     * Nanoseconds of {@code [-+]?([0-9]*(\.[0-9]*)?[a-z]+)+} with the units ns, us (µs, μs), ms, s, m, h; a bare
     * {@code 0} is zero. Fractions of a nanosecond are dropped, as Go does. Throws IllegalArgumentException with
     * Go's wording ({@code time: invalid duration "x"}, {@code time: missing unit in duration "600"},
     * {@code time: unknown unit "d" in duration "7d"}).
     */
    public static long parse(String text) {
        String s = text;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return 0;
        }
        if (s.isEmpty()) {
            throw invalid(text);
        }
        BigDecimal total = BigDecimal.ZERO;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && isDigit(s.charAt(i))) {
                i++;
            }
            boolean whole = i > start;
            boolean fraction = false;
            if (i < s.length() && s.charAt(i) == '.') {
                int dot = ++i;
                while (i < s.length() && isDigit(s.charAt(i))) {
                    i++;
                }
                fraction = i > dot;
            }
            if (!whole && !fraction) {
                throw invalid(text);
            }
            String number = s.substring(start, i);
            int u = i;
            while (i < s.length() && s.charAt(i) != '.' && !isDigit(s.charAt(i))) {
                i++;
            }
            if (u == i) {
                throw new IllegalArgumentException("time: missing unit in duration " + quote(text));
            }
            String unit = s.substring(u, i);
            long nanos = switch (unit) {
                case "ns" -> 1;
                case "us", "µs", "μs" -> US;
                case "ms" -> MS;
                case "s" -> S;
                case "m" -> M;
                case "h" -> H;
                default -> throw new IllegalArgumentException("time: unknown unit " + quote(unit) + " in duration " + quote(text));
            };
            BigDecimal value = new BigDecimal(number.startsWith(".") ? "0" + number : number.endsWith(".") ? number + "0" : number);
            total = total.add(value.multiply(BigDecimal.valueOf(nanos)));
        }
        BigInteger whole = total.setScale(0, RoundingMode.DOWN).toBigIntegerExact();
        if (whole.compareTo(negative ? MIN_ABS : MAX) > 0) {
            throw invalid(text);
        }
        return negative ? whole.negate().longValue() : whole.longValue();
    }

    /**
     * A duration as InfluxDB prints it: {@link #parse} after trimming, plus {@code 0} and {@code INF} (any case)
     * as zero. Throws IllegalArgumentException for anything else.
     */
    public static long parseInflux(String text) {
        if (text == null) {
            throw new IllegalArgumentException("duration is missing");
        }
        String s = text.trim();
        if (s.equalsIgnoreCase("inf")) {
            return 0;
        }
        return parse(s);
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
            return sign + (u < MS ? fraction(u, US) + "µs" : fraction(u, MS) + "ms");
        }
        long hours = u / H;
        long minutes = (u % H) / M;
        StringBuilder b = new StringBuilder(sign);
        if (hours > 0) {
            b.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            b.append(minutes).append('m');
        }
        return b.append(fraction(u % M, S)).append('s').toString();
    }

    /** The canonical form of a duration as InfluxDB prints it ({@link #parseInflux}), or the text unchanged when it is none. */
    public static String canonical(String text) {
        try {
            return format(parseInflux(text));
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    private static String fraction(long value, long unit) {
        BigDecimal d = BigDecimal.valueOf(value).divide(BigDecimal.valueOf(unit)).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("time: invalid duration " + quote(text));
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }
}
