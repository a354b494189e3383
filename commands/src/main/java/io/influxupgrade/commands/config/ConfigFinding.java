package io.influxupgrade.commands.config;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * One finding of a config diff or validation: which key (as written in the old file), where, what it held,
 * what the target makes of it, how serious that is and one line of advice.
 *
 * @param group       what kind of change (blocks-start, customised, renamed, removed, default-changed, new-in-target)
 * @param key         the key as in the old file, e.g. {@code data.cache-max-memory-size} or {@code graphite[1].templates}
 * @param line        its line in the old file, or null when the old file does not set it
 * @param oldValue    its value in the old file (TOML syntax; secrets redacted), or the old default when absent
 * @param targetKey   the key the target reads, or null when the target has none
 * @param targetValue the value the target will use (TOML syntax), or null
 */
public record ConfigFinding(Group group, Severity severity, String key, Integer line, String oldValue,
                            String targetKey, String targetValue, String advice) {

    /** How serious a finding is: ERROR blocks the start of the target. */
    public enum Severity { ERROR, WARNING, NOTICE }

    /** The groups of the issue, in report order. */
    public enum Group {
        BLOCKS_START, CUSTOMISED, RENAMED, REMOVED, DEFAULT_CHANGED, NEW_IN_TARGET;

        /** How JSON and tables name the group: its name in kebab case, e.g. {@code blocks-start}. */
        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
