package io.influxupgrade.commands.meta;

import com.fasterxml.jackson.databind.JsonNode;
import io.influxupgrade.commands.Json;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.fs.AtomicFiles;
import io.influxupgrade.commands.meta.proto.MetaProto;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads a metastore from any path an operator may hand us: a {@code meta.db}, a legacy {@code meta.NN} file
 * or backup directory (highest NN by number), a portable backup ({@code *.manifest} + {@code *.meta}), a
 * 0.10/0.11 raft meta dir (newest complete snapshot, if any, with the raft log after it replayed), or a
 * directory holding any of these. Corrupt content is FAILED, an unreadable path UNAVAILABLE, one line each.
 */
public final class MetaSources {

    static final Pattern LEGACY_NAME = Pattern.compile("meta\\.(\\d+)");
    private static final long MAX_FILE = Integer.MAX_VALUE - 64;
    /** The layout of this tool's backup folders ({@code backup.Manifest}), named here to keep meta free of backup. */
    private static final String OWN_BACKUP_MANIFEST = "manifest.json";
    private static final String OWN_BACKUP_FILES = "files";

    private MetaSources() {
    }

    /** Reads whatever metastore {@code path} holds. */
    public static MetaSnapshot read(Path path) {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !Files.exists(path)) {
            throw UpgradeException.unavailable("metastore source " + path + ": no such file or directory");
        }
        if (Files.isDirectory(path)) {
            return readDirectory(path);
        }
        String name = path.getFileName().toString();
        if (name.equals("meta.db")) {
            return readMetaDb(path);
        }
        if (LEGACY_NAME.matcher(name).matches()) {
            return readLegacyFile(path, List.of());
        }
        if (name.endsWith(".manifest")) {
            return readPortable(path, List.of());
        }
        if (name.endsWith(".meta")) {
            return readPortableMeta(path, null, List.of());
        }
        if (name.equals("state.bin") || name.equals("meta.json")) {
            return readRaftSnapshotDir(path.toAbsolutePath().getParent());
        }
        if (name.equals("raft.db")) {
            return readRaftDir(path.toAbsolutePath().getParent());
        }
        byte[] head = readHead(path);
        if (head.length >= 8 && head[0] == 0 && head[1] == 0 && head[2] == 0 && head[3] == 0 && head[4] == 0x59 && head[5] == 0x59) {
            return readLegacyFile(path, List.of());
        }
        return readMetaDb(path);
    }

    private static MetaSnapshot readDirectory(Path dir) {
        if (Files.isRegularFile(dir.resolve(OWN_BACKUP_MANIFEST)) && Files.isDirectory(dir.resolve(OWN_BACKUP_FILES))) {
            // a backup folder of this tool: the metastore is the copy under files/ (the manifest is checked by 'backup verify')
            return readDirectory(dir.resolve(OWN_BACKUP_FILES));
        }
        Path metaDb = dir.resolve("meta.db");
        Path raftDb = dir.resolve("raft.db");
        if (Files.isRegularFile(metaDb)) {
            MetaSnapshot s = readMetaDb(metaDb);
            if (Files.exists(raftDb)) {
                List<String> w = new ArrayList<>(s.warnings());
                w.add("meta dir " + dir + " also holds raft.db: influxd 0.12+ refuses to start until it is removed "
                        + "(this tool read meta.db)");
                return new MetaSnapshot(s.source(), s.format(), s.data(), w, s.notIncludedLogEntries());
            }
            return s;
        }
        if (Files.isDirectory(dir.resolve("snapshots")) || Files.exists(raftDb)) {
            return readRaftDir(dir);
        }
        List<Path> manifests = new ArrayList<>();
        List<Path> legacy = new ArrayList<>();
        List<Path> portableMetas = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (n.endsWith(".manifest") && Files.isRegularFile(p)) {
                    manifests.add(p);
                } else if (LEGACY_NAME.matcher(n).matches() && Files.isRegularFile(p)) {
                    legacy.add(p);
                } else if (n.endsWith(".meta") && Files.isRegularFile(p)) {
                    portableMetas.add(p);
                }
            }
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("list " + dir, e);
        }
        if (!manifests.isEmpty()) {
            manifests.sort(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed());
            List<String> w = new ArrayList<>();
            if (manifests.size() > 1) {
                w.add("portable backup " + dir + " holds " + manifests.size() + " manifests; read the newest, "
                        + manifests.get(0).getFileName() + ", as influxd restore does");
            }
            return readPortable(manifests.get(0), w);
        }
        if (!legacy.isEmpty()) {
            return readLegacyDirectory(dir, legacy);
        }
        if (portableMetas.size() == 1) {
            return readPortableMeta(portableMetas.get(0), null, List.of("portable backup " + dir + " has no manifest; read "
                    + portableMetas.get(0).getFileName() + " alone"));
        }
        throw UpgradeException.unavailable("metastore source " + dir + ": no metastore here (expected meta.db, a 0.10/0.11 "
                + "snapshots/ folder, a portable *.manifest or a legacy meta.NN backup file)");
    }

    private static MetaSnapshot readLegacyDirectory(Path dir, List<Path> files) {
        Path best = null;
        BigInteger bestN = null;
        String lexicalLast = null;
        for (Path p : files) {
            String n = p.getFileName().toString();
            BigInteger v = new BigInteger(n.substring(5));
            if (bestN == null || v.compareTo(bestN) > 0) {
                bestN = v;
                best = p;
            }
            if (lexicalLast == null || n.compareTo(lexicalLast) > 0) {
                lexicalLast = n;
            }
        }
        List<String> w = new ArrayList<>();
        if (files.size() > 1) {
            w.add("legacy backup " + dir + " holds " + files.size() + " metastore files; read the highest, " + best.getFileName());
        }
        if (!best.getFileName().toString().equals(lexicalLast)) {
            w.add("influxd restore -metadir would take " + lexicalLast + " (lexically last), not the newest "
                    + best.getFileName() + ": restore from a directory that holds only the wanted meta.NN");
        }
        return readLegacyFile(best, w);
    }

    /**
     * Database names of the metastore at {@code path}, for Tab completion of {@code --db}: never throws, and
     * gives an empty list when the path holds no readable metastore.
     */
    public static List<String> databaseNames(Path path) {
        try {
            return read(path).data().databases().stream().map(MetaData.DatabaseInfo::name).sorted().toList();
        } catch (RuntimeException e) { // completion must never fail, whatever the file holds
            return List.of();
        }
    }

    /** Reads a {@code meta.db} file. */
    public static MetaSnapshot readMetaDb(Path file) {
        String what = "meta.db " + file;
        byte[] bytes = readBounded(file, MAX_FILE, what);
        MetaStoreCodec.Decoded d = MetaStoreCodec.decodeWithWarnings(bytes, what);
        return new MetaSnapshot(file.toString(), MetaSnapshot.META_DB, d.data(), d.warnings(), null);
    }

    /** Reads a legacy backup file {@code meta.NN}. */
    public static MetaSnapshot readLegacyFile(Path file, List<String> earlierWarnings) {
        String what = "legacy backup " + file;
        byte[] bytes = readBounded(file, MAX_FILE, what);
        LegacyBackupFormat.Parsed parsed = LegacyBackupFormat.parse(bytes, what);
        MetaStoreCodec.Decoded d = MetaStoreCodec.decodeWithWarnings(parsed.metaBlob(), what + " (meta blob at byte 16)");
        List<String> w = new ArrayList<>(earlierWarnings);
        w.addAll(parsed.warnings());
        w.addAll(d.warnings());
        return new MetaSnapshot(file.toString(), MetaSnapshot.LEGACY, d.data(), w, null);
    }

    /** Reads a portable backup through its manifest. */
    public static MetaSnapshot readPortable(Path manifest, List<String> earlierWarnings) {
        String what = "portable manifest " + manifest;
        byte[] bytes = readBounded(manifest, 256L << 20, what);
        JsonNode root;
        try {
            root = Json.mapper().readTree(bytes);
        } catch (IOException e) {
            throw UpgradeException.failed(what + ": not valid JSON" + MetaStoreCodec.CORRUPT);
        }
        if (root == null || !root.isObject() || !root.path("meta").path("fileName").isTextual()) {
            throw UpgradeException.failed(what + ": no meta.fileName" + MetaStoreCodec.CORRUPT);
        }
        String fileName = root.path("meta").path("fileName").asText();
        if (fileName.isEmpty() || fileName.contains("/") || fileName.contains("\\") || fileName.equals("..")) {
            throw UpgradeException.failed(what + ": meta.fileName " + MetaStoreCodec.quote(fileName) + " is not a plain file name"
                    + MetaStoreCodec.CORRUPT);
        }
        Long size = root.path("meta").path("size").canConvertToExactIntegral() ? root.path("meta").path("size").asLong() : null;
        Path metaFile = manifest.toAbsolutePath().getParent().resolve(fileName);
        MetaSnapshot s = readPortableMeta(metaFile, size, earlierWarnings);
        return new MetaSnapshot(manifest.toString(), s.format(), s.data(), s.warnings(), null);
    }

    /** Reads a portable {@code .meta} file ({@code PortableData}); {@code expectedSize} is the manifest's meta.size. */
    public static MetaSnapshot readPortableMeta(Path metaFile, Long expectedSize, List<String> earlierWarnings) {
        String what = "portable meta " + metaFile;
        byte[] bytes = readBounded(metaFile, MAX_FILE, what);
        if (bytes.length == 0) {
            throw UpgradeException.failed(what + ": file is empty" + MetaStoreCodec.CORRUPT);
        }
        MetaProto.PortableData pd;
        try {
            pd = MetaProto.PortableData.parseFrom(bytes);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw UpgradeException.failed(what + ": not a valid PortableData protobuf (" + MetaStoreCodec.reason(e) + ")" + MetaStoreCodec.CORRUPT);
        } catch (RuntimeException e) {
            throw UpgradeException.failed(what + ": not a valid PortableData protobuf" + MetaStoreCodec.CORRUPT);
        }
        if (!pd.hasData()) {
            throw UpgradeException.failed(what + ": no Data field" + MetaStoreCodec.CORRUPT);
        }
        byte[] blob = pd.getData().toByteArray();
        if (expectedSize != null && expectedSize != blob.length) {
            throw UpgradeException.failed(what + ": the manifest says the meta blob has " + expectedSize + " bytes, the file holds "
                    + blob.length + MetaStoreCodec.CORRUPT);
        }
        MetaStoreCodec.Decoded d = MetaStoreCodec.decodeWithWarnings(blob, what + " (Data field)");
        List<String> w = new ArrayList<>(earlierWarnings);
        if (!pd.getUnknownFields().asMap().isEmpty()) {
            w.add(what + ": unknown fields " + pd.getUnknownFields().asMap().keySet() + " ignored");
        }
        w.addAll(d.warnings());
        return new MetaSnapshot(metaFile.toString(), MetaSnapshot.PORTABLE, d.data(), w, null);
    }

    /**
     * Reads a 0.10/0.11 meta dir: the newest complete snapshot (none when there is no snapshots/ folder or it is
     * empty) with every raft log entry after it replayed ({@link RaftReplay}).
     */
    public static MetaSnapshot readRaftDir(Path metaDir) {
        List<String> w = new ArrayList<>();
        if (!RaftSnapshotFormat.hasSnapshots(metaDir)) {
            Path raftDb = metaDir.resolve("raft.db");
            if (!Files.exists(raftDb)) {
                throw UpgradeException.failed("raft meta dir " + metaDir + ": neither a snapshot nor raft.db"
                        + MetaStoreCodec.CORRUPT);
            }
            return replayed(metaDir, null, null, w);
        }
        RaftSnapshotFormat.Snapshot snap = RaftSnapshotFormat.newest(metaDir, w);
        return fromSnapshot(metaDir, snap, w);
    }

    private static MetaSnapshot readRaftSnapshotDir(Path snapshotDir) {
        List<String> w = new ArrayList<>();
        RaftSnapshotFormat.Snapshot snap = RaftSnapshotFormat.check(snapshotDir);
        Path metaDir = snapshotDir.toAbsolutePath().getParent() == null ? null : snapshotDir.toAbsolutePath().getParent().getParent();
        return fromSnapshot(metaDir, snap, w);
    }

    private static MetaSnapshot fromSnapshot(Path metaDir, RaftSnapshotFormat.Snapshot snap, List<String> w) {
        String what = "raft snapshot " + snap.dir().resolve("state.bin");
        MetaStoreCodec.Decoded d = MetaStoreCodec.decodeWithWarnings(snap.state(), what);
        w.addAll(d.warnings());
        Path raftDb = metaDir == null ? null : metaDir.resolve("raft.db");
        if (raftDb == null || !Files.exists(raftDb)) {
            w.add("no raft.db next to the snapshots: changes made after snapshot " + snap.index() + ", if any, are missing");
            return new MetaSnapshot(snap.dir().toString(), MetaSnapshot.RAFT + ": snapshot " + snap.index() + " alone",
                    d.data(), w, null);
        }
        return replayed(metaDir, d.data(), snap, w);
    }

    private static MetaSnapshot replayed(Path metaDir, MetaData base, RaftSnapshotFormat.Snapshot snap, List<String> w) {
        Path raftDb = metaDir.resolve("raft.db");
        long deletedAt;
        try {
            deletedAt = Files.getLastModifiedTime(raftDb).toInstant().toEpochMilli() * 1_000_000L;
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("read " + raftDb, e);
        }
        Long snapIndex = snap == null ? null : snap.index();
        List<RaftLogs.Raw> raw;
        try {
            raw = RaftLogs.readAfter(raftDb, snapIndex == null ? -1 : snapIndex);
        } catch (UpgradeException e) {
            if (snap == null) {
                throw e;
            }
            w.add("raft log entries after snapshot " + snap.index() + " could not be read, so changes made after it are missing: "
                    + e.getMessage());
            return new MetaSnapshot(snap.dir().toString(), MetaSnapshot.RAFT + ": snapshot " + snap.index() + " alone (raft.db unreadable)",
                    base, w, null);
        }
        RaftReplay.Result r = RaftReplay.replay("raft.db " + raftDb, raw, base, snapIndex, deletedAt);
        w.addAll(r.warnings());
        return new MetaSnapshot(metaDir.toString(), MetaSnapshot.RAFT + ": " + r.origin(), r.data(), w, 0L);
    }

    /** Reads a whole file, refusing (FAILED) one larger than {@code max} bytes and mapping I/O errors to UNAVAILABLE. */
    static byte[] readBounded(Path file, long max, String what) {
        try {
            if (!Files.isRegularFile(file)) {
                if (!Files.exists(file)) {
                    throw UpgradeException.unavailable(what + ": no such file");
                }
                throw UpgradeException.unavailable(what + ": not a regular file");
            }
            long size = Files.size(file);
            if (size > max) {
                throw UpgradeException.failed(what + ": " + size + " bytes is larger than expected (" + max + " at most)");
            }
            try (InputStream in = Files.newInputStream(file)) {
                return in.readNBytes((int) max);
            }
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("read " + what, e);
        }
    }

    private static byte[] readHead(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(8);
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("read metastore source " + file, e);
        }
    }
}
