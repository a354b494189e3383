package io.influxupgrade.commands.backup;

/** The metastore codec the backup commands use unless a test injects another. */
public final class MetastoreCodecs {

    private MetastoreCodecs() {
    }

    public static MetastoreCodecPort defaultCodec() {
        return new MetaCodecAdapter();
    }
}
