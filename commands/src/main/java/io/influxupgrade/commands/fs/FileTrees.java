package io.influxupgrade.commands.fs;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Removing and copying trees without ever following a symbolic link out of them. */
public final class FileTrees {

    private FileTrees() {
    }

    /**
     * Copies the directories of a tree and the files {@code include} accepts (their path relative to {@code from}),
     * with their attributes; links are copied as links. Not for backups: those go through the verified copy.
     */
    public static void copy(Path from, Path to, java.util.function.BiPredicate<Path, BasicFileAttributes> include) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path rel = from.relativize(file);
                if (include.test(rel, attrs)) {
                    Files.copy(file, to.resolve(rel.toString()), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * The bytes of the regular files in a tree (links not followed): what a copy of it needs. An unreadable file counts 0;
     * a tree that cannot be walked at all gives {@code whenUnknown}.
     */
    public static long bytes(Path dir, long whenUnknown) {
        try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException | java.io.UncheckedIOException e) {
            return whenUnknown;
        }
    }

    /** Removes a file, a link or a whole directory tree (links are removed, never followed); absent is fine. */
    public static void delete(Path p) {
        delete(p, true);
    }

    /** Removes a directory's content, and the directory itself when {@code self}; absent is fine. */
    public static void delete(Path root, boolean self) {
        try {
            if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
                if (self) {
                    Files.delete(root);
                }
                return;
            }
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    if (exc != null) {
                        throw exc;
                    }
                    if (self || !d.equals(root)) {
                        Files.delete(d);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("remove " + root, e);
        }
    }
}
