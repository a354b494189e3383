package io.influxupgrade.commands.backup;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.fs.AtomicFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A self-contained metastore codec over the generic protobuf field view (no generated classes): it knows the
 * {@code Data} schema of 0.10 – 1.8 by field number and wire type, which is all a byte-faithful backup and restore
 * needs. It stands in until the {@code meta} package's codec is wired in through {@link MetastoreCodecPort}.
 *
 * <p>"A meta.NN from a newer version" is decided like this: a file whose 8-byte magic is not 0x59590101, or whose
 * lengths do not add up exactly to the file size (trailing bytes: a layout we do not know), is refused as an
 * unknown layout; a {@code Data} carrying a field number this schema does not define (at any depth) is refused as
 * written by a newer InfluxDB, because a native restore could silently drop what it does not understand. Both are
 * FAILED, naming the file and suggesting {@code --via influxd} with that version's binary.
 */
public final class RawMetastoreCodec implements MetastoreCodecPort {

    public static final long BACKUP_MAGIC = 0x59590101L;
    static final byte[] NULL_NODE = "null\n".getBytes(StandardCharsets.US_ASCII);
    private static final long MAX_FILE = 512L << 20;

    // Wire types: 0 varint, 2 length-delimited. Field number -> (wire type, nested message name or null).
    private record F(int wire, String msg) {
    }

    private static final Map<String, Map<Integer, F>> SCHEMA = new LinkedHashMap<>();

    static {
        SCHEMA.put("Data", Map.ofEntries(Map.entry(1, new F(0, null)), Map.entry(2, new F(0, null)), Map.entry(3, new F(0, null)),
                Map.entry(4, new F(2, "NodeInfo")), Map.entry(5, new F(2, "DatabaseInfo")), Map.entry(6, new F(2, "UserInfo")),
                Map.entry(7, new F(0, null)), Map.entry(8, new F(0, null)), Map.entry(9, new F(0, null)),
                Map.entry(10, new F(2, "NodeInfo")), Map.entry(11, new F(2, "NodeInfo"))));
        SCHEMA.put("NodeInfo", Map.of(1, new F(0, null), 2, new F(2, null), 3, new F(2, null)));
        SCHEMA.put("DatabaseInfo", Map.of(1, new F(2, null), 2, new F(2, null), 3, new F(2, "RetentionPolicyInfo"),
                4, new F(2, "ContinuousQueryInfo")));
        SCHEMA.put("RetentionPolicyInfo", Map.of(1, new F(2, null), 2, new F(0, null), 3, new F(0, null), 4, new F(0, null),
                5, new F(2, "ShardGroupInfo"), 6, new F(2, "SubscriptionInfo")));
        SCHEMA.put("ShardGroupInfo", Map.of(1, new F(0, null), 2, new F(0, null), 3, new F(0, null), 4, new F(0, null),
                5, new F(2, "ShardInfo"), 6, new F(0, null)));
        SCHEMA.put("ShardInfo", Map.of(1, new F(0, null), 2, new F(0, null), 3, new F(2, "ShardOwner")));
        SCHEMA.put("ShardOwner", Map.of(1, new F(0, null)));
        SCHEMA.put("SubscriptionInfo", Map.of(1, new F(2, null), 2, new F(2, null), 3, new F(2, null)));
        SCHEMA.put("ContinuousQueryInfo", Map.of(1, new F(2, null), 2, new F(2, null)));
        SCHEMA.put("UserInfo", Map.of(1, new F(2, null), 2, new F(2, null), 3, new F(0, null), 4, new F(2, "UserPrivilege")));
        SCHEMA.put("UserPrivilege", Map.of(1, new F(2, null), 2, new F(0, null)));
    }

    @Override
    public MetaSnapshot readMetaDir(Path metaDir) {
        Path metaDb = metaDir.resolve("meta.db");
        if (Files.isRegularFile(metaDb, LinkOption.NOFOLLOW_LINKS)) {
            return readMetaDb(metaDb);
        }
        Path snapshots = metaDir.resolve("snapshots");
        if (Files.isDirectory(snapshots, LinkOption.NOFOLLOW_LINKS)) {
            Path newest = newestSnapshot(snapshots);
            byte[] state = readBounded(newest.resolve("state.bin"), "raft snapshot state");
            MetaSnapshot s = decodeData(state, "raft snapshot " + newest.getFileName());
            // Without a raft log reader the entries after the snapshot cannot be counted here.
            long missing = Files.exists(metaDir.resolve("raft.db")) ? -1 : 0;
            return new MetaSnapshot(s.term(), s.index(), s.clusterId(), s.data(), s.nodeBlob(), s.origin(), missing, s.model());
        }
        throw UpgradeException.failed("meta dir " + metaDir + ": holds neither meta.db nor a raft snapshot (is this the [meta] dir?)");
    }

    private static Path newestSnapshot(Path snapshots) {
        try (Stream<Path> s = Files.list(snapshots)) {
            return s.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && !p.getFileName().toString().endsWith(".tmp"))
                    .filter(p -> p.getFileName().toString().matches("\\d+-\\d+-\\d+"))
                    .max(Comparator.comparingLong((Path p) -> Long.parseLong(p.getFileName().toString().split("-")[1]))
                            .thenComparing(p -> p.getFileName().toString()))
                    .orElseThrow(() -> UpgradeException.failed("raft snapshots " + snapshots + ": no finished snapshot"));
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("list " + snapshots, e);
        }
    }

    @Override
    public MetaSnapshot readMetaDb(Path file) {
        return decodeData(readBounded(file, "meta.db"), "meta.db " + file);
    }

    @Override
    public MetaSnapshot readLegacyBackup(Path file) {
        byte[] b = readBounded(file, "metastore backup");
        String what = "metastore backup " + file;
        if (b.length < 16) {
            throw UpgradeException.failed(what + ": " + b.length + " bytes, too short for a meta.NN header (truncated; make a new backup)");
        }
        ByteBuffer buf = ByteBuffer.wrap(b);
        long magic = buf.getLong(0);
        if (magic != BACKUP_MAGIC) {
            throw UpgradeException.failed(what + ": magic 0x" + Long.toHexString(magic) + " is not 0x59590101: not a legacy meta.NN"
                    + " layout this tool can read (a newer InfluxDB or another file; restore it with that version's influxd)");
        }
        long l1 = buf.getLong(8);
        if (l1 < 0 || l1 > b.length - 24L) {
            throw UpgradeException.failed(what + ": meta blob length " + l1 + " exceeds the file (" + b.length + " bytes): truncated or corrupt");
        }
        int metaEnd = 16 + (int) l1;
        long l2 = buf.getLong(metaEnd);
        if (l2 < 0 || l2 > b.length - metaEnd - 8L) {
            throw UpgradeException.failed(what + ": node blob length " + l2 + " exceeds the file: truncated or corrupt");
        }
        long end = metaEnd + 8L + l2;
        if (end != b.length) {
            throw UpgradeException.failed(what + ": " + (b.length - end) + " bytes after the node blob: a meta.NN layout this tool"
                    + " does not know (written by a newer InfluxDB?); restore it with that version's influxd");
        }
        byte[] data = java.util.Arrays.copyOfRange(b, 16, metaEnd);
        byte[] node = java.util.Arrays.copyOfRange(b, metaEnd + 8, (int) end);
        MetaSnapshot s = decodeData(data, what);
        return new MetaSnapshot(s.term(), s.index(), s.clusterId(), data, node, what, 0, s.model());
    }

    @Override
    public MetaSnapshot decodeData(byte[] data, String origin) {
        UnknownFieldSet set = parse(data, origin);
        checkSchema(set, "Data", origin, "");
        for (int required : new int[] {1, 2, 3}) {
            if (!set.hasField(required) || set.getField(required).getVarintList().isEmpty()) {
                throw UpgradeException.failed(origin + ": Data lacks required field " + required + " (corrupt, or not a metastore)");
            }
        }
        return new MetaSnapshot(varint(set, 1), varint(set, 2), varint(set, 3), data.clone(), NULL_NODE, origin, 0, set);
    }

    @Override
    public byte[] encodeLegacyBackup(MetaSnapshot s) {
        byte[] node = s.nodeBlob() == null ? NULL_NODE : s.nodeBlob();
        ByteBuffer buf = ByteBuffer.allocate(24 + s.data().length + node.length);
        buf.putLong(BACKUP_MAGIC).putLong(s.data().length).put(s.data()).putLong(node.length).put(node);
        return buf.array();
    }

    @Override
    public byte[] encodeRestoredMetaDb(MetaSnapshot backup) {
        UnknownFieldSet in = parse(backup.data(), backup.origin());
        UnknownFieldSet.Builder out = UnknownFieldSet.newBuilder();
        for (Map.Entry<Integer, UnknownFieldSet.Field> e : in.asMap().entrySet()) {
            int n = e.getKey();
            if (n == 4 || n == 10 || n == 11 || n == 2 || n == 7) {
                continue;
            }
            out.addField(n, e.getValue());
        }
        out.addField(2, UnknownFieldSet.Field.newBuilder().addVarint(backup.index() + 2).build());
        out.addField(7, UnknownFieldSet.Field.newBuilder().addVarint(0).build());
        for (int required : new int[] {8, 9}) {
            if (!in.hasField(required)) {
                out.addField(required, UnknownFieldSet.Field.newBuilder().addVarint(0).build());
            }
        }
        return out.build().toByteArray();
    }

    @Override
    public List<String> diff(MetaSnapshot a, MetaSnapshot b) {
        UnknownFieldSet x = parse(a.data(), a.origin());
        UnknownFieldSet y = parse(b.data(), b.origin());
        List<String> out = new ArrayList<>();
        if (varint(x, 3) != varint(y, 3)) {
            out.add("ClusterID: " + varint(x, 3) + " vs " + varint(y, 3));
        }
        if (varint(x, 8) != varint(y, 8)) {
            out.add("MaxShardGroupID: " + varint(x, 8) + " vs " + varint(y, 8));
        }
        if (varint(x, 9) != varint(y, 9)) {
            out.add("MaxShardID: " + varint(x, 9) + " vs " + varint(y, 9));
        }
        compareNamed(out, "database", named(x, 5, "DatabaseInfo"), named(y, 5, "DatabaseInfo"));
        compareNamed(out, "user", named(x, 6, "UserInfo"), named(y, 6, "UserInfo"));
        return out;
    }

    private static void compareNamed(List<String> out, String what, Map<String, String> a, Map<String, String> b) {
        if (!List.copyOf(a.keySet()).equals(List.copyOf(b.keySet())) && a.keySet().equals(b.keySet())) {
            out.add(what + "s are in a different order");
        }
        for (String k : a.keySet()) {
            if (!b.containsKey(k)) {
                out.add(what + " " + k + ": only in the first");
            } else if (!a.get(k).equals(b.get(k))) {
                out.add(what + " " + k + ": differs" + (what.equals("user") ? " (admin flag, privileges or password hash)"
                        : " (retention policies, shard groups, subscriptions or continuous queries)"));
            }
        }
        for (String k : b.keySet()) {
            if (!a.containsKey(k)) {
                out.add(what + " " + k + ": only in the second");
            }
        }
    }

    /** name -> canonical form of each repeated message in field {@code n}. */
    private static Map<String, String> named(UnknownFieldSet set, int n, String type) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!set.hasField(n)) {
            return out;
        }
        for (ByteString bs : set.getField(n).getLengthDelimitedList()) {
            UnknownFieldSet m = parseQuiet(bs);
            String name = m.hasField(1) && !m.getField(1).getLengthDelimitedList().isEmpty()
                    ? m.getField(1).getLengthDelimitedList().get(0).toStringUtf8() : "(unnamed)";
            out.put(name, canonical(m, type));
        }
        return out;
    }

    /** A canonical text of a message: fields by number, nested messages recursively, privileges sorted (Go map order). */
    static String canonical(UnknownFieldSet m, String type) {
        Map<Integer, F> schema = SCHEMA.get(type);
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<Integer, UnknownFieldSet.Field> e : m.asMap().entrySet()) {
            F f = schema == null ? null : schema.get(e.getKey());
            sb.append(e.getKey()).append(':');
            List<String> values = new ArrayList<>();
            e.getValue().getVarintList().forEach(v -> values.add(Long.toUnsignedString(v)));
            for (ByteString bs : e.getValue().getLengthDelimitedList()) {
                values.add(f != null && f.msg() != null ? canonical(parseQuiet(bs), f.msg()) : HexFormat.of().formatHex(bs.toByteArray()));
            }
            if (type.equals("UserInfo") && e.getKey() == 4) {
                values.sort(null);
            }
            sb.append(values).append(';');
        }
        return sb.append('}').toString();
    }

    private static UnknownFieldSet parseQuiet(ByteString bs) {
        try {
            return UnknownFieldSet.parseFrom(bs);
        } catch (InvalidProtocolBufferException e) {
            return UnknownFieldSet.getDefaultInstance();
        }
    }

    private static UnknownFieldSet parse(byte[] data, String origin) {
        try {
            return UnknownFieldSet.parseFrom(data);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw UpgradeException.failed(origin + ": not a valid metastore protobuf (" + firstLine(e.getMessage())
                    + "; the file is corrupt: restore it from a backup)");
        }
    }

    private static void checkSchema(UnknownFieldSet set, String type, String origin, String path) {
        Map<Integer, F> schema = SCHEMA.get(type);
        for (Map.Entry<Integer, UnknownFieldSet.Field> e : set.asMap().entrySet()) {
            F f = schema.get(e.getKey());
            String where = path + type + "." + e.getKey();
            if (f == null) {
                throw UpgradeException.failed(origin + ": unknown field " + where + ": written by a newer InfluxDB than this tool knows"
                        + " (0.10 – 1.8); a native restore could lose it, use --via influxd with that version");
            }
            UnknownFieldSet.Field v = e.getValue();
            boolean varintOk = f.wire() == 0 && v.getLengthDelimitedList().isEmpty() && v.getFixed32List().isEmpty()
                    && v.getFixed64List().isEmpty() && v.getGroupList().isEmpty();
            boolean packedOk = f.wire() == 0 && type.equals("ShardInfo") && e.getKey() == 2; // repeated uint64 may be packed
            boolean ldOk = f.wire() == 2 && v.getVarintList().isEmpty() && v.getFixed32List().isEmpty()
                    && v.getFixed64List().isEmpty() && v.getGroupList().isEmpty();
            if (!varintOk && !ldOk && !packedOk) {
                throw UpgradeException.failed(origin + ": field " + where + " has the wrong wire type (the file is corrupt)");
            }
            if (f.msg() != null) {
                for (ByteString bs : v.getLengthDelimitedList()) {
                    UnknownFieldSet nested;
                    try {
                        nested = UnknownFieldSet.parseFrom(bs);
                    } catch (InvalidProtocolBufferException ex) {
                        throw UpgradeException.failed(origin + ": field " + where + " is not a valid " + f.msg()
                                + " (" + firstLine(ex.getMessage()) + "; the file is corrupt)");
                    }
                    checkSchema(nested, f.msg(), origin, where + "/");
                }
            }
        }
    }

    private static long varint(UnknownFieldSet set, int n) {
        if (!set.hasField(n) || set.getField(n).getVarintList().isEmpty()) {
            return 0;
        }
        List<Long> l = set.getField(n).getVarintList();
        return l.get(l.size() - 1);
    }

    static byte[] readBounded(Path file, String what) {
        try {
            if (Files.isSymbolicLink(file)) {
                throw UpgradeException.failed(what + " " + file + ": is a symbolic link (refusing to follow it)");
            }
            long size = Files.size(file);
            if (size > MAX_FILE) {
                throw UpgradeException.failed(what + " " + file + ": " + size + " bytes is far larger than any metastore (wrong file?)");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw UpgradeException.unavailable("cannot read " + what + " " + file + ": no such file");
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("read " + what + " " + file, e);
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

}
