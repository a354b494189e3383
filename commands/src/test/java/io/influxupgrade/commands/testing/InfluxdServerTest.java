package io.influxupgrade.commands.testing;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;

@RealInfluxd
class InfluxdServerTest {

    @Test
    void createsMetadataThatLandsInMetaDbOnDisk(InfluxdServer server) throws Exception {
        server.query("CREATE DATABASE harness_db");
        server.query("CREATE RETENTION POLICY \"two weeks\" ON harness_db DURATION 14d REPLICATION 1");
        server.query("CREATE USER alice WITH PASSWORD 'not-a-real-secret'");

        assertThat(server.query("SHOW DATABASES")).contains("harness_db");
        long pid = server.pid();
        server.stop();

        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        byte[] meta = Files.readAllBytes(server.metaDir().resolve("meta.db"));
        String raw = new String(meta, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(raw).contains("harness_db").contains("two weeks").contains("alice");
    }

    @Test
    void restartsOnTheSameDirsAndKeepsMetadata(InfluxdServer server) {
        server.query("CREATE DATABASE kept");
        server.stop();
        server.start();
        assertThat(server.query("SHOW DATABASES")).contains("kept");
    }
}
