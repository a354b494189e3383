package io.influxupgrade.shell.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.influxupgrade.commands.testing.InfluxdServer;
import io.influxupgrade.commands.testing.RealInfluxd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.influxupgrade.commands.testing.InfluxdServer.ident;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * connect, ping, query, verify baseline and verify compare through the real shell jar against a real
 * influxd with auth enabled: the password comes from the environment, a 0600 file or the masked prompt,
 * and never lands in the home dir.
 */
@RealInfluxd(auth = true)
class VerifyIT {

    static final String PASSWORD = "Corr3ct-Horse-9f2b";
    static final String WRONG = "Wr0ng-Battery-71c4";

    @TempDir
    Path tmp;

    @Test
    void baselineThenCompareNamesExactlyWhatChangedAndNoPasswordIsEverStored(InfluxdServer server) throws Exception {
        server.createAdmin("admin", PASSWORD);
        Files.createDirectories(server.walDir()); // session new wants it; influxd makes it on the first write
        server.query("CREATE DATABASE telegraf");
        server.query("CREATE RETENTION POLICY week ON telegraf DURATION 7d REPLICATION 1");
        server.query("CREATE DATABASE " + ident("my \"odd\" db"));
        server.query("CREATE USER bob WITH PASSWORD 'bob-pw-55'");
        server.query("GRANT READ ON telegraf TO bob");
        long now = System.currentTimeMillis() * 1_000_000L - 5_000_000_000L; // before the baseline's time (its count windows end there)
        server.write("telegraf", "week", "cpu,host=a value=1 " + now + "\ncpu,host=b value=2 " + now);

        Path home = tmp.resolve("home");
        ShellProcess shell = new ShellProcess(home);

        // 1. password from INFLUX_PASSWORD; the URL comes from the session's config ([http] bind-address)
        ShellProcess.Run first = new ShellProcess(home).env("INFLUX_PASSWORD", PASSWORD).feed(String.join("\n",
                "session new s1 --from 1.3 --to 1.4 --config " + server.configFile(),
                "connect --user admin --timeout 5s",
                "ping",
                "query 'SHOW DATABASES'",
                "query 'SELECT count(value) FROM \"week\".\"cpu\"' --db telegraf",
                "verify baseline --name before --counts 2",
                "verify compare",
                "verify meta",
                ""), "--format", "json");
        assertThat(first.exitCode()).as(first.stderr()).isZero();
        List<JsonNode> j = lines(first);
        assertThat(j).as(first.stdout()).hasSize(8);
        assertThat(j.get(4).get("series")).as(first.stdout()).hasSize(1);
        assertThat(j.get(1).get("url").asText()).isEqualTo(server.url());
        assertThat(j.get(1).get("user").asText()).isEqualTo("admin");
        assertThat(j.get(1).get("serverVersion").asText()).startsWith("1.");
        assertThat(j.get(2).get("version").asText()).isEqualTo(j.get(1).get("serverVersion").asText());
        assertThat(j.get(3).get("series").get(0).get("values").toString()).contains("\"telegraf\"").contains("my \\\"odd\\\" db");
        assertThat(j.get(4).get("series").get(0).get("values").get(0).get(1).asLong()).isEqualTo(2);
        JsonNode summary = j.get(5);
        assertThat(summary.get("name").asText()).isEqualTo("before");
        assertThat(summary.get("users").asInt()).isEqualTo(2);
        assertThat(summary.get("pointCounts").asInt()).isPositive();
        Path baselineFile = Path.of(summary.get("file").asText());
        assertThat(baselineFile).startsWith(home).exists();
        assertThat(j.get(6).get("differences").findValues("failing")).noneMatch(JsonNode::asBoolean);
        assertThat(j.get(6).get("baseline").asText()).isEqualTo("before");
        assertThat(j.get(7).get("differences")).as("offline meta.db vs live server").isEmpty();
        Path metaBefore = Files.createDirectories(tmp.resolve("meta-before"));
        Files.copy(server.metaDir().resolve("meta.db"), metaBefore.resolve("meta.db"));
        String sessionJson = Files.readString(home.resolve("sessions/s1/session.json"));
        assertThat(sessionJson).contains("\"before\"").contains(server.url()).contains("\"admin\"");

        // 2. change two things behind the tool's back; password now from a 0600 file
        server.query("DROP USER bob");
        server.query("ALTER RETENTION POLICY week ON telegraf DURATION 14d");
        Path pwFile = tmp.resolve("influx.pass");
        Files.writeString(pwFile, PASSWORD + "\n");
        Files.setPosixFilePermissions(pwFile, PosixFilePermissions.fromString("rw-------"));
        ShellProcess.Run second = shell.feed(String.join("\n",
                "connect --user admin --password-file " + pwFile,
                "verify compare --baseline before",
                ""), "--format", "json");
        assertThat(second.exitCode()).as(second.stderr()).isEqualTo(4);
        List<JsonNode> k = lines(second);
        assertThat(k).hasSize(2);
        JsonNode cmp = k.get(1);
        List<String> failing = new ArrayList<>();
        for (JsonNode d : cmp.get("differences")) {
            if (d.get("failing").asBoolean()) {
                failing.add(d.get("object").asText() + " | " + d.get("change").asText() + " | " + d.path("attribute").asText("-")
                        + " | " + d.get("baseline").asText() + " | " + d.get("now").asText());
            }
        }
        assertThat(failing).containsExactlyInAnyOrder(
                "user \"bob\" | missing | - | present | absent",
                "retention policy \"telegraf\".\"week\" | changed | duration | 168h0m0s | 336h0m0s");
        List<String> errors = second.stderr().lines().filter(l -> l.contains("error:")).toList();
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).startsWith("-:2: error: 2 differences from baseline before").contains("\"bob\"");
        assertThat(Files.readString(home.resolve("sessions/s1/session.json"))).contains(pwFile.toString());

        // 3. text mode, keep going: the session reconnects from the file (it wins over a wrong INFLUX_PASSWORD),
        //    a write is refused before connecting, and a wrong password is one line without the password
        ShellProcess.Run third = new ShellProcess(home).env("INFLUX_PASSWORD", WRONG).feed(String.join("\n",
                "verify compare",
                "query \"DROP DATABASE telegraf\"",
                "connect --user admin",
                "verify meta " + metaBefore,
                "meta diff live " + metaBefore,
                ""), "--keep-going");
        assertThat(third.exitCode()).as(third.stderr()).isEqualTo(5);
        assertThat(third.stdout()).contains("user \"bob\"").contains("missing").contains("336h0m0s");
        List<String> third3 = third.stderr().lines().filter(l -> l.contains("error:")).toList();
        assertThat(third3).hasSize(5);
        assertThat(third3.get(4)).as("meta diff live SOURCE is the same proof as verify meta")
                .startsWith("-:5: error: 2 differences from baseline metastore: ");
        assertThat(third3.get(3)).startsWith("-:4: error: 2 differences from baseline metastore: ")
                .contains("retention policy \"telegraf\".\"week\": duration 168h0m0s → 336h0m0s").contains("user \"bob\": missing now");
        assertThat(third.stdout()).contains("metastore " + metaBefore + " (meta.db) compared with the server");
        assertThat(third3.get(0)).startsWith("-:1: error: 2 differences");
        assertThat(third3.get(1)).startsWith("-:2: error: query: only SHOW, SELECT and EXPLAIN");
        assertThat(third3.get(2)).startsWith("-:3: error: ").contains(server.url()).contains("refused the credentials");
        assertThat(server.query("SHOW DATABASES")).contains("telegraf");

        // 4. the REPL: masked prompt for the password, Tab completes database and baseline names from the files
        ShellProcess.Run repl = new ShellProcess(home).env("INFLUX_UPGRADE_TERM", "ansi").feed(String.join("\n",
                "connect --user admin",
                PASSWORD,
                "query 'SHOW MEASUREMENTS' --db telegr\t",
                "verify compare --baseline bef\t",
                ""), "--interactive");
        String screen = ReplIT.plain(repl.stdout());
        assertThat(screen).contains("password for admin: ").contains("connected to " + server.url() + " as admin");
        assertThat(screen).contains("--db telegraf").contains("cpu");
        assertThat(screen).contains("--baseline before").contains("336h0m0s");

        // 5. server down: one line, exit 5, no waiting for the timeout
        server.stop();
        ShellProcess.Run down = new ShellProcess(home).env("INFLUX_PASSWORD", PASSWORD).feed("ping\n", "--format", "json");
        assertThat(down.exitCode()).as(down.stderr()).isEqualTo(5);
        assertThat(down.stderr()).contains("-:1: error: server " + server.url() + " is not answering");
        assertThat(lines(down).get(0).get("error").get("exitCode").asInt()).isEqualTo(5);

        for (ShellProcess.Run r : List.of(first, second, third, down)) {
            assertThat(r.stdout() + r.stderr()).doesNotContain(PASSWORD).doesNotContain(WRONG);
        }
        // (the emulated terminal echoes the piped keystrokes once; a real terminal does not, and the prompt shows '*')
        assertThat(repl.stderr()).doesNotContain(PASSWORD);
        assertThat(home.resolve("history")).exists();
        assertThat(home.resolve("sessions/s1/journal.jsonl")).exists();
        try (Stream<Path> files = Files.walk(home)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(read(f)).as(f.toString()).doesNotContain(PASSWORD).doesNotContain(WRONG);
            }
        }
    }

    @Test
    void withoutAConnectionOrAPasswordTheCommandsSayWhatToRun(InfluxdServer server) throws Exception {
        server.createAdmin("admin", PASSWORD);
        Files.createDirectories(server.walDir());
        Path home = tmp.resolve("home");
        ShellProcess.Run r = new ShellProcess(home).feed(String.join("\n",
                "session new s2 --from 0.11 --config " + server.configFile(),
                "verify compare",
                "ping",
                "connect --user admin",
                "connect --timeout nonsense",
                ""), "--keep-going");
        List<String> errors = r.stderr().lines().filter(l -> l.contains("error:")).toList();
        assertThat(errors).containsExactly(
                "-:2: error: 'verify compare' is not available now: session 's2' has no baseline yet (run 'verify baseline' first)",
                "-:3: error: not connected (run 'connect')",
                "-:4: error: connect to " + server.url() + " as admin: no password (set INFLUX_PASSWORD, pass --password-file FILE"
                        + " to 'connect', or connect in the interactive shell to be prompted)",
                "-:5: error: --timeout nonsense: not a duration (e.g. 5s, 500ms, 1m)");
        assertThat(r.exitCode()).isEqualTo(3);
    }

    private static List<JsonNode> lines(ShellProcess.Run r) {
        return r.stdoutLines().stream().filter(l -> l.startsWith("{")).map(SessionIT::json).toList();
    }

    private static String read(Path f) {
        try {
            return new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
