package io.influxupgrade.commands.backup;

import io.influxupgrade.commands.fs.AtomicFiles;
import io.influxupgrade.commands.fs.CrashPoints;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Atomic replacement of one file with given bytes, mode, owner and (optionally) mtime: a {@code .<name>.tmp-<hex>}
 * beside it, written, fsynced and given its attributes before the rename, so the target is at every moment either
 * the old file or the complete new one. Never follows a link at the temp path or the target.
 */
final class SafeWrite {

    private SafeWrite() {
    }

    static Path tempFor(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE));
    }

    /** Writes {@code data} over {@code target}; {@code uid/gid} &lt; 0 keep the current user's. Two crash points. */
    static void replace(Path target, byte[] data, int mode, int uid, int gid, FileTime mtime) throws IOException {
        viaTemp(target, "write ", tmp -> {
            try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS))) {
                ByteBuffer b = ByteBuffer.wrap(data);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
        }, mode, uid, gid, mtime);
    }

    /** Makes the temp file (or link) that {@link #viaTemp} then publishes. */
    @FunctionalInterface
    private interface Fill {
        void into(Path tmp) throws IOException;
    }

    /**
     * The one way this class replaces anything: fill a fresh temp path beside {@code target}, give it its attributes
     * (a mode &lt; 0 is left alone), crash point, rename over the target, fsync the directory, crash point. A failure
     * removes the temp path and leaves the target as it was.
     */
    private static void viaTemp(Path target, String what, Fill fill, int mode, int uid, int gid, FileTime mtime) throws IOException {
        Path tmp = tempFor(target);
        try {
            fill.into(tmp);
            applyAttributes(tmp, mode, uid, gid, mtime);
            CrashPoints.tick(what + tmp.getFileName());
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            AtomicFiles.fsyncDirectory(target.getParent());
            CrashPoints.tick("rename " + target.getFileName());
        } catch (IOException | RuntimeException e) {
            AtomicFiles.deleteQuietly(tmp);
            throw e;
        }
    }

    static void applyAttributes(Path p, int mode, int uid, int gid, FileTime mtime) throws IOException {
        if (uid >= 0) {
            Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        }
        if (gid >= 0) {
            Files.setAttribute(p, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        }
        if (mode >= 0) {
            Files.setAttribute(p, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS); // after chown: chown clears set-id bits
        }
        if (mtime != null) {
            Files.setLastModifiedTime(p, mtime);
        }
    }

    /** Removes one file (never a directory, never through a link) and fsyncs its directory. One crash point. */
    static boolean remove(Path p) throws IOException {
        boolean removed = Files.deleteIfExists(p);
        if (removed) {
            AtomicFiles.fsyncDirectory(p.getParent());
            CrashPoints.tick("remove " + p.getFileName());
        }
        return removed;
    }

    /**
     * Atomically replaces {@code target} with a copy of {@code source}, checking while copying that the bytes have
     * the {@code expectedSha256} (the backup's manifest digest); FAILED if not. Two crash points.
     */
    static void replaceFrom(Path source, Path target, String expectedSha256, int mode, int uid, int gid, FileTime mtime) throws IOException {
        viaTemp(target, "write ", tmp -> {
            VerifiedCopy.Copied c = VerifiedCopy.copyFile(source, tmp);
            if (!c.sha256().equals(expectedSha256)) {
                throw io.influxupgrade.commands.UpgradeException.failed("backup file " + source + " no longer matches its manifest"
                        + " (changed since it was verified); nothing was replaced at " + target);
            }
        }, mode, uid, gid, mtime);
    }

    /** Atomically puts a symbolic link with {@code linkTarget} at {@code target}. Two crash points. */
    static void replaceLink(Path target, String linkTarget, int uid, int gid) throws IOException {
        viaTemp(target, "link ", tmp -> Files.createSymbolicLink(tmp, Path.of(linkTarget)), -1, uid, gid, null);
    }

    static Set<PosixFilePermission> perms(int mode) {
        Set<PosixFilePermission> s = java.util.EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int i = 0; i < 9; i++) {
            if ((mode & (1 << i)) != 0) {
                s.add(order[i]);
            }
        }
        return s;
    }
}
