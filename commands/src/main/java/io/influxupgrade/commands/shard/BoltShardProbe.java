package io.influxupgrade.commands.shard;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Interim probe until the BoltDB reader lands: recognises a BoltDB file by its meta page but cannot tell b1 from bz1. */
final class BoltShardProbe {

    private BoltShardProbe() {
    }

    static ShardFileProbe.Result probe(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer b = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
            while (b.hasRemaining() && ch.read(b, b.position()) > 0) {
                // fill
            }
            if (b.position() < 20 || b.getInt(16) != 0xED0CDAED) {
                return new ShardFileProbe.Result("unknown", "not a BoltDB file (no BoltDB magic)", 0);
            }
            return new ShardFileProbe.Result("unknown", "a BoltDB file whose engine could not be told", 0);
        } catch (IOException e) {
            return new ShardFileProbe.Result("unknown", "cannot read it: " + e.getMessage(), 0);
        }
    }
}
