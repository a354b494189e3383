package io.influxupgrade.commands.meta;

import io.influxupgrade.commands.UpgradeException;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** {@code meta diff A B}: reads two metastores (any supported format each) and reports their semantic differences. */
public final class MetaDiffCommand {

    public record Request(String a, String b, boolean strict) {
    }

    public MetaDiff run(Request request) {
        MetaSnapshot a = MetaSources.read(path(request.a(), "SOURCE_A"));
        MetaSnapshot b = MetaSources.read(path(request.b(), "SOURCE_B"));
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
