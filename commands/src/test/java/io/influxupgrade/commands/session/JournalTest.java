package io.influxupgrade.commands.session;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class JournalTest {

    @TempDir
    Path dir;

    @Test
    void appendsRedactedEntriesAndExportsOnlySuccesses() throws Exception {
        Journal j = new Journal(dir);
        j.append(Instant.parse("2026-01-01T00:00:00Z"), "session set from 1.3", 0, "ok");
        j.append(Instant.parse("2026-01-01T00:01:00Z"), "connect --password topsecret", 5, "server down");
        j.append(Instant.parse("2026-01-01T00:02:00Z"), "backup meta-dir", 0, "ok");
        // a line cut short by a crash must not hide the others
        Files.writeString(j.file(), "{\"time\":\"2026-01-01T00:03", StandardOpenOption.APPEND);

        assertThat(j.entries()).hasSize(3);
        assertThat(Files.readString(j.file())).doesNotContain("topsecret");
        String script = j.asBatchScript("prod");
        assertThat(script).contains("session set from 1.3\n").contains("backup meta-dir\n").doesNotContain("connect");
    }
}
