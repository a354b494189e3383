package io.influxupgrade.commands.session;

import io.influxupgrade.commands.InfluxVersion;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 15 item 2: a missing or empty data/wal dir is a warning with a finding id; the session is still created. */
class SessionNewCommandTest {

    @TempDir
    Path tmp;

    @Test
    void missingAndEmptyDirsAreWarningsAndTheSessionIsCreated() throws Exception {
        Path meta = Files.createDirectories(tmp.resolve("meta"));
        Files.writeString(meta.resolve("meta.db"), "x");
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path wal = tmp.resolve("wal");
        try (Workspace ws = new Workspace(tmp.resolve("home"), Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC))) {
            SessionNewCommand.Created c = new SessionNewCommand().create(ws, new SessionNewCommand.Request("fresh", InfluxVersion.parse("1.3"), InfluxVersion.V1_4,
                    null, meta, data, wal, null, null, null));
            assertThat(c.session().getWalDir()).isEqualTo(wal.toString());
            assertThat(c.warnings()).anySatisfy(w -> assertThat(w).startsWith("paths.wal-dir-missing: ").contains(wal.toString()))
                    .anySatisfy(w -> assertThat(w).startsWith("paths.data-dir-empty: "))
                    .noneSatisfy(w -> assertThat(w).startsWith("paths.meta-dir"));
            assertThat(ws.store().exists("fresh")).isTrue();
        }
    }
}
