package io.influxupgrade.commands.bench;

import io.influxupgrade.commands.backup.BackupMetaDirCommand;
import io.influxupgrade.commands.backup.model.BackupRecord;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark: a verified copy with its SHA-256 manifest ({@code backup meta-dir}: scan, copy + hash, fsync, manifest,
 * full re-read and check, rename) of a 1 GiB tree of mixed file sizes, against {@code cp -a} of the same tree in the
 * same run (and {@code cp -a} followed by {@code sync}, which is what durability costs). Rounds alternate the order.
 * Usage: {@code BackupBench <scratch dir> [rounds] [MiB]}; run it through {@code bench/backup-bench.sh}.
 */
public final class BackupBench {

    private BackupBench() {
    }

    public static void main(String[] args) throws Exception {
        Path scratch = Path.of(args.length > 0 ? args[0] : "/tmp/backup-bench");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long mib = args.length > 2 ? Long.parseLong(args[2]) : 1024;
        Path src = scratch.resolve("src");
        long bytes = generate(src, mib << 20);
        int files = count(src);
        System.out.printf("tree: %s, %d files, %.1f MiB%n", src, files, bytes / 1048576.0);
        readAll(src); // page cache warm for everyone
        List<double[]> results = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            double cp;
            double cpSync;
            double ours;
            if (r % 2 == 0) {
                cp = timeCp(scratch, src, false);
                cpSync = timeCp(scratch, src, true);
                ours = timeOurs(scratch, src);
            } else {
                ours = timeOurs(scratch, src);
                cpSync = timeCp(scratch, src, true);
                cp = timeCp(scratch, src, false);
            }
            results.add(new double[] {cp, cpSync, ours});
            System.out.printf("round %d: cp -a %.2f s (%.0f MiB/s) | cp -a + sync %.2f s (%.0f MiB/s) | verified copy %.2f s (%.0f MiB/s) | ratio vs cp -a %.2f, vs cp -a + sync %.2f%n",
                    r + 1, cp, mibs(bytes, cp), cpSync, mibs(bytes, cpSync), ours, mibs(bytes, ours), cp / ours, cpSync / ours);
        }
        double cp = median(results, 0);
        double cpSync = median(results, 1);
        double ours = median(results, 2);
        System.out.printf("median: cp -a %.0f MiB/s, cp -a + sync %.0f MiB/s, verified copy %.0f MiB/s; throughput ratio %.2f x cp -a (target >= 0.80), %.2f x cp -a + sync%n",
                mibs(bytes, cp), mibs(bytes, cpSync), mibs(bytes, ours), cp / ours, cpSync / ours);
    }

    static double timeOurs(Path scratch, Path src) throws Exception {
        Path root = scratch.resolve("ours");
        delete(root);
        sync();
        long t0 = System.nanoTime();
        BackupRecord r = new BackupMetaDirCommand().run(new BackupMetaDirCommand.Request(src, root));
        double s = (System.nanoTime() - t0) / 1e9;
        if (!r.verified()) {
            throw new IllegalStateException("backup not verified");
        }
        delete(root);
        return s;
    }

    static double timeCp(Path scratch, Path src, boolean sync) throws Exception {
        Path dst = scratch.resolve("cp");
        delete(dst);
        sync();
        long t0 = System.nanoTime();
        exec("cp", "-a", src.toString(), dst.toString());
        if (sync) {
            sync();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        delete(dst);
        return s;
    }

    /** 1 GiB by default: 4 x 128 MiB (large TSM-like), 80 x 4 MiB, 112 x 1 MiB, 1024 x 64 KiB, 4096 x 4 KiB, in nested dirs. */
    static long generate(Path src, long target) throws IOException {
        if (Files.isDirectory(src)) {
            return size(src);
        }
        Random rnd = new Random(42);
        double f = target / (double) (1L << 30);
        long total = 0;
        total += files(src.resolve("large"), (int) Math.max(1, Math.round(4 * f)), 128 << 20, rnd);
        total += files(src.resolve("medium"), (int) Math.round(80 * f), 4 << 20, rnd);
        total += files(src.resolve("mb"), (int) Math.round(112 * f), 1 << 20, rnd);
        for (int d = 0; d < 16; d++) {
            total += files(src.resolve("small/d" + d), (int) Math.round(64 * f), 64 << 10, rnd);
            total += files(src.resolve("tiny/d" + d), (int) Math.round(256 * f), 4 << 10, rnd);
        }
        return total;
    }

    static long files(Path dir, int n, int size, Random rnd) throws IOException {
        Files.createDirectories(dir);
        byte[] buf = new byte[Math.min(size, 1 << 20)];
        for (int i = 0; i < n; i++) {
            try (OutputStream out = Files.newOutputStream(dir.resolve("f" + i))) {
                for (int w = 0; w < size; w += buf.length) {
                    rnd.nextBytes(buf);
                    out.write(buf, 0, Math.min(buf.length, size - w));
                }
            }
        }
        return (long) n * size;
    }

    static long size(Path p) throws IOException {
        long[] t = {0};
        Files.walkFileTree(p, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                t[0] += attrs.size();
                return FileVisitResult.CONTINUE;
            }
        });
        return t[0];
    }

    static int count(Path p) throws IOException {
        try (var s = Files.walk(p)) {
            return (int) s.filter(Files::isRegularFile).count();
        }
    }

    static void readAll(Path p) throws IOException {
        byte[] b = new byte[1 << 20];
        try (var s = Files.walk(p)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                try (var in = Files.newInputStream(f)) {
                    while (in.read(b) > 0) {
                        // warm the page cache
                    }
                }
            }
        }
    }

    static void delete(Path p) throws Exception {
        if (Files.exists(p)) {
            exec("rm", "-rf", p.toString());
        }
    }

    static void sync() throws Exception {
        exec("sync");
    }

    static void exec(String... cmd) throws Exception {
        Process pr = new ProcessBuilder(cmd).inheritIO().start();
        if (!pr.waitFor(30, TimeUnit.MINUTES) || pr.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed");
        }
    }

    static double mibs(long bytes, double s) {
        return bytes / 1048576.0 / s;
    }

    static double median(List<double[]> rs, int i) {
        double[] v = rs.stream().mapToDouble(a -> a[i]).sorted().toArray();
        return v[v.length / 2];
    }
}
