package io.influxupgrade.commands.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The shared fixture written by a real InfluxDB 1.8 (tsi1): {@code v1db/meta}, {@code v1db/data} and {@code v1db/wal}
 * in a zip. A test that needs it is skipped when the fixture is not on this machine.
 */
public final class RealFixture {

    /** Where the shared fixtures keep the zip. */
    public static final Path ZIP = Path.of("/work/shared/fixtures/real/influxdb-1.8-v1db.zip");

    private RealFixture() {
    }

    /** Unzips the fixture into {@code dir} and returns its {@code v1db} dir; skips the test when the zip is absent. */
    public static Path unzipV1db(Path dir) throws IOException {
        assumeTrue(Files.isRegularFile(ZIP), "fixture " + ZIP + " not present");
        try (InputStream in = Files.newInputStream(ZIP); ZipInputStream z = new ZipInputStream(in)) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                Path p = dir.resolve(e.getName()).normalize();
                assertThat(p.startsWith(dir)).isTrue();
                if (e.isDirectory()) {
                    Files.createDirectories(p);
                } else {
                    Files.createDirectories(p.getParent());
                    Files.copy(z, p);
                }
            }
        }
        return dir.resolve("v1db");
    }
}
