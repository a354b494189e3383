package io.influxupgrade.commands.shard;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The scan's real {@link DataDirScanner.DirectoryLister} ({@link DataDirScanner#FILES}). java.io listing:
 * opendir/readdir/closedir and plain names, fewer system calls than a DirectoryStream (which dups the descriptor); only
 * when it fails do we ask NIO, for the reason. Shard dirs, whose files are all opened, are held open instead
 * ({@link #open}): each file is then opened with openat relative to the directory's descriptor, so the kernel resolves
 * one name per file instead of the whole path (measured: ~15% less time per shard warm).
 */
final class DirFdLister implements DataDirScanner.DirectoryLister {

    private static final Set<OpenOption> READ_NOFOLLOW = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);

    @Override
    public List<Path> list(Path dir) throws IOException {
        String[] names = dir.toFile().list();
        if (names == null) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
                List<Path> out = new ArrayList<>();
                for (Path p : s) {
                    out.add(p);
                }
                return out;
            }
        }
        List<Path> out = new ArrayList<>(names.length);
        for (String n : names) {
            out.add(dir.resolve(n));
        }
        return out;
    }

    @Override
    public List<String> names(Path dir) throws IOException {
        String[] names = dir.toFile().list();
        return names == null ? DataDirScanner.DirectoryLister.super.names(dir) : Arrays.asList(names);
    }

    @Override
    public DataDirScanner.OpenDir open(Path dir) throws IOException {
        DirectoryStream<Path> stream = Files.newDirectoryStream(dir);
        if (!(stream instanceof SecureDirectoryStream<Path> sds)) {
            stream.close();
            return DataDirScanner.DirectoryLister.super.open(dir);
        }
        List<Path> entries = new ArrayList<>();
        try {
            for (Path p : sds) {
                entries.add(p);
            }
        } catch (DirectoryIteratorException e) {
            sds.close();
            throw e.getCause();
        } catch (RuntimeException e) {
            sds.close();
            throw e;
        }
        return new DataDirScanner.OpenDir(entries, (entry, name) -> {
            SeekableByteChannel c = sds.newByteChannel(name, READ_NOFOLLOW);
            if (c instanceof FileChannel ch) {
                return ch;
            }
            c.close();
            return openNoFollow(entry);
        }, sds::close);
    }

    /** Opens {@code file} for reading by its whole path, refusing a link (O_NOFOLLOW). */
    static FileChannel openNoFollow(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }
}
