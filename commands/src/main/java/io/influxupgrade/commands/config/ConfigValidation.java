package io.influxupgrade.commands.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.influxupgrade.commands.Verdict;

import java.util.List;

/**
 * The result of {@code config validate}: our own parse and type check against one release, plus the verdict of
 * a real {@code influxd config -config FILE} when a binary was available. Fails on any ERROR or a rejection.
 *
 * @param file          the file checked
 * @param version       the release line it was checked against
 * @param findings      problems found (blocks-start errors, ignored keys and sections)
 * @param influxd       the real binary's verdict, or null when none was run
 */
public record ConfigValidation(String file, String version, boolean versionInferred, List<ConfigFinding> findings,
                               InfluxdVerdict influxd) implements Verdict {

    /**
     * What {@code influxd config -config FILE} said.
     *
     * @param binary   the influxd that ran
     * @param version  its {@code influxd version} line, e.g. "InfluxDB v1.6.7~rc0 (git: unknown unknown)"
     * @param accepted true when it exited 0
     * @param exitCode its exit code (-1 when it timed out)
     * @param message  its error line when it refused the file, else null
     */
    public record InfluxdVerdict(String binary, String version, boolean accepted, int exitCode, String message) {
    }

    @Override
    @JsonProperty("failed")
    public boolean failed() {
        return errors() > 0 || (influxd != null && !influxd.accepted());
    }

    private long errors() {
        return findings.stream().filter(f -> f.severity() == ConfigFinding.Severity.ERROR).count();
    }

    @Override
    public String failureSummary() {
        if (influxd != null && !influxd.accepted()) {
            return "config validate " + file + ": " + influxd.binary() + " refuses it: " + influxd.message();
        }
        return "config validate " + file + ": " + errors() + " error(s) would stop InfluxDB " + version + " from starting";
    }
}
