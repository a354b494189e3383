package io.influxupgrade.commands.v2;

import java.util.Map;
import java.util.Set;

/**
 * The 1.x config keys that 2.x's {@code influxd upgrade} carries into the 2.x config, as we read its documentation
 * (no 2.x binary is installed here to check against): every other key set in a 1.x file has no 2.x meaning and is
 * dropped. Keys are {@code section.key} ({@code key} for the top level).
 */
final class V2ConfigMap {

    static final Map<String, String> MAPPED = Map.ofEntries(
            Map.entry("reporting-disabled", "reporting-disabled"),
            Map.entry("data.dir", "engine-path (the data is copied there)"),
            Map.entry("data.wal-dir", "engine-path/wal (the WAL is copied there)"),
            Map.entry("meta.dir", "bolt-path (the metastore is converted)"),
            Map.entry("data.wal-fsync-delay", "storage-wal-fsync-delay"),
            Map.entry("data.validate-keys", "storage-validate-keys"),
            Map.entry("data.cache-max-memory-size", "storage-cache-max-memory-size"),
            Map.entry("data.cache-snapshot-memory-size", "storage-cache-snapshot-memory-size"),
            Map.entry("data.cache-snapshot-write-cold-duration", "storage-cache-snapshot-write-cold-duration"),
            Map.entry("data.compact-full-write-cold-duration", "storage-compact-full-write-cold-duration"),
            Map.entry("data.compact-throughput-burst", "storage-compact-throughput-burst"),
            Map.entry("data.max-concurrent-compactions", "storage-max-concurrent-compactions"),
            Map.entry("data.max-index-log-file-size", "storage-max-index-log-file-size"),
            Map.entry("data.series-id-set-cache-size", "storage-series-id-set-cache-size"),
            Map.entry("data.series-file-max-concurrent-snapshot-compactions", "storage-series-file-max-concurrent-snapshot-compactions"),
            Map.entry("data.tsm-use-madv-willneed", "storage-tsm-use-madv-willneed"),
            Map.entry("retention.check-interval", "storage-retention-check-interval"),
            Map.entry("shard-precreation.check-interval", "storage-shard-precreator-check-interval"),
            Map.entry("shard-precreation.advance-period", "storage-shard-precreator-advance-period"),
            Map.entry("coordinator.max-concurrent-queries", "query-concurrency"),
            Map.entry("coordinator.query-timeout", "(none: 2.x queries have no server-side timeout key)"),
            Map.entry("http.bind-address", "http-bind-address"),
            Map.entry("http.https-enabled", "(tls-cert and tls-key turn TLS on)"),
            Map.entry("http.https-certificate", "tls-cert"),
            Map.entry("http.https-private-key", "tls-key"),
            Map.entry("http.pprof-enabled", "pprof-disabled (inverted)"),
            Map.entry("tls.min-version", "tls-min-version"),
            Map.entry("tls.strict-ciphers", "tls-strict-ciphers"),
            Map.entry("logging.level", "log-level"));

    /** Keys whose 1.x setting is the same as having none in 2.x: nothing is lost by dropping them. */
    static final Set<String> HARMLESS = Set.of("meta.logging-enabled", "data.query-log-enabled", "data.trace-logging-enabled",
            "http.enabled", "http.log-enabled", "logging.format", "logging.suppress-logo", "data.index-version",
            "continuous_queries.enabled", "monitor.store-enabled", "monitor.store-database", "monitor.store-interval");

    private V2ConfigMap() {
    }
}
