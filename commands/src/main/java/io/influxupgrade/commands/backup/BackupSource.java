package io.influxupgrade.commands.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import io.influxupgrade.commands.Json;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.fs.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where a metastore restore reads from, checked before anything is written: a backup folder of this tool
 * (verified against its manifest), a bare {@code meta.NN} file (decoded only), or an InfluxDB portable backup
 * directory (newest {@code <TS>.manifest}; every shard archive's entry names are checked too).
 */
record BackupSource(Path from, String kind, Path metaFile, MetaSnapshot snapshot, String verification) {

    static BackupSource open(Path from, MetastoreCodecPort codec) {
        if (from == null) {
            throw UpgradeException.usage("restore metastore: --from is required (a backup id or path)");
        }
        if (Files.isRegularFile(from, LinkOption.NOFOLLOW_LINKS)) {
            MetaSnapshot s = codec.readLegacyBackup(from);
            return new BackupSource(from, "file", from, s, "bare file without manifest: decoded, not verified against a manifest");
        }
        if (!Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS)) {
            throw UpgradeException.usage("restore metastore: --from " + from + " is neither a backup folder nor a meta.NN file");
        }
        if (Manifest.exists(from)) {
            BackupVerifier.Report rep = BackupVerifier.verify(from);
            if (rep.failed()) {
                throw UpgradeException.notReady("restore metastore: " + rep.failureSummary());
            }
            Manifest m = Manifest.read(from);
            if (m.kind() != BackupKind.METASTORE) {
                throw UpgradeException.usage("restore metastore: " + from + " is a " + m.kind() + " backup; a meta-dir copy is put back with"
                        + " 'restore meta-dir --from " + m.id() + "'");
            }
            Path metaFile = BackupMetastoreCommand.newestMeta(from.resolve(Manifest.FILES_DIR));
            return new BackupSource(from, "folder", metaFile, codec.readLegacyBackup(metaFile),
                    "verified against manifest (" + rep.files() + " files, manifest sha256 " + rep.manifestSha256() + ")");
        }
        Path portableManifest = newest(from, ".manifest");
        if (portableManifest != null) {
            return portable(from, portableManifest, codec);
        }
        throw UpgradeException.notReady("restore metastore: backup folder " + from + " has no manifest.json (it is incomplete or was not"
                + " made by this tool; make a verified one with 'backup metastore', or pass the meta.NN file itself)");
    }

    private static BackupSource portable(Path dir, Path manifestFile, MetastoreCodecPort codec) {
        JsonNode m;
        try {
            m = Json.mapper().readTree(RawMetastoreCodec.readBounded(manifestFile, "portable manifest"));
        } catch (IOException e) {
            throw UpgradeException.failed("portable manifest " + manifestFile + ": not JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        String metaName = m.path("meta").path("fileName").asText("");
        checkPlainName(manifestFile, metaName);
        for (JsonNode f : m.path("files")) {
            String name = f.path("fileName").asText("");
            checkPlainName(manifestFile, name);
            Path tar = dir.resolve(name);
            if (Files.isRegularFile(tar, LinkOption.NOFOLLOW_LINKS)) {
                TarEntries.checkedNames(tar);
            }
        }
        Path metaFile = dir.resolve(metaName);
        byte[] pd = RawMetastoreCodec.readBounded(metaFile, "portable metastore");
        UnknownFieldSet set;
        try {
            set = UnknownFieldSet.parseFrom(pd);
        } catch (InvalidProtocolBufferException e) {
            throw UpgradeException.failed("portable metastore " + metaFile + ": not a PortableData protobuf (corrupt)");
        }
        List<ByteString> data = set.hasField(1) ? set.getField(1).getLengthDelimitedList() : List.of();
        if (data.size() != 1) {
            throw UpgradeException.failed("portable metastore " + metaFile + ": has no Data blob (corrupt)");
        }
        MetaSnapshot s = codec.decodeData(data.get(0).toByteArray(), "portable metastore " + metaFile);
        return new BackupSource(dir, "portable", metaFile, s, "portable backup " + manifestFile.getFileName()
                + ": meta decoded, " + m.path("files").size() + " shard archive(s) checked for unsafe entries");
    }

    private static void checkPlainName(Path manifest, String name) {
        if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals("..") || name.equals(".")) {
            throw UpgradeException.failed("portable manifest " + manifest + ": file name '" + name + "' is not a plain file name (refusing)");
        }
    }

    private static Path newest(Path dir, String suffix) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .max(java.util.Comparator.comparing(p -> p.getFileName().toString())).orElse(null);
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("list " + dir, e);
        }
    }
}
