package io.influxupgrade.commands.verify;

import com.sun.net.httpserver.HttpServer;
import io.influxupgrade.commands.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The baseline and compare through the real HTTP client (influxdb-java) against a stand-in that, like 0.11.1's
 * {@code /query}, answers GET only (POST gets 405) and serves the {@link FakeInfluxServer} model as InfluxDB JSON.
 */
class GetOnlyServerTest {

    private static final Instant T = Instant.parse("2026-11-25T12:00:00Z");
    private final List<AutoCloseable> open = new ArrayList<>();
    private final List<String> methods = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private String serve(FakeInfluxServer fake) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s.createContext("/ping", ex -> {
            ex.getResponseHeaders().add("X-Influxdb-Version", fake.version);
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        s.createContext("/query", ex -> {
            methods.add(ex.getRequestMethod());
            byte[] body;
            int status;
            if (!ex.getRequestMethod().equals("GET")) {
                status = 405;
                body = "405 method not allowed\n".getBytes(StandardCharsets.UTF_8);
            } else {
                Map<String, String> params = new HashMap<>();
                String raw = ex.getRequestURI().getRawQuery();
                for (String kv : raw == null ? new String[0] : raw.split("&")) {
                    int eq = kv.indexOf('=');
                    params.put(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
                }
                String db = params.get("db");
                QueryResult r = fake.query(params.get("q"), db == null || db.isEmpty() ? null : db);
                status = 200;
                body = Json.mapper().writeValueAsBytes(Map.of("results", json(r)));
                ex.getResponseHeaders().add("Content-Type", "application/json");
            }
            ex.getResponseHeaders().add("X-Influxdb-Version", fake.version);
            ex.sendResponseHeaders(status, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
            ex.close();
        });
        s.start();
        open.add(() -> s.stop(0));
        return "http://127.0.0.1:" + s.getAddress().getPort();
    }

    private static List<Map<String, Object>> json(QueryResult r) {
        List<Map<String, Object>> results = new ArrayList<>();
        for (int i = 0; i < r.statements().size(); i++) {
            QueryResult.Statement st = r.statements().get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("statement_id", i);
            if (st.hasError()) {
                m.put("error", st.error());
            } else if (!st.series().isEmpty()) {
                List<Map<String, Object>> series = new ArrayList<>();
                for (QueryResult.Series s : st.series()) {
                    Map<String, Object> x = new LinkedHashMap<>();
                    if (s.name() != null) {
                        x.put("name", s.name());
                    }
                    x.put("columns", s.columns());
                    x.put("values", s.values());
                    series.add(x);
                }
                m.put("series", series);
            }
            results.add(m);
        }
        return results;
    }

    @Test
    void baselineAndCompareUseGetOnlyAgainstAnOldServer() throws IOException {
        FakeInfluxServer fake = BaselineNormalisationTest.typical();
        fake.version = "0.11.1";
        fake.oldColumns = true;
        fake.series.put("telegraf", new java.util.TreeMap<>(Map.of("cpu", 3)));
        fake.points.put("telegraf.autogen", new java.util.TreeMap<>(Map.of("cpu", new java.util.TreeMap<>(Map.of("v", 10L)))));
        InfluxJavaClient client = InfluxJavaClient.open(ConnectionSettings.of(serve(fake)), null);
        open.add(client);

        VerifyBaselineCommand.BaselineSummary s = new VerifyBaselineCommand(Clock.fixed(T, ZoneOffset.UTC))
                .run(client, new VerifyBaselineCommand.Request("before", 0, dir, null, true));
        Baseline b = VerifyBaselineCommand.read(Path.of(s.file()));
        assertThat(b.data().database("telegraf").series()).isEqualTo(3L);
        assertThat(b.counts()).singleElement().satisfies(c -> assertThat(c.fields()).containsEntry("v", 10L));

        BaselineComparison c = new VerifyCompareCommand(Clock.fixed(T.plusSeconds(60), ZoneOffset.UTC))
                .run(client, new VerifyCompareCommand.Request(Path.of(s.file()), UpgradePathHint.NONE));
        assertThat(c.failed()).isFalse();
        assertThat(methods).isNotEmpty().containsOnly("GET");
    }
}
