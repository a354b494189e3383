package io.influxupgrade.commands.bolt;

import io.influxupgrade.commands.bolt.BoltTestTrees.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static io.influxupgrade.commands.bolt.BoltTestTrees.be64;
import static io.influxupgrade.commands.bolt.BoltTestTrees.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/** raft.db-shaped files from our writer, and a file written by the real Go bolt library (1.3.1). */
class BoltRaftAndGoFileTest {

    @TempDir
    Path dir;

    /** A raft.Log as raft-boltdb stores it: a msgpack fixmap of Index, Term, Type and Data (raw bytes). */
    private static byte[] raftLog(long index, long term, int type, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x84);
        str(out, "Index");
        uint(out, index);
        str(out, "Term");
        uint(out, term);
        str(out, "Type");
        uint(out, type);
        str(out, "Data");
        out.write(0xda);
        out.write(data.length >> 8);
        out.write(data.length);
        out.writeBytes(data);
        return out.toByteArray();
    }

    private static void str(ByteArrayOutputStream out, String s) {
        out.write(0xa0 | s.length());
        out.writeBytes(utf8(s));
    }

    private static void uint(ByteArrayOutputStream out, long v) {
        if (v < 128) {
            out.write((int) v);
        } else {
            out.write(0xcf);
            out.writeBytes(be64(v));
        }
    }

    @Test
    void raftDbShapeReadsBackInIndexOrder() throws Exception {
        Model model = new Model();
        Model logs = model.bucket("logs");
        for (long i = 8193; i <= 8193 + 2500; i++) {
            logs.put(be64(i), raftLog(i, 3, i % 50 == 0 ? 1 : 0, utf8("command " + i)));
        }
        Model conf = model.bucket("conf");
        conf.put("CurrentTerm", be64(3));
        conf.put("LastVoteTerm", be64(3));
        conf.put("LastVoteCand", utf8("127.0.0.1:8088"));
        Path raft = dir.resolve("meta/raft.db");
        BoltWriter w = new BoltWriter(4096).txId(2600);
        BoltTestTrees.fill(w.root(), model);
        w.writeTo(raft);

        assertThat(BoltFile.looksLikeBolt(raft)).isTrue();
        try (BoltFile f = BoltFile.open(raft)) {
            assertThat(f.txId()).isEqualTo(2600);
            assertThat(f.root().keys()).containsExactly(utf8("conf"), utf8("logs"));
            BoltBucket l = f.root().bucket("logs");
            List<Long> indexes = new ArrayList<>();
            l.forEach((k, v) -> {
                indexes.add(ByteBuffer.wrap(k).getLong());
                assertThat(v[0] & 0xff).isEqualTo(0x84);
            });
            assertThat(indexes).hasSize(2501).isSorted();
            assertThat(indexes.get(0)).isEqualTo(8193);
            assertThat(l.get(be64(9000))).isEqualTo(raftLog(9000, 3, 1, utf8("command 9000")));
            assertThat(f.root().bucket("conf").get(utf8("LastVoteCand"))).isEqualTo(utf8("127.0.0.1:8088"));
            BoltTestTrees.assertSame(f.root(), model);
        }
    }

    /** The content make-go-bolt-fixture.go.txt writes, recomputed here from the same formulas. */
    private static Model goFixtureModel() {
        Model root = new Model();
        Model logs = root.bucket("logs");
        for (int i = 301; i <= 1500; i++) {
            logs.put(be64(i), utf8(("log-" + i + "-").repeat(i % 7)));
        }
        Model conf = root.bucket("conf");
        conf.put("CurrentTerm", be64(5));
        conf.put("LastVoteTerm", be64(5));
        conf.put("LastVoteCand", utf8("127.0.0.1:8088"));
        Model nested = root.bucket("nested");
        for (int i = 0; i < 10; i++) {
            Model s = nested.bucket(String.format("s%02d", i));
            for (int j = 0; j < i * 20; j++) {
                byte[] v = new byte[j % 50];
                java.util.Arrays.fill(v, (byte) j);
                s.put(String.format("k%05d", j), v);
            }
            s.bucket("child");
        }
        Model big = root.bucket("big");
        byte[] huge = new byte[20000];
        for (int x = 0; x < huge.length; x++) {
            huge[x] = (byte) (x * 31 % 251);
        }
        big.put("huge", huge);
        big.put(new byte[] {0, (byte) 0xff}, new byte[0]);
        return root;
    }

    @Test
    void readsAFileWrittenByGoBolt() throws Exception {
        Path file = dir.resolve("go-bolt.db");
        try (InputStream in = new GZIPInputStream(getClass().getResourceAsStream("go-bolt-1.3.1.db.gz"))) {
            Files.write(file, in.readAllBytes());
        }
        try (BoltFile f = BoltFile.open(file)) {
            assertThat(f.pageSize()).isEqualTo(4096);
            assertThat(f.txId()).as("15 log batches, 1 delete, 1 nested+big transaction").isEqualTo(18);
            BoltTestTrees.assertSame(f.root(), goFixtureModel());
            assertThat(f.root().bucket("conf").isInline()).isTrue();
            assertThat(f.root().bucket("logs").isInline()).isFalse();
        }
    }
}
