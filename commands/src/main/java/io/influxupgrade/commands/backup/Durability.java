package io.influxupgrade.commands.backup;

import io.influxupgrade.commands.fs.AtomicFiles;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes a freshly written tree durable. One {@code syncfs(2)} of the target's file system (through coreutils
 * {@code sync -f}) replaces thousands of per-file {@code fsync} calls, each of which would force its own journal
 * commit; where {@code sync -f} is unavailable or fails, every file and directory is fsynced one by one.
 */
final class Durability {

    private static final Path[] SYNC = {Path.of("/bin/sync"), Path.of("/usr/bin/sync")};

    private Durability() {
    }

    static void flush(Path root, List<Path> files, List<Path> dirs) throws IOException {
        if (files.isEmpty() && dirs.isEmpty()) {
            return;
        }
        if (files.size() + dirs.size() > 8 && syncFileSystem(root)) {
            return;
        }
        for (Path f : files) {
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
        }
        for (int i = dirs.size() - 1; i >= 0; i--) {
            AtomicFiles.fsyncDirectory(dirs.get(i));
        }
    }

    /** True when {@code sync -f root} flushed the whole file system holding {@code root}. */
    static boolean syncFileSystem(Path root) {
        for (Path sync : SYNC) {
            if (Files.isExecutable(sync)) {
                return succeeds(Duration.ofMinutes(10), sync.toString(), "-f", root.toString());
            }
        }
        return false;
    }

    /** True when {@code cmd} ran and exited 0 within {@code timeout} (its output discarded). */
    static boolean succeeds(Duration timeout, String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
