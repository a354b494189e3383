package io.influxupgrade.commands.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.influxupgrade.commands.Verdict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of {@code config diff}: every finding about the old file against the target release, grouped
 * as blocks-start, customised, renamed, removed, default-changed and new-in-target, plus the
 * {@code INFLUXDB_*} variables that override the file. It fails when anything would stop the target from starting.
 *
 * @param oldFile      the old config file
 * @param fromVersion  the release line the old file is read as (e.g. "0.10")
 * @param fromInferred true when that line was inferred from the file's keys
 * @param toVersion    the target release line
 * @param findings     findings in group order (see {@link ConfigFinding.Group})
 * @param envOverrides the {@code INFLUXDB_*} variables found in the environment passed in
 */
public record ConfigDiff(String oldFile, String fromVersion, boolean fromInferred, String toVersion,
                         List<ConfigFinding> findings, List<EnvOverride> envOverrides) implements Verdict {

    /** Number of findings per group id ("blocks-start" → 2), every group present. */
    @JsonProperty("counts")
    public Map<String, Integer> counts() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (ConfigFinding.Group g : ConfigFinding.Group.values()) {
            m.put(g.id(), 0);
        }
        for (ConfigFinding f : findings) {
            m.merge(f.group().id(), 1, Integer::sum);
        }
        return m;
    }

    /** The findings of one group. */
    public List<ConfigFinding> group(ConfigFinding.Group group) {
        List<ConfigFinding> out = new ArrayList<>();
        for (ConfigFinding f : findings) {
            if (f.group() == group) {
                out.add(f);
            }
        }
        return out;
    }

    @Override
    @JsonProperty("failed")
    public boolean failed() {
        return blockers() > 0;
    }

    private long blockers() {
        return findings.stream().filter(f -> f.severity() == ConfigFinding.Severity.ERROR).count()
                + envOverrides.stream().filter(e -> e.severity() == ConfigFinding.Severity.ERROR).count();
    }

    @Override
    public String failureSummary() {
        return "config diff " + oldFile + ": " + blockers() + " setting(s) would stop InfluxDB " + toVersion
                + " from starting (run 'config migrate' to write a fixed file, or fix them by hand)";
    }

    /** Rows for a text table: group, severity, key, line, old value, target key, target value, advice. */
    public List<List<String>> rows() {
        List<List<String>> rows = new ArrayList<>();
        for (ConfigFinding f : findings) {
            rows.add(List.of(f.group().id(), f.severity().name(), f.key(), f.line() == null ? "" : f.line().toString(),
                    nz(f.oldValue()), nz(f.targetKey()), nz(f.targetValue()), nz(f.advice())));
        }
        return rows;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
