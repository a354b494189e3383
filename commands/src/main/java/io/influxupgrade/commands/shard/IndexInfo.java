package io.influxupgrade.commands.shard;

/**
 * The series index of a tsm1 shard: {@code type} inmem or tsi1; for tsi1 the {@code layout} ({@code flat-1.3}: flat
 * with a MANIFEST without version, built by 1.3; {@code flat-1.4}: flat with version 1; {@code partitioned}: 1.5+
 * {@code index/0..7}) and whether every MANIFEST is {@code readable}. Null fields do not apply.
 */
public record IndexInfo(String type, String layout, Boolean manifestReadable) {

    public static final IndexInfo INMEM = new IndexInfo("inmem", null, null);

    @Override
    public String toString() {
        if (layout == null && manifestReadable == null) {
            return type;
        }
        return type + (layout == null ? "" : " " + layout) + (Boolean.FALSE.equals(manifestReadable) ? " (MANIFEST unreadable)" : "");
    }
}
