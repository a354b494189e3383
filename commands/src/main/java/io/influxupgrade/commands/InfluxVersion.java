package io.influxupgrade.commands;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An InfluxDB release number such as {@code 0.11.1}, {@code 1.4} or {@code 1.6.7~rc0}: only 0.10 to 1.8
 * are accepted, because those are the releases whose files and configs this tool knows.
 */
public record InfluxVersion(int major, int minor, int patch) implements Comparable<InfluxVersion> {

    private static final Pattern FORMAT = Pattern.compile("v?(\\d+)\\.(\\d+)(?:\\.(\\d+))?(?:[~\\-+].*)?");

    public static final InfluxVersion V0_10 = new InfluxVersion(0, 10, 0);
    public static final InfluxVersion V0_12 = new InfluxVersion(0, 12, 0);
    public static final InfluxVersion V1_4 = new InfluxVersion(1, 4, 0);

    /** Parses a version, throwing a usage error that lists what is accepted. */
    public static InfluxVersion parse(String text) {
        InfluxVersion v = tryParse(text);
        if (v == null) {
            throw UpgradeException.usage("'" + text + "' is not an InfluxDB version (expected 0.10 … 1.8, e.g. 0.11.1 or 1.4)");
        }
        if (!v.isKnown()) {
            throw UpgradeException.usage("InfluxDB " + v + " is not supported (this tool knows 0.10 … 1.8)");
        }
        return v;
    }

    /** Parses a version or returns null; does not check the supported range. */
    public static InfluxVersion tryParse(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = FORMAT.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        return new InfluxVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
    }

    /** True for 0.10 … 1.8. */
    public boolean isKnown() {
        return (major == 0 && minor >= 10 && minor <= 13) || (major == 1 && minor <= 8);
    }

    /** The release line, e.g. {@code 1.4} for 1.4.3. */
    public String line() {
        return major + "." + minor;
    }

    /** True for 0.10/0.11, whose metastore is raft-based (raft.db, snapshots). */
    public boolean isRaftEra() {
        return major == 0 && minor < 12;
    }

    public boolean atLeast(int maj, int min) {
        return major > maj || (major == maj && minor >= min);
    }

    @Override
    public int compareTo(InfluxVersion o) {
        if (major != o.major) {
            return Integer.compare(major, o.major);
        }
        if (minor != o.minor) {
            return Integer.compare(minor, o.minor);
        }
        return Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
        return patch == 0 ? line() : line() + "." + patch;
    }
}
