package io.influxupgrade.commands.backup;

import io.influxupgrade.commands.Progress;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.fs.AtomicFiles;
import io.influxupgrade.commands.fs.CrashPoints;

import java.io.IOException;
import java.nio.ByteBuffer;
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
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Copies a directory tree into a backup's {@code files/} directory in one pass per file: each block read is
 * hashed (SHA-256) and written, so the manifest's digests describe exactly the bytes that were read. Directories
 * are created 0700 and files 0600; symbolic links are never followed (they are recorded in the manifest as links,
 * with their target, and not copied). Only the root itself may be a link (a meta dir configured as a symlink).
 */
public final class VerifiedCopy {

    /** Large enough that a 1 GiB tree costs few system calls, small enough for a shell process. */
    static final int BUFFER = 1 << 20;

    private VerifiedCopy() {
    }

    /** Size and object count of a tree, taken before a copy for the space check and the progress bar. */
    public record Scan(Path root, long bytes, int files, int dirs, int links) {
    }

    /** The copied entries (in walk order, parents before children) and their totals. */
    public record Result(List<ManifestEntry> entries, long bytes, int files) {
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

    /**
     * Copies {@code source} into {@code target} (which must not exist), hashing while copying, fsyncing every
     * file and directory. Each copied file is one crash point.
     */
    public static Result copyTree(Path source, Path target, Progress progress) {
        Path root = realRoot(source);
        List<ManifestEntry> entries = new ArrayList<>();
        List<Path> dirs = new ArrayList<>();
        long[] bytes = {0};
        int[] files = {0};
        byte[] buffer = new byte[BUFFER];
        MessageDigest digest = Manifest.sha256();
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
                    FileFacts f = FileFacts.of(dir);
                    Path out = target.resolve(rel);
                    Files.createDirectory(out, PosixFilePermissions.asFileAttribute(AtomicFiles.OWNER_RWX));
                    dirs.add(out);
                    entries.add(new ManifestEntry(rel, ManifestEntry.DIR, 0, f.modeOctal(), f.owner(), f.ownerNames(),
                            f.mtime(), null, null));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    String rel = relative(root, file);
                    FileFacts f = FileFacts.of(file);
                    switch (f.type()) {
                        case ManifestEntry.FILE -> {
                            Path out = target.resolve(rel);
                            Copied c = copyFile(file, out, buffer, digest);
                            Files.setLastModifiedTime(out, FileTime.from(f.mtime()));
                            entries.add(new ManifestEntry(rel, ManifestEntry.FILE, c.size(), f.modeOctal(), f.owner(),
                                    f.ownerNames(), f.mtime(), c.sha256(), null));
                            bytes[0] += c.size();
                            files[0]++;
                            progress.advance(c.size());
                            CrashPoints.tick("copy " + rel);
                        }
                        case ManifestEntry.LINK -> entries.add(new ManifestEntry(rel, ManifestEntry.LINK, 0, f.modeOctal(),
                                f.owner(), f.ownerNames(), f.mtime(), null, Files.readSymbolicLink(file).toString()));
                        default -> {
                            // sockets, fifos, devices: InfluxDB keeps none in its meta dir; they cannot be copied.
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                    throw exc;
                }
            });
            dirs.sort(Comparator.comparingInt(Path::getNameCount).reversed());
            for (Path d : dirs) {
                AtomicFiles.fsyncDirectory(d);
            }
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("copy " + source + " to " + target, e);
        }
        return new Result(List.copyOf(entries), bytes[0], files[0]);
    }

    record Copied(long size, String sha256) {
    }

    /** Copies one regular file to a new file (mode 0600) while hashing the bytes read; fsyncs it. */
    static Copied copyFile(Path from, Path to, byte[] buffer, MessageDigest digest) throws IOException {
        digest.reset();
        long size = 0;
        ByteBuffer buf = ByteBuffer.wrap(buffer);
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
             FileChannel out = FileChannel.open(to, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                     LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(AtomicFiles.OWNER_RW))) {
            while (true) {
                buf.clear();
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                if (n == 0) {
                    continue;
                }
                digest.update(buffer, 0, n);
                buf.flip();
                while (buf.hasRemaining()) {
                    out.write(buf);
                }
                size += n;
            }
            out.force(true);
        }
        return new Copied(size, HexFormat.of().formatHex(digest.digest()));
    }

    /** SHA-256 (hex) and size of a file, read without following a link. */
    static Copied hash(Path file, byte[] buffer, MessageDigest digest) throws IOException {
        digest.reset();
        long size = 0;
        ByteBuffer buf = ByteBuffer.wrap(buffer);
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            while (true) {
                buf.clear();
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                digest.update(buffer, 0, n);
                size += n;
            }
        }
        return new Copied(size, HexFormat.of().formatHex(digest.digest()));
    }

    static String relative(Path root, Path p) {
        return root.relativize(p).toString().replace(java.io.File.separatorChar, '/');
    }
}
