package io.influxupgrade.commands.backup;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;

import java.nio.charset.StandardCharsets;

/** Builds synthetic metastore {@code Data} protobufs by field number (the schema of influxdb-formats.md §1.2). */
final class TestMeta {

    private TestMeta() {
    }

    static UnknownFieldSet.Field v(long x) {
        return UnknownFieldSet.Field.newBuilder().addVarint(x).build();
    }

    static UnknownFieldSet.Field s(String x) {
        return UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.copyFrom(x, StandardCharsets.UTF_8)).build();
    }

    static ByteString msg(UnknownFieldSet.Builder b) {
        return b.build().toByteString();
    }

    /** A 1.x-style Data: {@code dbs} databases each with an autogen RP and one shard group, one admin and one reader user. */
    static byte[] data(long index, long clusterId, int dbs) {
        UnknownFieldSet.Builder d = UnknownFieldSet.newBuilder();
        d.addField(1, v(0)).addField(2, v(index)).addField(3, v(clusterId));
        UnknownFieldSet.Field.Builder databases = UnknownFieldSet.Field.newBuilder();
        long sg = 0;
        for (int i = 0; i < dbs; i++) {
            UnknownFieldSet.Builder shard = UnknownFieldSet.newBuilder().addField(1, v(++sg));
            UnknownFieldSet.Builder group = UnknownFieldSet.newBuilder().addField(1, v(sg)).addField(2, v(1_500_000_000_000_000_000L))
                    .addField(3, v(1_500_604_800_000_000_000L)).addField(4, v(0))
                    .addField(5, UnknownFieldSet.Field.newBuilder().addLengthDelimited(msg(shard)).build());
            UnknownFieldSet.Builder rp = UnknownFieldSet.newBuilder().addField(1, s("autogen")).addField(2, v(0))
                    .addField(3, v(604_800_000_000_000L)).addField(4, v(1))
                    .addField(5, UnknownFieldSet.Field.newBuilder().addLengthDelimited(msg(group)).build());
            UnknownFieldSet.Builder cq = UnknownFieldSet.newBuilder().addField(1, s("cq" + i))
                    .addField(2, s("CREATE CONTINUOUS QUERY cq" + i + " ON db" + i + " BEGIN SELECT mean(v) INTO m FROM x GROUP BY time(1h) END"));
            UnknownFieldSet.Builder db = UnknownFieldSet.newBuilder().addField(1, s("db" + i)).addField(2, s("autogen"))
                    .addField(3, UnknownFieldSet.Field.newBuilder().addLengthDelimited(msg(rp)).build())
                    .addField(4, UnknownFieldSet.Field.newBuilder().addLengthDelimited(msg(cq)).build());
            databases.addLengthDelimited(msg(db));
        }
        d.addField(5, databases.build());
        UnknownFieldSet.Builder admin = UnknownFieldSet.newBuilder().addField(1, s("admin"))
                .addField(2, s("$2a$10$abcdefghijklmnopqrstuvABCDEFGHIJKLMNOPQRSTUVWXYZ01234")).addField(3, v(1));
        UnknownFieldSet.Builder reader = UnknownFieldSet.newBuilder().addField(1, s("reader"))
                .addField(2, s("$2a$10$0123456789abcdefghijklABCDEFGHIJKLMNOPQRSTUVWXYZ01234")).addField(3, v(0))
                .addField(4, UnknownFieldSet.Field.newBuilder()
                        .addLengthDelimited(msg(UnknownFieldSet.newBuilder().addField(1, s("db0")).addField(2, v(1))))
                        .addLengthDelimited(msg(UnknownFieldSet.newBuilder().addField(1, s("db1")).addField(2, v(3)))).build());
        d.addField(6, UnknownFieldSet.Field.newBuilder().addLengthDelimited(msg(admin)).addLengthDelimited(msg(reader)).build());
        d.addField(7, v(0)).addField(8, v(sg)).addField(9, v(sg));
        return d.build().toByteArray();
    }

    /** Adds a top-level field the 0.10 – 1.8 schema does not define (as a newer InfluxDB might). */
    static byte[] withUnknownField(byte[] data) throws Exception {
        return UnknownFieldSet.parseFrom(data).toBuilder().addField(12, v(42)).build().toByteArray();
    }
}
