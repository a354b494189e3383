package io.influxupgrade.commands.meta;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One InfluxDB user: name, admin flag and per-database privileges. The password hash is kept only as a
 * {@link Secret} so that a round trip can write it back; nothing that prints or serialises a user shows it.
 */
public final class UserInfo {

    private final String name;
    private final boolean admin;
    private final Map<String, Privilege> privileges;
    private final Secret passwordHash;

    public UserInfo(String name, boolean admin, Map<String, Privilege> privileges, Secret passwordHash) {
        this.name = Objects.requireNonNull(name, "name");
        this.admin = admin;
        this.privileges = privileges == null || privileges.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new TreeMap<>(privileges));
        this.passwordHash = passwordHash == null ? Secret.NONE : passwordHash;
    }

    @JsonProperty
    public String name() {
        return name;
    }

    @JsonProperty
    public boolean admin() {
        return admin;
    }

    /** Database name to privilege, sorted by database name. */
    @JsonProperty
    public Map<String, Privilege> privileges() {
        return privileges;
    }

    /** The hash, wrapped: printing or serialising it gives {@code [redacted]}. */
    @JsonIgnore
    public Secret passwordHash() {
        return passwordHash;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UserInfo u && name.equals(u.name) && admin == u.admin
                && privileges.equals(u.privileges) && passwordHash.equals(u.passwordHash);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, admin, privileges);
    }

    @Override
    public String toString() {
        return "UserInfo[name=" + name + ", admin=" + admin + ", privileges=" + privileges + ", passwordHash=" + passwordHash + "]";
    }
}
