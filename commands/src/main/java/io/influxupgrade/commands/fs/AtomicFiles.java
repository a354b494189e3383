package io.influxupgrade.commands.fs;

import io.influxupgrade.commands.UpgradeException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes that never leave a half-written file behind: a temp file in the target's directory, fsync,
 * atomic rename over the target, fsync of the directory. Every write passes {@link CrashPoints}.
 */
public final class AtomicFiles {

    public static final Set<PosixFilePermission> OWNER_RW = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> OWNER_RWX = PosixFilePermissions.fromString("rwx------");

    private AtomicFiles() {
    }

    /** Atomically replaces {@code target} with {@code data}, created with mode 0600. */
    public static void write(Path target, byte[] data) {
        write(target, data, OWNER_RW);
    }

    /** Atomically replaces {@code target} with {@code data}, created with the given mode. */
    public static void write(Path target, byte[] data, Set<PosixFilePermission> mode) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + target.getFileName() + ".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    posix(mode))) {
                ByteBuffer buf = ByteBuffer.wrap(data);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            CrashPoints.tick("write " + tmp.getFileName());
            move(tmp, target);
            CrashPoints.tick("rename " + target.getFileName());
            fsyncDirectory(dir);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw ioFailure("write " + target, e);
        }
    }

    /** Atomic rename within one file system, falling back to a plain replace where atomic moves are unsupported. */
    public static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Flushes a directory entry to disk (a no-op where the platform cannot open directories). */
    public static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // Some file systems refuse to open a directory for reading; the rename is still atomic.
        }
    }

    /** Makes a file another process wrote (e.g. {@code influxd backup}) private (mode 0600) and flushes it to disk. */
    public static void secure(Path file) {
        try {
            Files.setPosixFilePermissions(file, OWNER_RW);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
        } catch (IOException e) {
            throw ioFailure("secure " + file, e);
        }
    }

    /** Creates a directory (and parents) whose last component has mode 0700. */
    public static Path createPrivateDirectory(Path dir) {
        try {
            Files.createDirectories(dir.toAbsolutePath().getParent());
            if (!Files.isDirectory(dir)) {
                Files.createDirectory(dir, posix(OWNER_RWX));
            }
            Files.setPosixFilePermissions(dir, OWNER_RWX);
            return dir;
        } catch (UnsupportedOperationException e) {
            try {
                return Files.createDirectories(dir);
            } catch (IOException io) {
                throw ioFailure("create directory " + dir, io);
            }
        } catch (IOException e) {
            throw ioFailure("create directory " + dir, e);
        }
    }

    public static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort clean-up of our own temp file
        }
    }

    /** Maps an I/O failure to a one-line {@link UpgradeException} that names the path and the cause. */
    public static UpgradeException ioFailure(String what, IOException e) {
        String reason;
        if (e instanceof NoSuchFileException) {
            reason = "no such file or directory: " + e.getMessage();
        } else if (e instanceof AccessDeniedException) {
            reason = "permission denied: " + e.getMessage();
        } else if (e instanceof FileSystemException fse && fse.getReason() != null) {
            reason = fse.getReason() + (fse.getFile() != null ? ": " + fse.getFile() : "");
        } else {
            reason = String.valueOf(e.getMessage());
        }
        return UpgradeException.unavailable("cannot " + what + ": " + reason, e);
    }

    private static FileAttribute<?>[] posix(Set<PosixFilePermission> mode) {
        try {
            Path.of(".").getFileSystem().provider();
            if (!Path.of(".").getFileSystem().supportedFileAttributeViews().contains("posix")) {
                return new FileAttribute<?>[0];
            }
        } catch (RuntimeException e) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)};
    }
}
