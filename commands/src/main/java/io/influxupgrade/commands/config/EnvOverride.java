package io.influxupgrade.commands.config;

/**
 * An {@code INFLUXDB_*} environment variable and what the target server does with it (env wins over the file).
 *
 * @param name      the variable name
 * @param value     its value (redacted for secrets)
 * @param targetKey the key it overrides in the target ({@code graphite[0].enabled}, {@code graphite[*].enabled}), or null
 * @param status    applies, renamed (the target ignores this name; use advice), ignored, invalid (the target refuses to
 *                  start), skipped (empty values are skipped), not-a-key (a variable with its own meaning)
 */
public record EnvOverride(String name, String value, String targetKey, String status,
                          ConfigFinding.Severity severity, String advice) {
}
