package io.influxupgrade.commands.meta;

import com.fasterxml.jackson.annotation.JsonValue;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;

/**
 * A password hash that can be carried through a read/write round trip but never shown: its
 * {@code toString} and its JSON form are {@code [redacted]}, and only this package can read the value.
 */
public final class Secret {

    public static final Secret NONE = new Secret("");
    private static final String REDACTED = "[redacted]";

    private final String value;

    private Secret(String value) {
        this.value = value == null ? "" : value;
    }

    /** Wraps a hash (e.g. a bcrypt string) so that it cannot leak through printing or JSON. */
    public static Secret of(String value) {
        return value == null || value.isEmpty() ? NONE : new Secret(value);
    }

    /** The real value, for the codec only. */
    String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @JsonValue
    @Override
    public String toString() {
        return REDACTED;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8),
                s.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
