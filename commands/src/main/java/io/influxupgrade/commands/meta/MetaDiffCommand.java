package io.influxupgrade.commands.meta;

import io.influxupgrade.commands.UpgradeException;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** {@code meta diff A B}: reads two metastores (any supported format each) and reports their semantic differences. */
public final class MetaDiffCommand {

    public record Request(String a, String b, boolean strict) {
    }

    /** The session's {@code meta diff A B}: both as typed ({@link MetaRefs}); neither may be {@code live} (see {@code verify meta}). */
    public MetaDiff run(io.influxupgrade.commands.session.Workspace ws, String a, String b, boolean strict) {
        return run(new Request(MetaRefs.resolve(ws, a), MetaRefs.resolve(ws, b), strict));
    }

    public MetaDiff run(Request request) {
        Path pa = path(request.a(), "SOURCE_A");
        Path pb = path(request.b(), "SOURCE_B");
        // read B on a second thread while A is read here: two large metastores load in about the time of one
        java.util.concurrent.CompletableFuture<MetaSnapshot> fb = java.util.concurrent.CompletableFuture.supplyAsync(() -> MetaSources.read(pb));
        MetaSnapshot a;
        try {
            a = MetaSources.read(pa);
        } catch (RuntimeException e) {
            fb.cancel(false);
            throw e;
        }
        MetaSnapshot b;
        try {
            b = fb.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
        return MetaDiff.compare(a, b, request.strict());
    }

    private static Path path(String s, String what) {
        if (s == null || s.isBlank()) {
            throw UpgradeException.usage("meta diff: " + what + " is missing (meta diff SOURCE_A SOURCE_B)");
        }
        try {
            return Path.of(s);
        } catch (InvalidPathException e) {
            throw UpgradeException.usage("meta diff: '" + s + "' is not a valid path");
        }
    }
}
