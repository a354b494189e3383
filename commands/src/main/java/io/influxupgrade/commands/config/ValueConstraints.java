package io.influxupgrade.commands.config;

import io.influxupgrade.commands.config.ConfigKnowledge.KeyDef;
import io.influxupgrade.commands.config.ConfigKnowledge.Type;

import java.util.List;

/**
 * What the target checks of a value beyond its type when it starts: allowed values, minimums, non-empty strings and
 * graphite templates and tags; and the rewrites of values the target would refuse.
 */
final class ValueConstraints {

    private ValueConstraints() {
    }

    /**
     * A value the target refuses, rewritten as it accepts it: a duration in days or weeks in hours, a size string as a
     * byte count; null when there is no such rewrite.
     */
    static Object fix(Object value, Type type) {
        if (type == Type.DURATION && value instanceof String s) {
            return ConfigValues.rewriteDaysWeeks(s);
        }
        if (type == Type.INT && value instanceof String s) {
            try {
                return ConfigValues.parseSize(s); // a size string written for a release that wants plain bytes
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    /** Why the target refuses to start with {@code value} for {@code def} (enum, minimum, graphite templates...), or null. */
    static String constraint(KeyDef def, Object value, Type type) {
        Object n;
        try {
            n = ConfigValues.normalise(value, type, def.plainDuration());
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (def.enumValues() != null && n instanceof String s && !def.enumValues().contains(s)) {
            return def.key() + " must be one of " + String.join(", ", def.enumValues());
        }
        if (def.min() != null && n instanceof Long l && l < def.min()) {
            return def.key() + " must be at least " + def.min();
        }
        if (def.positive() && n instanceof Long l && l <= 0) {
            return def.key() + " must be greater than 0";
        }
        if (def.nonEmpty() && n instanceof String s && s.isEmpty()) {
            return def.key() + " must not be empty";
        }
        if (def.section().equals("graphite") && n instanceof List<?> items) {
            for (Object o : items) {
                String problem = def.key().equals("templates") ? graphiteTemplate((String) o) : graphiteTag((String) o);
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }

    /** The graphite service refuses a template without a measurement part and tags that are not key=value. */
    private static String graphiteTemplate(String line) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length == 0 || parts.length > 3 || parts[0].isEmpty()) {
            return "invalid graphite template `" + line + "`";
        }
        String template = parts.length == 1 ? parts[0]
                : parts.length == 3 ? parts[1] : parts[1].contains("=") ? parts[0] : parts[1];
        if (parts.length >= 2 && parts[parts.length - 1].contains("=")) {
            String tagProblem = graphiteTags(parts[parts.length - 1]);
            if (tagProblem != null) {
                return tagProblem;
            }
        }
        for (String field : template.split("\\.")) {
            if (field.startsWith("measurement")) {
                return null;
            }
        }
        return "no measurement in graphite template `" + line + "`";
    }

    private static String graphiteTags(String tags) {
        for (String t : tags.split(",")) {
            if (graphiteTag(t) != null) {
                return graphiteTag(t);
            }
        }
        return null;
    }

    private static String graphiteTag(String tag) {
        int eq = tag.indexOf('=');
        return eq <= 0 || eq == tag.length() - 1 ? "invalid graphite tag `" + tag + "` (want key=value)" : null;
    }
}
