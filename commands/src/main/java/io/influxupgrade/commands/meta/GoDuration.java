package io.influxupgrade.commands.meta;

/** Formats nanosecond durations exactly as Go's {@code time.Duration.String()} does ({@code 0s}, {@code 168h0m0s}, {@code 1.5ms}). */
public final class GoDuration {

    private static final long SECOND = 1_000_000_000L;

    private GoDuration() {
    }

    public static String format(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        boolean negative = nanos < 0;
        long u = negative ? -nanos : nanos; // Long.MIN_VALUE stays "negative": handled as unsigned below
        StringBuilder sb = new StringBuilder();
        if (Long.compareUnsigned(u, SECOND) < 0) {
            if (u < 1_000) {
                sb.append(u).append("ns");
            } else if (u < 1_000_000) {
                sb.append(fraction(u, 3)).append("µs");
            } else {
                sb.append(fraction(u, 6)).append("ms");
            }
        } else {
            String frac = fractionDigits(Long.remainderUnsigned(u, SECOND), 9);
            long w = Long.divideUnsigned(u, SECOND);
            sb.append(w % 60).append(frac).append('s');
            w /= 60;
            if (w > 0) {
                sb.insert(0, (w % 60) + "m");
                w /= 60;
                if (w > 0) {
                    sb.insert(0, w + "h");
                }
            }
        }
        return negative ? "-" + sb : sb.toString();
    }

    private static String fraction(long v, int precision) {
        long pow = (long) Math.pow(10, precision);
        return (v / pow) + fractionDigits(v % pow, precision);
    }

    private static String fractionDigits(long frac, int precision) {
        if (frac == 0) {
            return "";
        }
        String digits = String.format("%0" + precision + "d", frac);
        int end = digits.length();
        while (end > 0 && digits.charAt(end - 1) == '0') {
            end--;
        }
        return "." + digits.substring(0, end);
    }
}
