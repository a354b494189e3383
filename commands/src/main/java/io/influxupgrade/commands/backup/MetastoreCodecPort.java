package io.influxupgrade.commands.backup;

import java.nio.file.Path;
import java.util.List;

/**
 * What the backup and restore commands need from a metastore codec. Every reader throws a one-line
 * {@link io.influxupgrade.commands.UpgradeException} (FAILED for corrupt or unknown content, UNAVAILABLE for an
 * unreadable file) and never anything else, whatever the bytes.
 */
public interface MetastoreCodecPort {

    /** The current metastore of a meta dir: {@code meta.db} (0.12+), or for 0.10/0.11 the raft snapshot (+ log). */
    MetastoreImage readMetaDir(Path metaDir);

    /** A {@code meta.db} file. */
    MetastoreImage readMetaDb(Path file);

    /** A legacy backup file {@code meta.NN}. */
    MetastoreImage readLegacyBackup(Path file);

    /** A legacy backup from its bytes (e.g. a portable {@code .meta} blob wrapped by the caller). */
    MetastoreImage decodeData(byte[] data, String origin);

    /** The bytes of a legacy {@code meta.NN} holding {@code snapshot} (magic, meta blob, node blob). */
    byte[] encodeLegacyBackup(MetastoreImage snapshot);

    /**
     * The {@code meta.db} that {@code influxd restore -metadir} (0.12+) writes for this backup: the backup's Data
     * with node lists dropped, MaxNodeID 0 and Index + 2.
     */
    byte[] encodeRestoredMetaDb(MetastoreImage backup);

    /** Semantic differences (databases, RPs, shard groups, CQs, subscriptions, users without hashes, cluster id, max ids); Term and Index are ignored. */
    List<String> diff(MetastoreImage a, MetastoreImage b);
}
