package io.influxupgrade.commands.testing;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * JUnit 5 extension behind {@link RealInfluxd}: starts a fresh influxd per test method in its own temp dir,
 * stops every server it handed out by PID after the test (pass or fail), and deletes the temp dirs.
 */
public final class InfluxdExtension implements BeforeAllCallback, ParameterResolver, AfterEachCallback {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(InfluxdExtension.class);

    /** True when a missing influxd must fail the build rather than skip. */
    public static boolean ciRequiresInfluxd() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Skips (or, with CI=true, fails) the current test when influxd is not on PATH. */
    public static void requireInfluxd() {
        if (InfluxdServer.findInfluxd().isPresent()) {
            return;
        }
        if (ciRequiresInfluxd()) {
            throw new IllegalStateException("CI=true but influxd is not on PATH: scripts/test must install the Debian package influxdb");
        }
        Assumptions.abort("influxd is not on PATH; run scripts/test, which installs it, to run this test");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        requireInfluxd();
    }

    @Override
    public boolean supportsParameter(ParameterContext pc, ExtensionContext ec) {
        return pc.getParameter().getType() == InfluxdServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext pc, ExtensionContext ec) {
        RealInfluxd cfg = ec.getRequiredTestClass().getAnnotation(RealInfluxd.class);
        InfluxdServer.Options o = InfluxdServer.Options.defaults();
        if (cfg != null) {
            o = cfg.auth() ? o.withAuth() : o;
            o = o.withIndex(cfg.index());
        }
        InfluxdServer server = newServer(ec, o);
        server.start();
        return server;
    }

    /** A new, not yet started server whose lifetime is bound to the current test. */
    public static InfluxdServer newServer(ExtensionContext ec, InfluxdServer.Options options) {
        try {
            Path dir = Files.createTempDirectory("influxd-test-");
            InfluxdServer server = InfluxdServer.create(dir, options);
            servers(ec).add(server);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<InfluxdServer> servers(ExtensionContext ec) {
        return ec.getStore(NS).getOrComputeIfAbsent("servers", k -> new ArrayList<InfluxdServer>(), List.class);
    }

    @Override
    public void afterEach(ExtensionContext ec) {
        for (InfluxdServer s : servers(ec)) {
            s.stop();
            deleteTree(s.root());
        }
        servers(ec).clear();
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // leave what cannot be removed; it is a temp dir
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
