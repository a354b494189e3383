package io.influxupgrade.commands.shard;

import io.influxupgrade.commands.testing.InfluxdServer;
import io.influxupgrade.commands.testing.RealInfluxd;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

@RealInfluxd
class ProbeRealTest {
    @Test
    void probe(InfluxdServer server) throws Exception {
        server.query("CREATE DATABASE p");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            sb.append("cpu,host=h").append(i % 3).append(" value=").append(i * 0.5).append(",n=").append(i).append("i ").append(1_600_000_000_000_000_000L + i * 1_000_000_000L).append('\n');
        }
        server.write("p", "autogen", sb.toString());
        try (Stream<Path> s = Files.walk(server.walDir())) {
            s.filter(Files::isRegularFile).forEach(p -> System.out.println("WAL " + p + " " + WalSegmentReader.read(p).entries() + " " + WalSegmentReader.read(p).keys() + " " + WalSegmentReader.read(p).problem() + " " + WalSegmentReader.read(p).values()));
        }
        System.out.println(server.influxd("backup", "-database", "p", "-host", server.bindAddress(), server.root().resolve("bk").toString()));
        server.stop();
        try (Stream<Path> s = Files.walk(server.root())) {
            s.forEach(p -> System.out.println(p));
        }
        try (Stream<Path> s = Files.walk(server.dataDir())) {
            s.filter(p -> p.toString().endsWith(".tsm")).forEach(p -> System.out.println(TsmReader.verify(p, null)));
        }
    }
}
