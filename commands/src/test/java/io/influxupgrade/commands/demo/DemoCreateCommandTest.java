package io.influxupgrade.commands.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.influxupgrade.commands.Json;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.session.UpgradeSession;
import io.influxupgrade.commands.session.VersionDetector;
import io.influxupgrade.commands.session.Workspace;
import io.influxupgrade.commands.testing.InfluxdExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DemoCreateCommandTest {

    @TempDir
    Path tmp;

    private Workspace workspace() {
        return new Workspace(tmp.resolve("home"), Clock.fixed(Instant.parse("2026-11-25T20:00:00Z"), ZoneOffset.UTC));
    }

    @Test
    void createsAndOpensADemoSessionOnTheSandboxWithTheCurrentUserAsServiceUser() {
        try (Workspace ws = workspace()) {
            DemoCreateCommand.DemoReport r = new DemoCreateCommand().run(ws,
                    new DemoCreateCommand.Request("0.11", tmp.resolve("sb"), false, null));
            assertThat(r.session()).isEqualTo("demo-0.11");
            assertThat(r.replacedSession()).isFalse();
            assertThat(r.server()).isNull();
            UpgradeSession s = ws.session();
            assertThat(s.getName()).isEqualTo("demo-0.11");
            assertThat(s.getFromVersion()).isEqualTo("0.11.1");
            assertThat(s.getToVersion()).isEqualTo("1.4");
            assertThat(s.getConfigFile()).isEqualTo(tmp.resolve("sb/influxdb.conf").toString());
            assertThat(s.getMetaDir()).isEqualTo(tmp.resolve("sb/meta").toString());
            assertThat(s.getWalDir()).isEqualTo(tmp.resolve("sb/wal").toString());
            assertThat(s.getServiceUser()).isEqualTo(System.getProperty("user.name"));
            assertThat(ws.store().current()).isEqualTo("demo-0.11");
            assertThat(ws.sessionDir().resolve(DemoCreateCommand.MARKER)).isRegularFile();
            assertThat(r.tour()).extracting(DemoCreateCommand.TourStep::command).startsWith("session show", "check", "shard list",
                    "config diff", "backup meta-dir");
            assertThat(r.tour()).filteredOn(t -> t.command().equals("verify baseline")).singleElement()
                    .satisfies(t -> assertThat(t.shows()).contains("needs a server"));
        }
    }

    @Test
    void anEarlierDemoSessionIsReplacedButAForeignOneOfTheSameNameIsLeftAlone() throws Exception {
        try (Workspace ws = workspace()) {
            new DemoCreateCommand().run(ws, new DemoCreateCommand.Request("1.3", tmp.resolve("a"), false, null));
            Files.writeString(ws.sessionDir().resolve("journal.jsonl"), "{}\n");
            DemoCreateCommand.DemoReport again = new DemoCreateCommand().run(ws,
                    new DemoCreateCommand.Request("1.3", tmp.resolve("b"), false, null));
            assertThat(again.replacedSession()).isTrue();
            assertThat(ws.session().getConfigFile()).isEqualTo(tmp.resolve("b/influxdb.conf").toString());
            assertThat(ws.sessionDir().resolve("journal.jsonl")).doesNotExist();

            Files.delete(ws.sessionDir().resolve(DemoCreateCommand.MARKER));
            assertThatThrownBy(() -> new DemoCreateCommand().run(ws, new DemoCreateCommand.Request("1.3", tmp.resolve("c"), false, null)))
                    .isInstanceOf(UpgradeException.class).hasMessageContaining("'demo-1.3' exists and was not made by 'demo create'");
            assertThat(tmp.resolve("c")).doesNotExist();
        }
    }

    @Test
    void withServerButNoInfluxdIsUnavailableAndBuildsNothing() {
        try (Workspace ws = workspace()) {
            assertThatThrownBy(() -> new DemoCreateCommand().run(ws, new DemoCreateCommand.Request("0.11", tmp.resolve("sb"), true, null)))
                    .isInstanceOf(UpgradeException.class).hasMessageContaining("influxd is not on PATH")
                    .satisfies(e -> assertThat(((UpgradeException) e).kind()).isEqualTo(UpgradeException.Kind.UNAVAILABLE));
            assertThat(tmp.resolve("sb")).doesNotExist();
            assertThat(ws.store().exists("demo-0.11")).isFalse();
        }
    }

    @Test
    void withServerStartsARealInfluxdOnTheSandboxMetastoreAndStopStopsItByPid() throws Exception {
        InfluxdExtension.requireInfluxd();
        Path influxd = VersionDetector.findOnPath("influxd").orElseThrow();
        try (Workspace ws = workspace()) {
            DemoCreateCommand.DemoReport r = new DemoCreateCommand().run(ws,
                    new DemoCreateCommand.Request("0.11", tmp.resolve("sb"), true, influxd));
            DemoServer.Server server = r.server();
            try {
                assertThat(server.url()).startsWith("http://127.0.0.1:");
                assertThat(server.bindAddress()).startsWith("127.0.0.1:");
                assertThat(ws.session().getConnection().url()).isEqualTo(server.url());
                assertThat(DemoServer.recorded(ws.sessionDir())).hasValueSatisfying(s -> assertThat(s.pid()).isEqualTo(server.pid()));
                // the sandbox's raft-era meta dir is untouched; the server has its own meta.db
                assertThat(tmp.resolve("sb/meta/meta.db")).doesNotExist();
                assertThat(Path.of(server.metaDir()).resolve("meta.db")).isRegularFile();

                JsonNode dbs = query(server.url(), "SHOW DATABASES", null);
                assertThat(dbs.toString()).contains("telegraf").contains("servers").contains("sensors");
                JsonNode count = query(server.url(), "SELECT count(usage_idle) FROM cpu WHERE time >= '2016-03-28T00:00:00Z' AND time < '2016-03-29T00:00:00Z'",
                        "telegraf");
                assertThat(count.at("/results/0/series/0/values/0/1").asLong()).as(count.toString()).isEqualTo(3 * 2160L);
                JsonNode users = query(server.url(), "SHOW USERS", null);
                assertThat(users.toString()).contains("grafana");
            } finally {
                DemoServer.Stopped stopped = DemoServer.stop(ws.sessionDir(), r.session());
                assertThat(stopped.wasRunning()).isTrue();
            }
            assertThat(ProcessHandle.of(server.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(DemoServer.recorded(ws.sessionDir())).isEmpty();
            assertThatThrownBy(() -> DemoServer.stop(ws.sessionDir(), r.session())).isInstanceOf(UpgradeException.class)
                    .hasMessageContaining("no demo server is recorded");
        }
    }

    private static JsonNode query(String url, String q, String db) throws Exception {
        String body = "q=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + (db == null ? "" : "&db=" + URLEncoder.encode(db, StandardCharsets.UTF_8));
        HttpResponse<String> resp = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/query"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
        return Json.mapper().readTree(resp.body());
    }
}
