package io.influxupgrade.commands.meta;

import io.influxupgrade.commands.bolt.BoltFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No 0.10/0.11 binary exists here: these 0.10/0.11 meta dirs (snapshot folders and raft.db) are written by our
 * own writers from the format doc, and read back.
 */
class RaftDirOwnWriterTest {

    @TempDir
    Path tmp;

    @Test
    void logEntriesAfterTheSnapshotAreReplayed_ownWriter() {
        MetaData data = MetaFixtures.raftEra();
        MetaStoreWriter.writeRaftSnapshot(tmp, data, 3, 42, 1_700_000_000_000L, List.of("127.0.0.1:8088"));
        List<RaftLogs.Entry> logs = new ArrayList<>();
        for (long i = 30; i <= 47; i++) {
            logs.add(new RaftLogs.Entry(i, 3, i % 5 == 0 ? RaftLogs.NOOP : RaftLogs.COMMAND, RaftLogs.createDatabaseCommand("db" + i)));
        }
        MetaStoreWriter.writeRaftDb(tmp, logs, 3);

        MetaSnapshot s = MetaSources.read(tmp);
        assertThat(s.format()).isEqualTo("raft: snapshot 42 + 5 log entries"); // indexes 43..47, 45 a no-op
        assertThat(s.notIncludedLogEntries()).isZero();
        List<String> names = new ArrayList<>(data.databases().stream().map(MetaData.DatabaseInfo::name).toList());
        names.addAll(List.of("db43", "db44", "db46", "db47"));
        assertThat(s.data().databases()).extracting(MetaData.DatabaseInfo::name).containsExactlyElementsOf(names);
        assertThat(s.data().index()).isEqualTo(47);
        assertThat(s.data().users()).isEqualTo(data.users());
        MetaReport report = MetaShowCommand.report(s, null, null);
        assertThat(report.format()).isEqualTo("raft: snapshot 42 + 5 log entries");
    }

    @Test
    void raftDbLogsAreMsgpackMapsWithOldRawStrings_ownWriter() throws Exception {
        byte[] cmd = RaftLogs.createDatabaseCommand("x".repeat(40));
        RaftLogs.write(tmp, List.of(new RaftLogs.Entry(300, 2, RaftLogs.COMMAND, cmd)), 2);
        try (BoltFile bolt = BoltFile.open(tmp.resolve("raft.db"))) {
            byte[] v = bolt.root().bucket("logs").get(ByteBuffer.allocate(8).putLong(300).array());
            ByteBuffer b = ByteBuffer.wrap(v);
            assertThat(b.get() & 0xff).isEqualTo(0x84);
            assertThat(b.get() & 0xff).isEqualTo(0xa5);
            byte[] key = new byte[5];
            b.get(key);
            assertThat(new String(key, StandardCharsets.US_ASCII)).isEqualTo("Index");
            assertThat(b.get() & 0xff).isEqualTo(0xcd); // 300 as uint16
            assertThat(b.getShort() & 0xffff).isEqualTo(300);
            int dataAt = v.length - cmd.length - 3; // type byte + 2-byte length
            assertThat(v[dataAt] & 0xff).isEqualTo(0xda); // str16, never bin
            assertThat(bolt.root().bucket("conf").get("CurrentTerm".getBytes(StandardCharsets.US_ASCII))).hasSize(8);
        }
    }

    @Test
    void damagedRaftDbIsAWarningNotAFailure_ownWriter() throws Exception {
        MetaStoreWriter.writeRaftSnapshot(tmp, MetaFixtures.raftEra(), 3, 42, 1L, List.of());
        Files.write(tmp.resolve("raft.db"), new byte[] {1, 2, 3, 4});
        MetaSnapshot s = MetaSources.read(tmp);
        assertThat(s.notIncludedLogEntries()).isNull();
        assertThat(s.format()).isEqualTo("raft: snapshot 42 alone (raft.db unreadable)");
        assertThat(s.data()).isEqualTo(MetaFixtures.raftEra());
        assertThat(String.join("\n", s.warnings())).contains("could not be read").contains("raft.db");
    }
}
