package io.influxupgrade.commands.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.InvalidProtocolBufferException;
import io.influxupgrade.commands.Json;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.backup.model.BackupKind;
import io.influxupgrade.commands.fs.AtomicFiles;
import io.influxupgrade.commands.meta.proto.MetaProto;

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
record BackupSource(Path from, String kind, Path metaFile, MetastoreImage snapshot, String verification) {

    static BackupSource open(Path from, MetastoreCodecPort codec) {
        return open(from, codec, null);
    }

    /** {@code ledgerSha256}: the manifest digest the session recorded for {@code from}, checked too (null: none). */
    static BackupSource open(Path from, MetastoreCodecPort codec, String ledgerSha256) {
        if (from == null) {
            throw UpgradeException.usage("restore metastore: --from is required (a backup id or path)");
        }
        if (Files.isRegularFile(from, LinkOption.NOFOLLOW_LINKS)) {
            MetastoreImage s = codec.readLegacyBackup(from);
            return new BackupSource(from, "file", from, s, "bare file without manifest: decoded, not verified against a manifest");
        }
        if (!Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS)) {
            throw UpgradeException.usage("restore metastore: --from " + from + " is neither a backup folder nor a meta.NN file");
        }
        if (Manifest.exists(from)) {
            BackupVerifier.Report rep = BackupVerifier.verify(from, ledgerSha256);
            if (rep.failed()) {
                throw UpgradeException.notReady("restore metastore: " + rep.failureSummary());
            }
            Manifest m = Manifest.read(from);
            if (m.kind() != BackupKind.METASTORE) {
                throw UpgradeException.usage("restore metastore: " + from + " is a " + m.kind() + " backup; a meta-dir copy is put back with"
                        + " 'restore meta-dir --from " + m.id() + "'");
            }
            BackupSource inner = foreign(from.resolve(Manifest.FILES_DIR), codec);
            if (inner == null) {
                throw UpgradeException.failed("restore metastore: backup " + from + " verifies but holds no metastore (corrupt)");
            }
            return new BackupSource(from, "folder", inner.metaFile(), inner.snapshot(),
                    "verified against manifest (" + rep.files() + " files, manifest sha256 " + rep.manifestSha256() + ")"
                            + (inner.kind().equals("legacy") ? "" : "; " + inner.verification()));
        }
        if (Files.isDirectory(from.resolve(Manifest.FILES_DIR), LinkOption.NOFOLLOW_LINKS)) {
            throw UpgradeException.notReady("restore metastore: backup folder " + from + " has a files/ folder but no manifest.json"
                    + " (an incomplete or damaged backup of this tool: it cannot be verified, so it is not used)");
        }
        BackupSource foreign = foreign(from, codec);
        if (foreign != null) {
            return foreign;
        }
        throw UpgradeException.notReady("restore metastore: " + from + " holds no metastore backup (expected a folder of this tool, "
                + "an 'influxd backup' folder with meta.NN, a portable backup with *.manifest, a copy of a meta dir, or a meta.NN file)");
    }

    /** Whether {@code from} is what a real InfluxDB tool or an operator made, not a backup folder of this tool. */
    boolean isForeign() {
        return !kind.equals("folder");
    }

    /**
     * A directory a real InfluxDB tool wrote, decoded before use: a portable backup (newest {@code *.manifest}), a
     * legacy {@code influxd backup} folder (the newest {@code meta.NN} by number, as {@code influxd restore} picks it;
     * shard archives are not needed for a metastore restore), or a plain copy of a meta dir ({@code meta.db}, or a
     * 0.10/0.11 raft dir read through its snapshot and log). Null when it holds none of these.
     */
    static BackupSource foreign(Path dir, MetastoreCodecPort codec) {
        Path portableManifest = newest(dir, ".manifest");
        if (portableManifest != null) {
            return portable(dir, portableManifest, codec);
        }
        List<Path> metas = legacyMetaFiles(dir);
        if (!metas.isEmpty()) {
            Path newest = metas.get(metas.size() - 1);
            long archives = countShardArchives(dir);
            return new BackupSource(dir, "legacy", newest, codec.readLegacyBackup(newest), "influxd backup folder: "
                    + newest.getFileName() + (metas.size() > 1 ? ", the newest of " + metas.size() + " meta.NN files (as influxd restore chooses)" : "")
                    + ", decoded (magic, lengths, protobuf, node part)"
                    + (archives > 0 ? "; " + archives + " shard archive(s) beside it are not used by a metastore restore" : ""));
        }
        Path metaDb = dir.resolve("meta.db");
        if (Files.isRegularFile(metaDb, LinkOption.NOFOLLOW_LINKS)) {
            return new BackupSource(dir, "meta-dir copy", metaDb, codec.readMetaDb(metaDb), "copy of a meta dir: meta.db decoded");
        }
        if (Files.exists(dir.resolve("raft.db"), LinkOption.NOFOLLOW_LINKS) || Files.isDirectory(dir.resolve("snapshots"))) {
            MetastoreImage s = codec.readMetaDir(dir);
            if (s.snapshotOnly()) {
                throw UpgradeException.notReady("restore metastore: " + dir + " is a copy of a 0.10/0.11 raft meta dir whose "
                        + s.origin() + " lacks " + (s.missingLogEntries() < 0 ? "an unknown number of" : s.missingLogEntries())
                        + " later raft log entries; restoring it would lose them (export it with 'backup metastore' instead)");
            }
            return new BackupSource(dir, "meta-dir copy", dir, s, "copy of a 0.10/0.11 raft meta dir: " + s.origin() + " decoded");
        }
        return null;
    }

    /** {@code meta.NN} files of a directory, by number (meta.9 before meta.10). */
    static List<Path> legacyMetaFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("meta\\.\\d{1,9}") && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .sorted(java.util.Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString().substring(5))))
                    .toList();
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("list " + dir, e);
        }
    }

    private static long countShardArchives(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches(".+\\..+\\.\\d+\\.\\d+")).count();
        } catch (IOException e) {
            return 0;
        }
    }

    private static BackupSource portable(Path dir, Path manifestFile, MetastoreCodecPort codec) {
        JsonNode m;
        try {
            m = Json.mapper().readTree(MetaCodecAdapter.readBounded(manifestFile, "portable manifest"));
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
        byte[] pd = MetaCodecAdapter.readBounded(metaFile, "portable metastore");
        MetaProto.PortableData portable;
        try {
            portable = MetaProto.PortableData.parseFrom(pd);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw UpgradeException.failed("portable metastore " + metaFile + ": not a PortableData protobuf (corrupt)");
        }
        if (!portable.hasData()) {
            throw UpgradeException.failed("portable metastore " + metaFile + ": has no Data blob (corrupt)");
        }
        MetastoreImage s = codec.decodeData(portable.getData().toByteArray(), "portable metastore " + metaFile);
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
