package io.influxupgrade.commands.demo;

import java.nio.file.Path;

import static io.influxupgrade.commands.demo.DemoSandbox.writeText;

/** The sandbox's influxdb.conf of each layout. */
final class DemoConfigs {

    private DemoConfigs() {
    }

    /** The port numbers the old config names (nothing listens on them; a demo server gets its own config). */
    static final int HTTP_PORT = 18086;

    static void writeConfig(Path file, String layout, Path meta, Path data, Path wal) {
        String text = layout.equals(DemoSandbox.LAYOUT_011) ? config011(meta, data, wal) : config13(meta, data, wal);
        writeText(file, text);
    }

    /** The service sections both layouts' files have alike. */
    private static final String SERVICES = """
            [retention]
              enabled = true
              check-interval = "30m"

            [shard-precreation]
              enabled = true
              check-interval = "10m"
              advance-period = "30m"

            [monitor]
              store-enabled = true
              store-database = "_internal"
              store-interval = "10s\"""";

    private static final String CONTINUOUS_QUERIES = """
            [continuous_queries]
              log-enabled = true
              enabled = true
              run-interval = "1s\"""";

    /** The [http] section both layouts customised alike; {@code more}: the lines a later version's file adds. */
    private static String http(boolean pprofEnabled, String more) {
        return """
                [http]
                  enabled = true
                  # customised: loopback only, another port, authentication on
                  bind-address = "127.0.0.1:%d"
                  auth-enabled = true
                  log-enabled = true
                  write-tracing = false
                  pprof-enabled = %s
                  https-enabled = false""".formatted(HTTP_PORT, pprofEnabled) + more;
    }

    static String config011(Path meta, Path data, Path wal) {
        return """
                # influxdb.conf of the demo sandbox, as an InfluxDB 0.11.1 installation had it.
                reporting-disabled = true
                bind-address = ":8088"

                [meta]
                  dir = %s
                  enabled = true
                  bind-address = ":8088"
                  http-bind-address = ":8091"
                  retention-autocreate = true
                  election-timeout = "1s"
                  heartbeat-timeout = "1s"
                  leader-lease-timeout = "500ms"
                  commit-timeout = "50ms"
                  cluster-tracing = false
                  raft-promotion-enabled = true
                  logging-enabled = true

                [data]
                  enabled = true
                  dir = %s
                  engine = "tsm1"
                  wal-dir = %s
                  wal-logging-enabled = true
                  # customised: more detail while chasing a slow write path
                  data-logging-enabled = true
                  query-log-enabled = true
                  # customised: 250 MiB cache instead of 500 MiB
                  cache-max-memory-size = 262144000
                  cache-snapshot-memory-size = 26214400
                  cache-snapshot-write-cold-duration = "1h"
                  compact-min-file-count = 3
                  compact-full-write-cold-duration = "24h"
                  max-points-per-block = 0

                [hinted-handoff]
                  enabled = true
                  dir = %s
                  max-size = 1073741824
                  max-age = "168h"
                  retry-rate-limit = 0

                %s

                [admin]
                  enabled = false
                  bind-address = "127.0.0.1:18083"

                %s

                %s
                """.formatted(q(meta), q(data), q(wal), q(meta.resolveSibling("hh")), SERVICES, http(false, ""), CONTINUOUS_QUERIES);
    }

    static String config13(Path meta, Path data, Path wal) {
        return """
                # influxdb.conf of the demo sandbox, as an InfluxDB 1.3.9 installation had it (carried over from 0.13).
                reporting-disabled = true
                bind-address = "127.0.0.1:8088"

                [meta]
                  dir = %s
                  retention-autocreate = true
                  logging-enabled = true

                [data]
                  dir = %s
                  wal-dir = %s
                  query-log-enabled = true
                  # customised: 256 MiB cache instead of 1 GiB
                  cache-max-memory-size = 268435456
                  cache-snapshot-memory-size = 26214400
                  # customised: a stricter series limit
                  max-series-per-database = 500000
                  index-version = "inmem"

                # kept from the 0.13 file: InfluxDB 1.x reads it as [coordinator]
                [cluster]
                  write-timeout = "10s"
                  max-concurrent-queries = 0
                  query-timeout = "0s"
                  log-queries-after = "0s"
                  max-select-point = 0
                  max-select-series = 0
                  max-select-buckets = 0

                %s

                %s

                [subscriber]
                  enabled = true

                %s
                """.formatted(q(meta), q(data), q(wal), SERVICES, http(true, "\n  max-row-limit = 0"), CONTINUOUS_QUERIES);
    }

    /** A TOML basic string. */
    static String q(Path p) {
        return "\"" + p.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
