package io.influxupgrade.commands.verify;

/**
 * One difference between a baseline and now: the object (e.g. {@code retention policy "db"."rp"}), what
 * changed ({@code missing}, {@code added}, {@code changed}), the attribute for a change, both values,
 * and whether it fails the comparison (more shards or points than before does not).
 */
public record Difference(String object, String change, String attribute, String baseline, String now, boolean failing) {

    public static Difference missing(String object) {
        return new Difference(object, "missing", null, "present", "absent", true);
    }

    public static Difference added(String object) {
        return new Difference(object, "added", null, "absent", "present", true);
    }

    public static Difference changed(String object, String attribute, Object baseline, Object now, boolean failing) {
        return new Difference(object, "changed", attribute, String.valueOf(baseline), String.valueOf(now), failing);
    }

    /** More than before (points, series, shards written since): reported, never a failure. */
    public static Difference grew(String object, String attribute, Object baseline, Object now) {
        return new Difference(object, "grew", attribute, String.valueOf(baseline), String.valueOf(now), false);
    }

    /** One line, e.g. {@code retention policy "db"."rp": duration 48h0m0s → 72h0m0s}. */
    public String message() {
        return switch (change) {
            case "missing" -> object + ": missing now";
            case "added" -> object + ": added since the baseline";
            case "grew" -> object + (attribute == null ? ": added since the baseline" : ": " + attribute + " " + baseline + " → " + now)
                    + " (grew: not a loss)";
            default -> object + ": " + attribute + " " + baseline + " → " + now + (failing ? "" : " (not a failure)");
        };
    }
}
