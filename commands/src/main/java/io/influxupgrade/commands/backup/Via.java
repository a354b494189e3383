package io.influxupgrade.commands.backup;

import com.fasterxml.jackson.annotation.JsonValue;
import io.influxupgrade.commands.UpgradeException;

/** How a metastore is exported or restored: the real {@code influxd}, this tool's own codec, or chosen automatically. */
public enum Via {
    INFLUXD, NATIVE, AUTO;

    @JsonValue
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Via parse(String s) {
        for (Via v : values()) {
            if (v.label().equalsIgnoreCase(s)) {
                return v;
            }
        }
        throw UpgradeException.usage("--via " + s + ": expected influxd, native or auto");
    }
}
