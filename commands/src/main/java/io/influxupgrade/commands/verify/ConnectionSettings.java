package io.influxupgrade.commands.verify;

import io.influxupgrade.commands.UpgradeException;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;

/**
 * Where and as whom to connect, without the password (which travels separately as a {@code char[]} and is
 * never stored, printed or serialised). The URL is http(s) with a host and no embedded credentials;
 * certificate checks are skipped only with an explicit {@code insecureSkipVerify} on an https URL.
 */
public record ConnectionSettings(String url, String username, boolean insecureSkipVerify, Duration timeout) {

    public static final String DEFAULT_URL = "http://127.0.0.1:8086";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    public ConnectionSettings {
        url = normaliseUrl(url == null || url.isBlank() ? DEFAULT_URL : url.trim());
        username = username == null || username.isEmpty() ? null : username;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.isNegative() || timeout.isZero()) {
            throw UpgradeException.usage("--timeout " + timeout + ": must be positive (e.g. 5s)");
        }
    }

    /** Settings for {@code url} with the default timeout, no user, certificate checks on. */
    public static ConnectionSettings of(String url) {
        return new ConnectionSettings(url, null, false, null);
    }

    public ConnectionSettings withUser(String user) {
        return new ConnectionSettings(url, user, insecureSkipVerify, timeout);
    }

    public ConnectionSettings withTimeout(Duration t) {
        return new ConnectionSettings(url, username, insecureSkipVerify, t);
    }

    public ConnectionSettings withInsecureSkipVerify(boolean skip) {
        return new ConnectionSettings(url, username, skip, timeout);
    }

    public boolean https() {
        return url.startsWith("https://");
    }

    /**
     * The URL a local influxd with this {@code [http] bind-address} answers on: an empty or wildcard host
     * ({@code :8086}, {@code 0.0.0.0:8086}, {@code [::]:8086}) becomes 127.0.0.1, a loopback host is kept.
     * A specific non-loopback address is refused rather than guessed at: pass --url.
     */
    public static String defaultUrl(String bindAddress, boolean https) {
        String scheme = https ? "https" : "http";
        if (bindAddress == null || bindAddress.isBlank()) {
            return scheme + "://127.0.0.1:8086";
        }
        String a = bindAddress.trim();
        int colon = a.lastIndexOf(':');
        if (colon < 0 || (a.startsWith("[") && !a.substring(0, colon).endsWith("]"))) {
            throw UpgradeException.usage("[http] bind-address '" + a + "' has no port (expected e.g. :8086): pass --url");
        }
        String host = a.substring(0, colon);
        String port = a.substring(colon + 1);
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) == 0 || Integer.parseInt(port) > 65535) {
            throw UpgradeException.usage("[http] bind-address '" + a + "' has no valid port (expected e.g. :8086): pass --url");
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        String lower = bare.toLowerCase(Locale.ROOT);
        if (lower.isEmpty() || lower.equals("0.0.0.0") || lower.equals("::") || lower.equals("0:0:0:0:0:0:0:0")) {
            return scheme + "://127.0.0.1:" + port;
        }
        if (lower.equals("localhost") || lower.startsWith("127.")) {
            return scheme + "://" + bare + ":" + port;
        }
        if (lower.equals("::1") || lower.equals("0:0:0:0:0:0:0:1")) {
            return scheme + "://[" + bare + "]:" + port;
        }
        throw UpgradeException.usage("[http] bind-address '" + a + "' is not a loopback or wildcard address,"
                + " so the local URL is not known: pass --url");
    }

    private static String normaliseUrl(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw UpgradeException.usage("--url: not a URL (expected e.g. http://127.0.0.1:8086)");
        }
        if (uri.getRawUserInfo() != null) {
            // Never echo the URL: it contains credentials.
            throw UpgradeException.usage("--url must not contain credentials: pass --user, and the password"
                    + " through the prompt, INFLUX_PASSWORD or --password-file");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw UpgradeException.usage("--url " + text + ": must start with http:// or https:// (e.g. http://127.0.0.1:8086)");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw UpgradeException.usage("--url " + text + ": no host (expected e.g. http://127.0.0.1:8086)");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw UpgradeException.usage("--url " + text + ": must not have a query or fragment");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String host = uri.getHost().contains(":") && !uri.getHost().startsWith("[") ? "[" + uri.getHost() + "]" : uri.getHost();
        int port = uri.getPort() >= 0 ? uri.getPort() : 8086;
        return scheme + "://" + host + ":" + port + path;
    }
}
