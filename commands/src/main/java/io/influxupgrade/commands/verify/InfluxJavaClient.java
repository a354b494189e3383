package io.influxupgrade.commands.verify;

import io.influxupgrade.commands.UpgradeException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBException;
import org.influxdb.InfluxDBFactory;
import org.influxdb.InfluxDBIOException;
import org.influxdb.dto.Query;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The {@link InfluxQuery} port on influxdb-java 2.25: connect, read and call timeouts bounded by the
 * settings, basic auth from a {@code char[]} that is encoded once and then wiped by the caller, and every
 * failure mapped to one line with the fix. The password is never in a message, a field's toString or a log.
 */
public final class InfluxJavaClient implements InfluxQuery {

    /** Runs requests off the caller's thread so that an interrupt (Ctrl-C in the shell) can abandon a hung call. */
    private static final java.util.concurrent.ExecutorService REQUESTS = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "influx-request");
        t.setDaemon(true);
        return t;
    });

    private final ConnectionSettings settings;
    private final InfluxDB influx;
    private final java.util.Set<okhttp3.Call> inFlight;

    private InfluxJavaClient(ConnectionSettings settings, InfluxDB influx, java.util.Set<okhttp3.Call> inFlight) {
        this.settings = settings;
        this.influx = influx;
        this.inFlight = inFlight;
    }

    /**
     * Runs one request; when the calling thread is interrupted meanwhile, the HTTP calls in flight are cancelled and
     * the request ends at once with "cancelled", instead of waiting for the server or the timeout.
     */
    private <T> T interruptibly(String what, java.util.function.Supplier<T> request) {
        java.util.concurrent.Future<T> f = REQUESTS.submit(request::get);
        try {
            return f.get();
        } catch (InterruptedException e) {
            inFlight.forEach(okhttp3.Call::cancel);
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw UpgradeException.unavailable(what + " against " + settings.url() + " cancelled");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Runs one request of the client library {@link #interruptibly}; whatever it throws, in the worker or here, becomes
     * the {@link UpgradeException} that {@link #map} makes of it (one already mapped passes as it is).
     */
    private <T> T request(String what, java.util.function.Supplier<T> call) {
        try {
            return interruptibly(what, () -> {
                try {
                    return call.get();
                } catch (RuntimeException e) {
                    throw map(settings, e, what);
                }
            });
        } catch (UpgradeException e) {
            throw e;
        } catch (RuntimeException e) {
            throw map(settings, e, what);
        }
    }

    /** Opens a client (no request yet). A null or empty password means no credentials are sent. */
    public static InfluxJavaClient open(ConnectionSettings settings, char[] password) {
        long ms = settings.timeout().toMillis();
        OkHttpClient.Builder http = new OkHttpClient.Builder()
                .connectTimeout(ms, TimeUnit.MILLISECONDS)
                .readTimeout(ms, TimeUnit.MILLISECONDS)
                .writeTimeout(ms, TimeUnit.MILLISECONDS)
                .callTimeout(ms, TimeUnit.MILLISECONDS)
                .retryOnConnectionFailure(true) // a stale pooled connection to a restarted server; every request is a read
                .socketFactory(new NoDelaySocketFactory());
        java.util.Set<okhttp3.Call> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();
        http.eventListenerFactory(call -> {
            inFlight.add(call);
            return new okhttp3.EventListener() {
                @Override
                public void callEnd(okhttp3.Call c) {
                    inFlight.remove(c);
                }

                @Override
                public void callFailed(okhttp3.Call c, IOException ioe) {
                    inFlight.remove(c);
                }
            };
        });
        if (settings.username() != null) {
            String header = basic(settings.username(), password == null ? new char[0] : password);
            http.addInterceptor(chain -> {
                Request r = chain.request().newBuilder().header("Authorization", header).build();
                return chain.proceed(r);
            });
        }
        if (settings.https() && settings.insecureSkipVerify()) {
            trustEverything(http);
        }
        try {
            InfluxDB db = InfluxDBFactory.connect(settings.url(), http);
            db.setLogLevel(InfluxDB.LogLevel.NONE);
            return new InfluxJavaClient(settings, db, inFlight);
        } catch (RuntimeException e) {
            throw map(settings, e, "connect");
        }
    }

    @Override
    public QueryResult query(String influxql, String db) {
        // Query(q, db) has requiresPost = false: influxdb-java 2.25 sends GET /query?q=…, which every server
        // takes; 0.11.1 answers a POST /query with 405 (GetOnlyServerTest). Statements are read-only anyway.
        org.influxdb.dto.QueryResult r = request("query", () -> influx.query(new Query(influxql, db)));
        if (r == null) {
            throw UpgradeException.unavailable("server " + settings.url() + " answered the query with no body: is this InfluxDB? (fix --url)");
        }
        if (r.getError() != null) {
            throw map(settings, new InfluxDBException(r.getError()), "query");
        }
        List<QueryResult.Statement> out = new ArrayList<>();
        if (r.getResults() != null) {
            for (org.influxdb.dto.QueryResult.Result res : r.getResults()) {
                if (res.getError() != null) {
                    out.add(QueryResult.Statement.failed(res.getError()));
                    continue;
                }
                List<QueryResult.Series> series = new ArrayList<>();
                if (res.getSeries() != null) {
                    for (org.influxdb.dto.QueryResult.Series s : res.getSeries()) {
                        series.add(new QueryResult.Series(s.getName(), s.getTags(), s.getColumns(), s.getValues()));
                    }
                }
                out.add(QueryResult.Statement.ok(series));
            }
        }
        return new QueryResult(out);
    }

    @Override
    public Pong ping() {
        long start = System.nanoTime();
        org.influxdb.dto.Pong p = request("ping", influx::ping);
        long latency = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        if (p == null || p.getVersion() == null || p.getVersion().equalsIgnoreCase("unknown")) {
            throw UpgradeException.unavailable("server " + settings.url() + " answered /ping without an"
                    + " X-Influxdb-Version header: is this InfluxDB? (fix --url)");
        }
        return new Pong(p.getVersion(), latency);
    }

    @Override
    public String url() {
        return settings.url();
    }

    @Override
    public void close() {
        try {
            influx.close();
        } catch (RuntimeException ignored) {
            // closing an HTTP client cannot lose data
        }
    }

    @Override
    public String toString() {
        return "InfluxJavaClient[" + settings.url() + (settings.username() == null ? "" : " as " + settings.username()) + "]";
    }

    /** Maps a failure of influxdb-java or OkHttp to one line naming the server and the fix. */
    static UpgradeException map(ConnectionSettings s, Throwable e, String what) {
        String server = "server " + s.url();
        Throwable io = rootIo(e);
        if (io instanceof UnknownHostException) {
            return UpgradeException.unavailable(server + ": unknown host (fix --url)", e);
        }
        if (io instanceof ConnectException || io instanceof NoRouteToHostException) {
            return UpgradeException.unavailable(server + " is not answering (connection refused): start influxd or fix --url", e);
        }
        if (io instanceof SSLPeerUnverifiedException || io instanceof SSLHandshakeException || hasCause(e, CertificateException.class)) {
            return UpgradeException.unavailable(server + ": TLS handshake failed (" + oneLine(io.getMessage())
                    + "): install a certificate the JVM trusts, or pass --insecure-skip-verify to skip the check", e);
        }
        if (io instanceof SSLException) {
            return UpgradeException.unavailable(server + ": TLS error (" + oneLine(io.getMessage())
                    + "): check that the server speaks https (or use http://), or pass --insecure-skip-verify", e);
        }
        if (io instanceof SocketTimeoutException || io instanceof InterruptedIOException) {
            return UpgradeException.unavailable(server + " did not answer within " + seconds(s) + " (timeout):"
                    + " check that influxd is running and not overloaded, or raise --timeout", e);
        }
        if (io != null) {
            return UpgradeException.unavailable(server + ": " + what + " failed (" + io.getClass().getSimpleName() + ": "
                    + oneLine(io.getMessage()) + "): check that influxd is running, or fix --url", e);
        }
        if (e instanceof InfluxDBException.AuthorizationFailedException) {
            return UpgradeException.unavailable(server + " refused the credentials" + user(s)
                    + " (authorization failed): check --user and the password", e);
        }
        if (e instanceof InfluxDBException.UnableToParseException) {
            return UpgradeException.unavailable(server + " requires authentication (auth-enabled = true): pass --user,"
                    + " and the password through the prompt, INFLUX_PASSWORD or --password-file", e);
        }
        String msg = oneLine(e.getMessage());
        String lower = msg.toLowerCase(Locale.ROOT);
        if (lower.contains("authorization failed") || lower.contains("unable to parse authentication")) {
            return UpgradeException.unavailable(server + " refused the credentials" + user(s)
                    + " (" + msg + "): check --user and the password", e);
        }
        if (lower.contains("not authorized") || lower.contains("requires admin") || lower.contains("forbidden")) {
            return UpgradeException.unavailable(server + ": user" + user(s) + " may not run this (" + msg
                    + "): connect as an admin user", e);
        }
        if (lower.startsWith("error parsing query")) {
            return new UpgradeException(UpgradeException.Kind.USAGE, server + " cannot parse the query (" + msg + "): fix the InfluxQL", e);
        }
        if (e instanceof InfluxDBException) {
            return UpgradeException.unavailable(server + " failed the " + what + " (" + msg
                    + "): see the influxd log; retry when the server is healthy", e);
        }
        if (e instanceof IllegalArgumentException) {
            return new UpgradeException(UpgradeException.Kind.USAGE, server + ": " + msg + " (fix --url)", e);
        }
        return UpgradeException.unavailable(server + ": " + what + " failed (" + e.getClass().getSimpleName() + ": " + msg
                + "): check that influxd is running, or fix --url", e);
    }

    private static String user(ConnectionSettings s) {
        return s.username() == null ? "" : " of user " + InfluxQl.display(s.username());
    }

    private static String seconds(ConnectionSettings s) {
        long ms = s.timeout().toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
    }

    /** The most telling I/O cause: the outermost one of a known kind, else the outermost I/O exception. */
    private static Throwable rootIo(Throwable e) {
        Throwable first = null;
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof IOException && !(t instanceof InfluxDBIOException)) {
                if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof SSLException
                        || t instanceof InterruptedIOException || t instanceof NoRouteToHostException) {
                    return t;
                }
                if (first == null) {
                    first = t;
                }
            }
        }
        return first;
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    static String oneLine(String s) {
        if (s == null) {
            return "no detail";
        }
        String t = s.replaceAll("[\\r\\n]+", " ").trim();
        return t.length() > 300 ? t.substring(0, 300) + "…" : t;
    }

    private static String basic(String user, char[] password) {
        char[] pair = new char[user.length() + 1 + password.length];
        user.getChars(0, user.length(), pair, 0);
        pair[user.length()] = ':';
        System.arraycopy(password, 0, pair, user.length() + 1, password.length);
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(pair));
        byte[] raw = new byte[bytes.remaining()];
        bytes.get(raw);
        String header = "Basic " + Base64.getEncoder().encodeToString(raw);
        Arrays.fill(pair, '\0');
        Arrays.fill(raw, (byte) 0);
        if (bytes.hasArray()) {
            Arrays.fill(bytes.array(), (byte) 0);
        }
        return header;
    }

    /**
     * Sockets with TCP_NODELAY: a batched query is a GET whose URL spans several TCP segments, and with
     * Nagle's algorithm the last one waits for the server's delayed ACK (about 40 ms on Linux).
     */
    private static final class NoDelaySocketFactory extends javax.net.SocketFactory {
        private final javax.net.SocketFactory plain = javax.net.SocketFactory.getDefault();

        private static java.net.Socket noDelay(java.net.Socket s) throws IOException {
            s.setTcpNoDelay(true);
            return s;
        }

        @Override
        public java.net.Socket createSocket() throws IOException {
            return noDelay(plain.createSocket());
        }

        @Override
        public java.net.Socket createSocket(String host, int port) throws IOException {
            return noDelay(plain.createSocket(host, port));
        }

        @Override
        public java.net.Socket createSocket(String host, int port, java.net.InetAddress local, int localPort) throws IOException {
            return noDelay(plain.createSocket(host, port, local, localPort));
        }

        @Override
        public java.net.Socket createSocket(java.net.InetAddress host, int port) throws IOException {
            return noDelay(plain.createSocket(host, port));
        }

        @Override
        public java.net.Socket createSocket(java.net.InetAddress address, int port, java.net.InetAddress local, int localPort)
                throws IOException {
            return noDelay(plain.createSocket(address, port, local, localPort));
        }
    }

    private static void trustEverything(OkHttpClient.Builder http) {
        X509TrustManager trustAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {trustAll}, new SecureRandom());
            http.sslSocketFactory(ctx.getSocketFactory(), trustAll);
            http.hostnameVerifier((host, session) -> true);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM has no TLS implementation", e);
        }
    }
}
