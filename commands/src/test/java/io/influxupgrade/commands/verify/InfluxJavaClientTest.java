package io.influxupgrade.commands.verify;

import com.sun.net.httpserver.HttpServer;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.testing.SilentServer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Failure mapping of the influxdb-java adapter against tiny local stand-ins (no influxd needed). */
class InfluxJavaClientTest {

    private static final String PASSWORD = "Tr0ub4dor&3-never-print";
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private HttpServer http(int status, String body, AtomicReference<String> authSeen) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s.createContext("/", ex -> {
            if (authSeen != null) {
                authSeen.set(ex.getRequestHeaders().getFirst("Authorization"));
            }
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.getResponseHeaders().add("X-Influxdb-Version", "1.6.7");
            ex.sendResponseHeaders(status, status == 204 ? -1 : b.length);
            if (status != 204) {
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(b);
                }
            }
            ex.close();
        });
        s.start();
        open.add(() -> s.stop(0));
        return s;
    }

    private static String url(HttpServer s) {
        return "http://127.0.0.1:" + s.getAddress().getPort();
    }

    private InfluxJavaClient client(String url, String user, Duration timeout) {
        InfluxJavaClient c = InfluxJavaClient.open(new ConnectionSettings(url, user, false, timeout), PASSWORD.toCharArray());
        open.add(c);
        return c;
    }

    /** {@code call} throws an UpgradeException of that kind: one line, no password, naming every part. */
    private static UpgradeException failsOnOneLine(ThrowingCallable call, UpgradeException.Kind kind, String... parts) {
        Throwable t = catchThrowable(call);
        assertThat(t).isInstanceOf(UpgradeException.class);
        UpgradeException e = (UpgradeException) t;
        assertOneLine(e, kind, parts);
        return e;
    }

    private static void assertOneLine(UpgradeException e, UpgradeException.Kind kind, String... parts) {
        assertThat(e.kind()).isEqualTo(kind);
        assertThat(e.getMessage()).doesNotContain("\n").doesNotContain(PASSWORD);
        for (String part : parts) {
            assertThat(e.getMessage()).contains(part);
        }
    }

    @Test
    void refusedConnectionIsUnavailableWithTheFix() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String u = "http://127.0.0.1:" + port;
        failsOnOneLine(() -> client(u, null, null).ping(), UpgradeException.Kind.UNAVAILABLE,
                "server " + u + " is not answering (connection refused): start influxd or fix --url");
    }

    @Test
    void serverThatNeverAnswersIsBoundedByTheTimeout() throws IOException {
        SilentServer silent = SilentServer.start();
        open.add(silent);
        String u = silent.url();
        failsOnOneLine(() -> client(u, null, Duration.ofMillis(300)).query("SHOW DATABASES", null),
                UpgradeException.Kind.UNAVAILABLE, "did not answer within 300ms (timeout)", "--timeout");
    }

    @Test
    void unknownHostIsUnavailable() {
        failsOnOneLine(() -> client("http://no-such-host.invalid:8086", null, null).ping(),
                UpgradeException.Kind.UNAVAILABLE, "unknown host", "fix --url");
    }

    @Test
    void wrongPasswordIsUnavailableWithoutThePassword() throws IOException {
        HttpServer s = http(401, "{\"error\":\"authorization failed\"}", null);
        UpgradeException e = failsOnOneLine(() -> client(url(s), "admin", null).query("SHOW DATABASES", null),
                UpgradeException.Kind.UNAVAILABLE, "refused the credentials of user \"admin\"", "check --user and the password");
        for (Throwable c = e; c != null; c = c.getCause()) {
            assertThat(String.valueOf(c.getMessage())).doesNotContain(PASSWORD);
        }
    }

    @Test
    void missingCredentialsSayHowToPassThem() throws IOException {
        HttpServer s = http(401, "{\"error\":\"unable to parse authentication credentials\"}", null);
        failsOnOneLine(() -> client(url(s), null, null).query("SHOW DATABASES", null),
                UpgradeException.Kind.UNAVAILABLE, "requires authentication", "INFLUX_PASSWORD");
    }

    @Test
    void forbiddenStatementAsksForAnAdmin() throws IOException {
        HttpServer s = http(403, "{\"error\":\"error authorizing query: bob not authorized to execute statement 'SHOW USERS', requires admin privilege\"}", null);
        failsOnOneLine(() -> client(url(s), "bob", null).query("SHOW USERS", null),
                UpgradeException.Kind.UNAVAILABLE, "connect as an admin user");
    }

    @Test
    void internalServerErrorIsUnavailable() throws IOException {
        HttpServer s = http(500, "{\"error\":\"timeout\"}", null);
        failsOnOneLine(() -> client(url(s), null, null).query("SHOW DATABASES", null),
                UpgradeException.Kind.UNAVAILABLE, "see the influxd log");
        HttpServer html = http(500, "<html>\n<b>Internal</b>\n</html>", null);
        failsOnOneLine(() -> client(url(html), null, null).query("SHOW DATABASES", null), UpgradeException.Kind.UNAVAILABLE);
    }

    @Test
    void garbageAnswerIsAnUpgradeException() throws IOException {
        for (String body : new String[] {"<html>hello</html>", "{\"results\":[{\"series\":7}]}", "{\"results\":", ""}) {
            HttpServer s = http(200, body, null);
            assertThatThrownBy(() -> client(url(s), null, null).query("SHOW DATABASES", null)).as(body)
                    .isInstanceOfSatisfying(UpgradeException.class, e -> assertOneLine(e, UpgradeException.Kind.UNAVAILABLE));
        }
    }

    @Test
    void parseErrorIsUsage() throws IOException {
        HttpServer s = http(400, "{\"error\":\"error parsing query: found EOF, expected FROM at line 1, char 9\"}", null);
        failsOnOneLine(() -> client(url(s), null, null).query("SELECT *", null),
                UpgradeException.Kind.USAGE, "error parsing query");
    }

    @Test
    void untrustedCertificateIsATlsErrorNamingTheSkipOptionWhichThenWorks(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path ks = dir.resolve("self-signed.p12");
        Process p = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keystore", ks.toString(), "-storetype", "PKCS12", "-storepass", "changeit",
                "-keypass", "changeit", "-alias", "influx", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        try (var in = java.nio.file.Files.newInputStream(ks)) {
            store.load(in, "changeit".toCharArray());
        }
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "changeit".toCharArray());
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        com.sun.net.httpserver.HttpsServer s = com.sun.net.httpserver.HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(ctx));
        s.createContext("/", ex -> {
            ex.getResponseHeaders().add("X-Influxdb-Version", "1.6.7");
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        s.start();
        open.add(() -> s.stop(0));
        String u = "https://127.0.0.1:" + s.getAddress().getPort();

        failsOnOneLine(() -> client(u, null, null).ping(),
                UpgradeException.Kind.UNAVAILABLE, "TLS handshake failed", "--insecure-skip-verify");
        InfluxJavaClient insecure = InfluxJavaClient.open(new ConnectionSettings(u, null, true, null), null);
        open.add(insecure);
        assertThat(insecure.ping().version()).isEqualTo("1.6.7");
    }

    @Test
    void skipVerifyIsIgnoredForPlainHttp() throws IOException {
        HttpServer s = http(204, "", null);
        InfluxJavaClient c = InfluxJavaClient.open(new ConnectionSettings(url(s), null, true, null), null);
        open.add(c);
        assertThat(c.ping().version()).isEqualTo("1.6.7");
    }

    @Test
    void basicAuthIsSentAndStatementErrorsComeBackAsData() throws IOException {
        AtomicReference<String> auth = new AtomicReference<>();
        HttpServer s = http(200, "{\"results\":[{\"statement_id\":0,\"error\":\"database not found: x\"}]}", auth);
        QueryResult r = client(url(s), "admin", null).query("SHOW RETENTION POLICIES ON \"x\"", null);
        assertThat(r.statements()).singleElement().extracting(QueryResult.Statement::error).isEqualTo("database not found: x");
        String expected = "Basic " + java.util.Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertThat(auth.get()).isEqualTo(expected);
        assertThat(client(url(s), "admin", null).toString()).doesNotContain(PASSWORD);
    }

    @Test
    void connectWipesThePasswordArray() throws IOException {
        HttpServer s = http(200, "{\"results\":[{\"statement_id\":0}]}", null);
        char[] pw = PASSWORD.toCharArray();
        Connection c = new ConnectCommand().run(new ConnectCommand.Request(
                new ConnectionSettings(url(s), "admin", false, null), pw));
        open.add(c);
        assertThat(new String(pw)).isEqualTo("\0".repeat(PASSWORD.length()));
        assertThat(c.serverVersion()).isEqualTo("1.6.7");
        assertThat(c.toString() + io.influxupgrade.commands.Json.line(c)).doesNotContain(PASSWORD).doesNotContain("client");
    }
}
