package io.influxupgrade.commands.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.influxupgrade.commands.Json;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.fs.AtomicFiles;
import io.influxupgrade.commands.fs.CrashPoints;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The raft snapshot folders of a 0.10/0.11 meta dir: {@code snapshots/<term>-<index>-<millis>/} with
 * {@code state.bin} (a {@code Data} protobuf) and {@code meta.json} (ID, Index, Term, Peers, Size, CRC-64/XZ).
 * Reads the newest complete one; writes one for tests and sandboxes.
 */
public final class RaftSnapshotFormat {

    private static final Pattern NAME = Pattern.compile("(\\d+)-(\\d+)-(\\d+)");

    private RaftSnapshotFormat() {
    }

    /** One snapshot that passed the size and checksum checks. */
    public record Snapshot(Path dir, long term, long index, byte[] state) {
    }

    /** True when {@code metaDir/snapshots} holds at least one snapshot folder (finished or damaged; {@code .tmp} ones do not count). */
    public static boolean hasSnapshots(Path metaDir) {
        Path snaps = metaDir.resolve("snapshots");
        if (!Files.isDirectory(snaps)) {
            return false;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(snaps)) {
            for (Path p : ds) {
                if (NAME.matcher(p.getFileName().toString()).matches() && Files.isDirectory(p)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("list " + snaps, e);
        }
    }

    /** Newest complete snapshot under {@code metaDir/snapshots}; skipped ones are explained in {@code warnings}. */
    public static Snapshot newest(Path metaDir, List<String> warnings) {
        Path snaps = metaDir.resolve("snapshots");
        if (!Files.isDirectory(snaps)) {
            throw UpgradeException.failed("raft meta dir " + metaDir + ": no snapshots/ folder (its metadata lives only in raft.db)");
        }
        List<long[]> ids = new ArrayList<>();
        List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(snaps)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (name.endsWith(".tmp")) {
                    warnings.add("raft snapshot " + p + " is unfinished (.tmp) and was ignored");
                    continue;
                }
                Matcher m = NAME.matcher(name);
                if (!m.matches() || !Files.isDirectory(p)) {
                    continue;
                }
                try {
                    ids.add(new long[] {Long.parseUnsignedLong(m.group(1)), Long.parseUnsignedLong(m.group(2)),
                            Long.parseUnsignedLong(m.group(3)), dirs.size()});
                    dirs.add(p);
                } catch (NumberFormatException e) {
                    warnings.add("raft snapshot " + p + " has an unreadable name and was ignored");
                }
            }
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("list " + snaps, e);
        }
        ids.sort(Comparator.<long[]>comparingLong(a -> a[0]).thenComparingLong(a -> a[1]).thenComparingLong(a -> a[2])
                .reversed());
        for (long[] id : ids) {
            Path dir = dirs.get((int) id[3]);
            try {
                return check(dir);
            } catch (UpgradeException e) {
                warnings.add("skipped raft snapshot: " + e.getMessage());
            }
        }
        throw UpgradeException.failed("raft meta dir " + metaDir + ": no complete snapshot under snapshots/"
                + (ids.isEmpty() ? "" : " (" + ids.size() + " found, all damaged: see warnings)")
                + " (on the 0.10/0.11 server run 'influxd backup' and read the meta.NN file)");
    }

    /** Reads one snapshot folder and checks meta.json's Size and CRC against state.bin. */
    public static Snapshot check(Path dir) {
        Path metaJson = dir.resolve("meta.json");
        Path state = dir.resolve("state.bin");
        String what = "raft snapshot " + dir;
        JsonNode meta;
        try {
            meta = Json.mapper().readTree(MetaSources.readBounded(metaJson, 1 << 20, "raft snapshot meta " + metaJson));
        } catch (IOException e) {
            throw UpgradeException.failed(what + ": meta.json is not valid JSON" + MetaStoreCodec.CORRUPT);
        }
        if (meta == null || !meta.isObject() || !meta.path("Index").canConvertToExactIntegral()
                || !meta.path("Term").canConvertToExactIntegral() || !meta.path("Size").canConvertToExactIntegral()
                || !meta.path("CRC").isTextual()) {
            throw UpgradeException.failed(what + ": meta.json lacks Index, Term, Size or CRC" + MetaStoreCodec.CORRUPT);
        }
        long size = meta.path("Size").asLong();
        byte[] crc;
        try {
            crc = Base64.getDecoder().decode(meta.path("CRC").asText());
        } catch (IllegalArgumentException e) {
            throw UpgradeException.failed(what + ": meta.json CRC is not base64" + MetaStoreCodec.CORRUPT);
        }
        byte[] bytes = MetaSources.readBounded(state, Math.max(0, Math.min(size, Integer.MAX_VALUE - 16)) + 1, "raft snapshot state " + state);
        if (bytes.length != size) {
            throw UpgradeException.failed(what + ": state.bin has " + bytes.length + " bytes, meta.json says " + size
                    + " (incomplete snapshot)");
        }
        byte[] actual = Crc64.bigEndian(Crc64.checksum(bytes));
        if (!Arrays.equals(actual, crc)) {
            throw UpgradeException.failed(what + ": state.bin fails its CRC-64 check" + MetaStoreCodec.CORRUPT);
        }
        return new Snapshot(dir, meta.path("Term").asLong(), meta.path("Index").asLong(), bytes);
    }

    /**
     * Writes {@code metaDir/snapshots/<term>-<index>-<millis>/} the way raft's file snapshot store does
     * (a {@code .tmp} folder renamed when complete), with {@code data} as state.bin (node lists kept).
     */
    public static Path write(Path metaDir, MetaData data, long term, long index, long millis, List<String> peers) {
        String id = Long.toUnsignedString(term) + "-" + Long.toUnsignedString(index) + "-" + millis;
        Path snaps = metaDir.resolve("snapshots");
        Path tmp = snaps.resolve(id + ".tmp");
        Path dir = snaps.resolve(id);
        byte[] state = MetaStoreCodec.encodeWithNodes(data);
        ObjectNode meta = Json.mapper().createObjectNode();
        meta.put("ID", id);
        meta.put("Index", index);
        meta.put("Term", term);
        meta.put("Peers", Base64.getEncoder().encodeToString(RaftLogs.rawStringArray(peers)));
        meta.put("Size", state.length);
        meta.put("CRC", Base64.getEncoder().encodeToString(Crc64.bigEndian(Crc64.checksum(state))));
        try {
            Files.createDirectories(tmp);
            AtomicFiles.write(tmp.resolve("state.bin"), state);
            AtomicFiles.write(tmp.resolve("meta.json"), Json.mapper().writeValueAsBytes(meta));
            AtomicFiles.move(tmp, dir);
            CrashPoints.tick("rename " + dir.getFileName());
            AtomicFiles.fsyncDirectory(snaps);
            return dir;
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("write raft snapshot " + dir, e);
        }
    }
}
