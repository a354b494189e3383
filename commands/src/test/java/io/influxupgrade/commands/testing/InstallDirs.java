package io.influxupgrade.commands.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The three directories of a 1.x installation, {@code [meta] dir}, {@code [data] dir} and {@code [data] wal-dir}. */
public record InstallDirs(Path meta, Path data, Path wal) {

    /** Creates (empty, if new) {@code meta}, {@code data} and {@code wal} below {@code root}. */
    public static InstallDirs create(Path root) throws IOException {
        return new InstallDirs(Files.createDirectories(root.resolve("meta")), Files.createDirectories(root.resolve("data")),
                Files.createDirectories(root.resolve("wal")));
    }

    /** The {@code [meta]} and {@code [data]} tables of an influxdb.conf that names these dirs. */
    public List<String> configLines() {
        return List.of("[meta]", "  dir = \"" + meta + "\"", "[data]", "  dir = \"" + data + "\"", "  wal-dir = \"" + wal + "\"");
    }
}
