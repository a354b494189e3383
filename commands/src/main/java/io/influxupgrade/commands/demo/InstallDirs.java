package io.influxupgrade.commands.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The three dirs of an InfluxDB 1.x installation under one root, as the sandbox and the demo server lay them out. */
record InstallDirs(Path meta, Path data, Path wal) {

    /** Creates {@code <root>/meta}, {@code <root>/data} and {@code <root>/wal} (and {@code root}) where missing. */
    static InstallDirs create(Path root) throws IOException {
        InstallDirs d = new InstallDirs(root.resolve("meta"), root.resolve("data"), root.resolve("wal"));
        Files.createDirectories(d.meta());
        Files.createDirectories(d.data());
        Files.createDirectories(d.wal());
        return d;
    }
}
