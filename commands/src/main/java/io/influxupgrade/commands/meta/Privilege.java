package io.influxupgrade.commands.meta;

import com.fasterxml.jackson.annotation.JsonValue;

/** A user's privilege on one database, with InfluxDB's wire value and the words SHOW GRANTS prints. */
public enum Privilege {
    NONE(0, "NO PRIVILEGES"),
    READ(1, "READ"),
    WRITE(2, "WRITE"),
    ALL(3, "ALL PRIVILEGES");

    private final int code;
    private final String label;

    Privilege(int code, String label) {
        this.code = code;
        this.label = label;
    }

    public int code() {
        return code;
    }

    @JsonValue
    public String label() {
        return label;
    }

    /** The privilege for a wire value, or null when the value is not one InfluxDB defines. */
    public static Privilege fromCode(long code) {
        for (Privilege p : values()) {
            if (p.code == code) {
                return p;
            }
        }
        return null;
    }

    /** The privilege for the words SHOW GRANTS prints, or null. */
    public static Privilege fromLabel(String label) {
        for (Privilege p : values()) {
            if (p.label.equalsIgnoreCase(label)) {
                return p;
            }
        }
        return null;
    }
}
