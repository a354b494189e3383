package io.influxupgrade.commands.backup;

import io.influxupgrade.commands.Progress;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.fs.AtomicFiles;
import io.influxupgrade.commands.fs.CrashPoints;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.CRC32C;

/**
 * Copies a directory tree into a backup's {@code files/} directory with one read of each source file: the bytes
 * are read once and hashed (SHA-256, plus a CRC-32C for the post-copy check), and the kernel copies the same range
 * from the page cache (see {@link #pump}); the post-copy check proves the copy holds exactly the bytes hashed.
 * Files are copied by a small pool of threads
 * (hashing is CPU-bound). Directories are created 0700 and files 0600; symbolic links are never followed (they
 * are recorded in the manifest as links, with their target, and not copied). Only the root itself may be a link
 * (a meta dir configured as a symlink).
 */
public final class VerifiedCopy {

    /** Large enough that a 1 GiB tree costs few system calls, small enough for a shell process. */
    static final int BUFFER = 1 << 20;
    /** Files up to this size are read into a buffer; larger ones are mapped in windows of this size. */
    static final int WINDOW = 8 << 20;

    private VerifiedCopy() {
    }

    /** Size and object count of a tree, taken before a copy for the space check and the progress bar. */
    public record Scan(Path root, long bytes, int files, int dirs, int links) {
    }

    /** The copied entries (in walk order, parents before children), their totals, and what was written (for {@link Durability}). */
    public record Result(List<ManifestEntry> entries, long bytes, int files, List<Path> writtenFiles, List<Path> writtenDirs) {
    }

    /** Walks {@code source} without following links and adds up regular file sizes. */
    public static Scan scan(Path source) {
        Path root = realRoot(source);
        long[] bytes = {0};
        int[] counts = {0, 0, 0};
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    counts[1]++;
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) {
                        bytes[0] += attrs.size();
                        counts[0]++;
                    } else if (attrs.isSymbolicLink()) {
                        counts[2]++;
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("read " + source, e);
        }
        return new Scan(root, bytes[0], counts[0], counts[1], counts[2]);
    }

    static Path realRoot(Path source) {
        try {
            Path real = source.toRealPath();
            if (!Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
                throw UpgradeException.usage(source + " is not a directory");
            }
            return real;
        } catch (NoSuchFileException e) {
            throw UpgradeException.unavailable("cannot read " + source + ": no such directory (check the [meta] dir setting)");
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("read " + source, e);
        }
    }

    /** One source object found by the walk, with its facts, and (files) its future copy. */
    record Item(String rel, Path source, FileFacts facts, String linkTarget) {
    }

    /**
     * Copies {@code source} into {@code target} (which must not exist), hashing while copying. Nothing is fsynced
     * here: the caller makes {@link Result#writtenFiles()} durable at once with {@link Durability}. Each copied
     * file is one crash point.
     */
    public static Result copyTree(Path source, Path target, Progress progress) {
        Path root = realRoot(source);
        List<Item> items = new ArrayList<>();
        List<Path> dirs = new ArrayList<>();
        try {
            Files.createDirectory(target, PosixFilePermissions.asFileAttribute(AtomicFiles.OWNER_RWX));
            dirs.add(target);
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    if (dir.equals(root)) {
                        return FileVisitResult.CONTINUE;
                    }
                    String rel = relative(root, dir);
                    Path out = target.resolve(rel);
                    Files.createDirectory(out, PosixFilePermissions.asFileAttribute(AtomicFiles.OWNER_RWX));
                    dirs.add(out);
                    items.add(new Item(rel, dir, FileFacts.of(dir), null));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    FileFacts f = FileFacts.of(file);
                    if (f.type().equals(ManifestEntry.FILE)) {
                        items.add(new Item(relative(root, file), file, f, null));
                    } else if (f.type().equals(ManifestEntry.LINK)) {
                        items.add(new Item(relative(root, file), file, f, Files.readSymbolicLink(file).toString()));
                    }
                    // sockets, fifos, devices: InfluxDB keeps none in its meta dir; they cannot be copied.
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                    throw exc;
                }
            });
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("copy " + source + " to " + target, e);
        }
        int threads = Integer.getInteger("influx.upgrade.copyThreads", Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors())));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "verified-copy");
            t.setDaemon(true);
            return t;
        });
        ThreadLocal<Hashers> hashers = ThreadLocal.withInitial(Hashers::new);
        EarlySync early = new EarlySync();
        Copied[] copied = new Copied[items.size()];
        // results in completion order: the first failed batch ends the copy at once, whichever batch it was
        java.util.concurrent.CompletionService<Void> done = new java.util.concurrent.ExecutorCompletionService<>(pool);
        int submitted = 0;
        try {
            for (Batch batch : batches(items)) {
                submitted++;
                done.submit(() -> {
                    for (int i : batch.items()) {
                        Item it = items.get(i);
                        Path out = target.resolve(it.rel());
                        Copied c = copyFile(it.source(), out, hashers.get(), false);
                        Files.setLastModifiedTime(out, FileTime.from(it.facts().mtime()));
                        early.submit(out, c.size());
                        progress.advance(c.size());
                        CrashPoints.tick("copy " + it.rel());
                        copied[i] = c;
                    }
                    return null;
                });
            }
            for (int k = 0; k < submitted; k++) {
                done.take().get();
            }
            early.await();
            List<ManifestEntry> entries = new ArrayList<>();
            List<Path> written = new ArrayList<>();
            long bytes = 0;
            int files = 0;
            for (int i = 0; i < items.size(); i++) {
                Item it = items.get(i);
                FileFacts f = it.facts();
                switch (f.type()) {
                    case ManifestEntry.DIR -> entries.add(new ManifestEntry(it.rel(), ManifestEntry.DIR, 0, f.modeOctal(), f.owner(),
                            f.ownerNames(), f.mtime(), null, null));
                    case ManifestEntry.LINK -> entries.add(new ManifestEntry(it.rel(), ManifestEntry.LINK, 0, f.modeOctal(), f.owner(),
                            f.ownerNames(), f.mtime(), null, it.linkTarget()));
                    default -> {
                        Copied c = copied[i];
                        entries.add(new ManifestEntry(it.rel(), ManifestEntry.FILE, c.size(), f.modeOctal(), f.owner(),
                                f.ownerNames(), f.mtime(), c.sha256(), null, c.crc32c()));
                        written.add(target.resolve(it.rel()));
                        bytes += c.size();
                        files++;
                    }
                }
            }
            return new Result(List.copyOf(entries), bytes, files, List.copyOf(written), List.copyOf(dirs));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UpgradeException ue) {
                throw ue;
            }
            if (cause instanceof IOException io) {
                throw AtomicFiles.ioFailure("copy " + source + " to " + target, io);
            }
            if (cause instanceof UncheckedIOException uio) {
                throw AtomicFiles.ioFailure("copy " + source + " to " + target, uio.getCause());
            }
            throw new IllegalStateException("copy of " + source + " failed", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw UpgradeException.unavailable("copy " + source + ": interrupted");
        } finally {
            stop(pool);
            stop(early.syncer);
        }
    }

    /** Files at least this large have their data flushed as soon as they are copied (see {@link EarlySync}). */
    static final long EARLY_SYNC = 8 << 20;

    /**
     * Flushes the data of each large copied file ({@code fdatasync}) on a thread of its own while the workers go on
     * hashing and copying, so that the disk writes the copy meanwhile instead of all of it in the one
     * {@code syncfs} at the end (the kernel starts writing back by itself only once a tenth of the memory is dirty).
     * The final {@link Durability} flush still runs and covers the small files, the directories and every inode.
     */
    static final class EarlySync {
        final ExecutorService syncer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "verified-copy-sync");
            t.setDaemon(true);
            return t;
        });
        final List<java.util.concurrent.Future<?>> pending = java.util.Collections.synchronizedList(new ArrayList<>());

        void submit(Path copy, long size) {
            if (size >= EARLY_SYNC) {
                pending.add(syncer.submit(() -> {
                    try (FileChannel ch = FileChannel.open(copy, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                        ch.force(false);
                    }
                    return null;
                }));
            }
        }

        /** Waits for every flush; the first failure is the copy's. */
        void await() throws ExecutionException, InterruptedException {
            synchronized (pending) {
                for (java.util.concurrent.Future<?> f : pending) {
                    f.get();
                }
            }
        }
    }

    /**
     * Stops the copy workers and waits (up to five minutes) until they have: after a failure the caller deletes the
     * partial folder, and a worker still writing into it would make that fail or leave a file behind. Interrupted
     * workers end quickly, since their channels close on interrupt.
     */
    private static void stop(ExecutorService pool) {
        pool.shutdownNow();
        boolean interrupted = Thread.interrupted();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(5);
        while (!pool.isTerminated() && System.nanoTime() < deadline) {
            try {
                pool.awaitTermination(1, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Files below this size are copied together with the other small files of their directory. */
    static final long SMALL = 1 << 20;
    /** What creating one file costs, in bytes of copying it is worth (about 0.5 ms against ~500 MB/s hashed). */
    private static final long CREATE_COST = 256 << 10;

    /** Item indexes that one worker copies in order, and an estimate of their cost for scheduling. */
    record Batch(List<Integer> items, long cost) {
    }

    /**
     * Groups the files into work for the pool: each file of {@link #SMALL} or more alone, the smaller files of one
     * directory together. Creating a file takes its directory's lock, so two workers creating small files in the
     * same directory mostly wait for each other (measured: a fifth of all CPU time spent spinning on that lock);
     * with one batch per directory they create files in different directories, while large files are hashed in
     * parallel. Batches are returned costliest first, so that the pool finishes evenly.
     */
    static List<Batch> batches(List<Item> items) {
        java.util.Map<String, List<Integer>> smallByDir = new java.util.LinkedHashMap<>();
        java.util.Map<String, Long> smallCost = new java.util.HashMap<>();
        List<Batch> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Item it = items.get(i);
            if (!it.facts().type().equals(ManifestEntry.FILE)) {
                continue;
            }
            long size = Math.max(0, it.facts().size());
            if (size >= SMALL) {
                out.add(new Batch(List.of(i), size + CREATE_COST));
            } else {
                int slash = it.rel().lastIndexOf('/');
                String dir = slash < 0 ? "" : it.rel().substring(0, slash);
                smallByDir.computeIfAbsent(dir, d -> new ArrayList<>()).add(i);
                smallCost.merge(dir, size + CREATE_COST, Long::sum);
            }
        }
        smallByDir.forEach((dir, list) -> out.add(new Batch(List.copyOf(list), smallCost.get(dir))));
        out.sort(java.util.Comparator.comparingLong(Batch::cost).reversed());
        return out;
    }

    /** Size, SHA-256 and CRC-32C (hex) of the bytes copied or read. */
    record Copied(long size, String sha256, String crc32c) {
    }

    /** Per-thread digest state and buffer. */
    static final class Hashers {
        final MessageDigest sha = Manifest.sha256();
        final CRC32C crc = new CRC32C();
        final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);
        final byte[] chunk = new byte[64 << 10];

        void reset() {
            sha.reset();
            crc.reset();
        }

        /** Feeds {@code b} (position..limit) to both digests; leaves the position unchanged. */
        void update(ByteBuffer b, boolean withSha) {
            ByteBuffer d = b.duplicate();
            crc.update(d);
            if (withSha) {
                d = b.duplicate();
                while (d.hasRemaining()) {
                    int n = Math.min(chunk.length, d.remaining());
                    d.get(chunk, 0, n);
                    sha.update(chunk, 0, n);
                }
            }
        }

        Copied result(long size, boolean withSha) {
            return new Copied(size, withSha ? HexFormat.of().formatHex(sha.digest()) : null,
                    String.format("%08x", crc.getValue()));
        }
    }

    /** Copies one file with its own hashers and an fsync of the copy. */
    static Copied copyFile(Path from, Path to) throws IOException {
        return copyFile(from, to, new Hashers(), true);
    }

    /**
     * Copies one regular file to a new file (mode 0600) from a single read of the source: small files through a
     * buffer, large ones through mapped windows that are hashed and then written. With {@code fsync} false the
     * caller makes the tree durable at once ({@link Durability}).
     */
    static Copied copyFile(Path from, Path to, Hashers h, boolean fsync) throws IOException {
        h.reset();
        long size;
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
             FileChannel out = FileChannel.open(to, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                     LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(AtomicFiles.OWNER_RW))) {
            size = pump(in, h, true, out);
            if (fsync) {
                out.force(true);
            }
        }
        return h.result(size, true);
    }

    /** SHA-256 (hex), CRC-32C and size of a file, read without following a link. */
    static Copied hash(Path file) throws IOException {
        return read(file, new Hashers(), true);
    }

    /** Reads a file once, feeding the CRC-32C and (when {@code withSha}) the SHA-256. */
    static Copied read(Path file, Hashers h, boolean withSha) throws IOException {
        h.reset();
        long size;
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            size = pump(in, h, withSha, null);
        }
        return h.result(size, withSha);
    }

    /**
     * Reads {@code in} to its end once through the buffer, feeding the digests, and copies each piece to {@code out}
     * (when not null): pieces of {@link #KERNEL_COPY} bytes or more by the kernel from the source's page cache
     * ({@code FileChannel.transferTo}), smaller ones from the buffer. Writing a large piece from the process's memory
     * costs several times what the kernel's copy does (measured on this project's VM: 4 s of system time for 2 GiB,
     * 45% of the copy's time, against cp -a's 1-2 s; mapped windows were worse). The manifest's digests describe
     * the bytes read; that the copy holds exactly those bytes is what the post-copy check proves (every copied
     * file is re-read against the CRC-32C of the bytes hashed: a source that changed between the read and the
     * kernel's copy fails the backup). A read alone (no {@code out}) takes files over {@link #WINDOW} through mapped
     * windows, then the rest (and whatever a growing file added meanwhile) through the buffer. Returns the bytes read.
     */
    private static long pump(FileChannel in, Hashers h, boolean withSha, FileChannel out) throws IOException {
        long size = 0;
        long length = in.size();
        if (out == null && length > WINDOW) {
            while (size < length) {
                long n = Math.min(WINDOW, length - size);
                MappedByteBuffer map = in.map(FileChannel.MapMode.READ_ONLY, size, n);
                h.update(map, withSha);
                size += n;
            }
        }
        ByteBuffer buf = h.buffer;
        while (true) {
            buf.clear();
            int n = in.read(buf, size);
            if (n < 0) {
                return size;
            }
            buf.flip();
            h.update(buf, withSha);
            if (out != null && n >= KERNEL_COPY) {
                long done = 0;
                while (done < n) {
                    long t = in.transferTo(size + done, n - done, out);
                    if (t <= 0) {
                        break; // the source shrank meanwhile: the rest as read (the post-copy check judges it)
                    }
                    done += t;
                }
                buf.position((int) done);
            }
            writeAll(out, buf);
            size += n;
        }
    }

    /** Pieces at least this large are copied by the kernel; smaller ones are written from the buffer. */
    static final int KERNEL_COPY = 64 << 10;

    private static void writeAll(FileChannel out, ByteBuffer b) throws IOException {
        while (out != null && b.hasRemaining()) {
            out.write(b);
        }
    }

    static String relative(Path root, Path p) {
        return root.relativize(p).toString().replace(java.io.File.separatorChar, '/');
    }
}
