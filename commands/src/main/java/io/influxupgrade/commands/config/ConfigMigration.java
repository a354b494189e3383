package io.influxupgrade.commands.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The result of {@code config migrate}: the file written, what was carried over and what was left behind.
 *
 * @param outFile     the new config file
 * @param oldFile     the old config file (never modified)
 * @param fromVersion release line of the old file
 * @param toVersion   release line of the new file
 * @param carried     settings written into the new file
 * @param dropped     settings of the old file that are not in the new one, each with the reason
 * @param warnings    things to check by hand (rewritten or invalid values, guessed directories)
 */
public record ConfigMigration(String outFile, String oldFile, String fromVersion, String toVersion,
                              List<CarriedKey> carried, List<DroppedKey> dropped, List<String> warnings) {

    /** A setting written into the new file. */
    public record CarriedKey(String key, int line, String targetKey, String value) {
    }

    /** A setting of the old file that the new file does not carry. */
    public record DroppedKey(String key, Integer line, String value, String reason) {
    }

    public static String pathString(Path p) {
        return p == null ? null : p.toString();
    }
}
