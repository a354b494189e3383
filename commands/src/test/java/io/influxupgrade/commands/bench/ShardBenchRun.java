package io.influxupgrade.commands.bench;

import io.influxupgrade.commands.Progress;
import io.influxupgrade.commands.shard.DataDirScanner;
import io.influxupgrade.commands.shard.ShardListCommand;
import io.influxupgrade.commands.shard.ShardReport;
import io.influxupgrade.commands.shard.ShardVerification;
import io.influxupgrade.commands.shard.ShardVerifyCommand;

import java.nio.file.Path;

/**
 * Times the engine in-process, printing one line per run.
 * <pre>
 *   inventory DATA THREADS RUNS    shard list (TSM indexes read) RUNS times
 *   inventory-quick DATA THREADS RUNS   the same without reading TSM indexes (a stat per file, like find)
 *   inventory-cold DATA THREADS RUNS    RUNS warm runs (JIT warm-up), then caches dropped, then one more run: a cold
 *                                  page cache with compiled code, as in a shell that has listed shards before
 *   verify    DATA JOBS RUNS       shard verify RUNS times
 * </pre>
 * The first run includes JIT warm-up, as an operator's single run would.
 */
public final class ShardBenchRun {

    private ShardBenchRun() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[1]);
        int threads = Integer.parseInt(args[2]);
        int runs = Integer.parseInt(args[3]);
        boolean cold = args[0].equals("inventory-cold");
        for (int r = 1; r <= runs + (cold ? 1 : 0); r++) {
            if (cold && r == runs + 1) {
                Process p = new ProcessBuilder("sh", "-c", "sync && echo 3 > /proc/sys/vm/drop_caches").inheritIO().start();
                if (p.waitFor() != 0) {
                    System.out.println("cannot drop caches (needs root): no cold run");
                    return;
                }
                System.out.print("after dropping caches: ");
            }
            long[] cpu0 = cpuTicks();
            long t0 = System.nanoTime();
            if (args[0].startsWith("inventory")) {
                boolean quick = args[0].equals("inventory-quick");
                ShardReport rep = new ShardListCommand(new DataDirScanner.Options(!quick, false, threads))
                        .run(new ShardListCommand.Request(data, null, null, null, null));
                double s = (System.nanoTime() - t0) / 1e9;
                long[] cpu = cpuTicks();
                System.out.printf((quick ? "quick (no index reads) " : "") + "inventory run %d threads %d: %.3f s, %d shards, %d TSM files, %d bytes, %d series, %d findings, cpu %.2f s user + %.2f s sys%n",
                        r, threads, s, rep.totals().shards(), rep.totals().tsmFiles(), rep.totals().bytes(), rep.totals().seriesKeys(),
                        rep.findings().size(), (cpu[0] - cpu0[0]) / 100.0, (cpu[1] - cpu0[1]) / 100.0);
            } else {
                ShardVerification v = new ShardVerifyCommand().run(new ShardVerifyCommand.Request(data, null, null, null, threads), Progress.NONE);
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf("verify run %d jobs %d: %.3f s, %d files, %d blocks, %d broken, %.0f MiB/s%n",
                        r, threads, s, v.files(), v.blocks(), v.brokenBlocks(), v.bytes() / s / (1 << 20));
            }
        }
    }

    /**
     * The whole process's user and system CPU time so far, in clock ticks (1/100 s on Linux; fields 14 and 15 of
     * /proc/self/stat): the JVM's own threads (JIT, GC) count too. CPU time moves less than wall time on a VM whose
     * second vCPU is sometimes busy elsewhere. {0, 0} where there is no /proc.
     */
    private static long[] cpuTicks() {
        try {
            String stat = java.nio.file.Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
        } catch (java.io.IOException | RuntimeException e) {
            return new long[2];
        }
    }
}
