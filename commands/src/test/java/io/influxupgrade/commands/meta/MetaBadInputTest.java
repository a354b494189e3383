package io.influxupgrade.commands.meta;

import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.meta.proto.MetaProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Random;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Every kind of bad input gives one line that names the file: FAILED for corrupt content, UNAVAILABLE for unreadable. */
class MetaBadInputTest {

    @TempDir
    Path tmp;

    private UpgradeException fails(Path p) {
        Throwable t = catchThrowable(() -> MetaSources.read(p));
        assertThat(t).isInstanceOf(UpgradeException.class);
        UpgradeException e = (UpgradeException) t;
        assertThat(e.getMessage()).contains(p.toString()).doesNotContain("\n");
        return e;
    }

    private UpgradeException corrupt(Path p) {
        UpgradeException e = fails(p);
        assertThat(e.kind()).as(e.getMessage()).isEqualTo(UpgradeException.Kind.FAILED);
        return e;
    }

    private Path metaDb(byte[] bytes) throws Exception {
        Path p = tmp.resolve("meta.db");
        Files.write(p, bytes);
        return p;
    }

    @Test
    void emptyMetaDb() throws Exception {
        assertThat(corrupt(metaDb(new byte[0])).getMessage()).contains("empty");
    }

    @Test
    void truncatedMetaDb() throws Exception {
        byte[] full = MetaStoreCodec.encode(MetaFixtures.awkward());
        assertThat(corrupt(metaDb(Arrays.copyOf(full, full.length / 2))).getMessage()).contains("truncated");
    }

    @Test
    void randomMetaDb() throws Exception {
        byte[] r = new byte[4096];
        new Random(7).nextBytes(r);
        corrupt(metaDb(r));
    }

    @ParameterizedTest(name = "byte {0} = {1}: {2}")
    @CsvSource({
            "4, 0x12, wrong magic",
            "7, 0x02, unsupported backup format version 0x0102",
    })
    void legacyFileWithAWrongHeaderByte(int offset, String value, String message) throws Exception {
        byte[] b = LegacyBackupFormat.encode(MetaFixtures.awkward());
        b[offset] = Byte.decode(value);
        Path p = tmp.resolve("meta.00");
        Files.write(p, b);
        assertThat(corrupt(p).getMessage()).contains(message);
    }

    @Test
    void legacyFileWithHugeLengthPrefix() throws Exception {
        byte[] b = LegacyBackupFormat.encode(MetaFixtures.awkward());
        ByteBuffer.wrap(b).putLong(8, Long.MAX_VALUE);
        Path p = tmp.resolve("meta.00");
        Files.write(p, b);
        assertThat(corrupt(p).getMessage()).contains("exceeds");
        ByteBuffer.wrap(b).putLong(8, -5);
        Files.write(p, b);
        corrupt(p);
    }

    @Test
    void legacyFileTruncatedBeforeTheNodeBlob() throws Exception {
        byte[] b = LegacyBackupFormat.encode(MetaFixtures.awkward());
        Path p = tmp.resolve("meta.00");
        Files.write(p, Arrays.copyOf(b, b.length - 10));
        assertThat(corrupt(p).getMessage()).contains("truncated");
    }

    @Test
    void legacyFileOfFourBytes() throws Exception {
        Path p = tmp.resolve("meta.07");
        Files.write(p, new byte[] {0, 0, 0, 0});
        corrupt(p);
    }

    private Path nonsense(UnaryOperator<MetaProto.Data.Builder> edit) throws Exception {
        return metaDb(edit.apply(MetaStoreCodec.toProto(MetaFixtures.awkward()).toBuilder()).build().toByteArray());
    }

    @Test
    void negativeDuration() throws Exception {
        Path p = nonsense(b -> {
            b.getDatabasesBuilder(0).getRetentionPoliciesBuilder(1).setDuration(-5);
            return b;
        });
        assertThat(corrupt(p).getMessage()).contains("negative duration").contains("two weeks");
    }

    @Test
    void shardGroupEndingBeforeItStarts() throws Exception {
        Path p = nonsense(b -> {
            b.getDatabasesBuilder(0).getRetentionPoliciesBuilder(0).getShardGroupsBuilder(0).setEndTime(1);
            return b;
        });
        assertThat(corrupt(p).getMessage()).contains("shard group 1").contains("before it starts");
    }

    @Test
    void privilegeSeven() throws Exception {
        Path p = nonsense(b -> {
            b.getUsersBuilder(1).getPrivilegesBuilder(0).setPrivilege(7);
            return b;
        });
        assertThat(corrupt(p).getMessage()).contains("privilege value 7");
    }

    @Test
    void duplicateDatabaseNames() throws Exception {
        Path p = nonsense(b -> b.addDatabases(b.getDatabases(1)));
        assertThat(corrupt(p).getMessage()).contains("appears twice");
    }

    @Test
    void shardIdAboveMaxShardId() throws Exception {
        Path p = nonsense(b -> b.setMaxShardId(1));
        assertThat(corrupt(p).getMessage()).contains("MaxShardID");
    }

    @Test
    void missingRequiredField() throws Exception {
        Path p = nonsense(b -> b.clearIndex());
        assertThat(corrupt(p).getMessage()).contains("missing required");
    }

    @Test
    void unknownSubscriptionMode() throws Exception {
        Path p = nonsense(b -> {
            b.getDatabasesBuilder(0).getRetentionPoliciesBuilder(0).getSubscriptionsBuilder(0).setMode("SOME");
            return b;
        });
        assertThat(corrupt(p).getMessage()).contains("mode \"SOME\"");
    }

    @Test
    void portableMetaThatIsNotProtobuf() throws Exception {
        Path p = tmp.resolve("20261125T185700Z.meta");
        Files.write(p, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff});
        corrupt(p);
    }

    @Test
    void manifestThatIsNotJson() throws Exception {
        Path p = tmp.resolve("20261125T185700Z.manifest");
        Files.writeString(p, "{not json");
        corrupt(p);
    }

    @Test
    void manifestPointingOutsideItsDirectory() throws Exception {
        Path p = tmp.resolve("20261125T185700Z.manifest");
        Files.writeString(p, "{\"meta\":{\"fileName\":\"../../etc/passwd\",\"size\":1}}");
        assertThat(corrupt(p).getMessage()).contains("not a plain file name");
    }

    @Test
    void missingPathIsUnavailable() {
        assertThat(fails(tmp.resolve("nope")).kind()).isEqualTo(UpgradeException.Kind.UNAVAILABLE);
    }

    @Test
    void emptyDirectoryIsUnavailable() {
        assertThat(fails(tmp).kind()).isEqualTo(UpgradeException.Kind.UNAVAILABLE);
    }

    @Test
    void unreadableFileIsUnavailable() throws Exception {
        Path p = MetaStoreWriter.writeMetaDb(tmp, MetaFixtures.awkward());
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("---------"));
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(p), "running as root: permissions are not enforced");
        assertThat(fails(p).kind()).isEqualTo(UpgradeException.Kind.UNAVAILABLE);
    }

    @Test
    void writerRefusesImpossibleValues() {
        MetaData d = MetaFixtures.awkward();
        MetaData dup = d.withUsers(java.util.List.of(d.users().get(0), d.users().get(0)));
        Throwable t = catchThrowable(() -> MetaStoreWriter.writeMetaDb(tmp, dup));
        assertThat(t).isInstanceOf(UpgradeException.class).hasMessageContaining("refusing to write").hasMessageContaining("appears twice");
        assertThat(tmp.resolve("meta.db")).doesNotExist();
    }
}
