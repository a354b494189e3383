package io.influxupgrade.commands.check;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Check ids as {@code check --include}/{@code --exclude} take them: comma-separated, blanks ignored, in the order typed.
 * Whether each id exists is the preflight's to say ({@link PreflightCheckCommand}), since only it knows the checks.
 */
public record CheckIds(Set<String> ids) {

    public static final CheckIds NONE = new CheckIds(Set.of());

    public CheckIds {
        ids = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(ids));
    }

    /** Parses {@code a,b , c}; a blank word is no ids. */
    public static CheckIds parse(String csv) {
        return new CheckIds(new LinkedHashSet<>(Arrays.stream(csv.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList()));
    }

    /** {@code ids} or {@link #NONE} when null (an option not given). */
    public static CheckIds orNone(CheckIds ids) {
        return ids == null ? NONE : ids;
    }
}
