package io.influxupgrade.commands.session;

import io.influxupgrade.commands.InfluxVersion;
import io.influxupgrade.commands.UpgradeException;

import java.nio.file.Path;

/**
 * What the config commands read when an option is not given: the session's config file and its versions (a command
 * without a session open has only the option, the inferred old version and 1.4).
 */
public final class SessionDefaults {

    private SessionDefaults() {
    }

    /** {@code given}, else the session's config file; a usage error when there is neither. */
    public static Path oldConfig(Workspace ws, Path given) {
        if (given != null) {
            return given;
        }
        UpgradeSession s = ws.hasSession() ? ws.session() : null;
        if (s == null || s.getConfigFile() == null) {
            throw UpgradeException.usage("config: no config file: give --old FILE (or 'session set config FILE')");
        }
        return Path.of(s.getConfigFile());
    }

    /** {@code given}, else the session's old version, else null (inferred from the file). */
    public static InfluxVersion from(Workspace ws, InfluxVersion given) {
        return given != null ? given : ws.hasSession() ? ws.session().from() : null;
    }

    /** {@code given}, else the session's target, else 1.4. */
    public static InfluxVersion to(Workspace ws, InfluxVersion given) {
        return given != null ? given : ws.hasSession() ? ws.session().to() : InfluxVersion.V1_4;
    }

    /**
     * The index a migrated config should set: the session's for a 1.5+ target (a tsi1 plan writes index-version =
     * "tsi1"), null for 1.4 or when the migration is not to the session's target.
     */
    public static String planIndex(Workspace ws, InfluxVersion given) {
        if (!ws.hasSession() || (given != null && !given.equals(ws.session().to()))) {
            return null;
        }
        return ws.session().to().atLeast(1, 5) ? ws.session().index() : null;
    }
}
