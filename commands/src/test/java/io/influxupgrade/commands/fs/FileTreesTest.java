package io.influxupgrade.commands.fs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The size of a tree counts its regular files only (a link to a large file outside is not followed). */
class FileTreesTest {

    @TempDir
    Path tmp;

    @Test
    void bytesCountsRegularFilesAndNeverFollowsALink() throws IOException {
        Path tree = Files.createDirectories(tmp.resolve("tree/a/b"));
        Files.write(tmp.resolve("tree/one"), new byte[100]);
        Files.write(tree.resolve("two"), new byte[23]);
        Path outside = Files.write(tmp.resolve("outside"), new byte[5000]);
        Files.createSymbolicLink(tree.resolve("link"), outside);
        assertThat(FileTrees.bytes(tmp.resolve("tree"), -1)).isEqualTo(123);
    }

    @Test
    void aTreeThatCannotBeWalkedGivesTheCallersFallback() {
        assertThat(FileTrees.bytes(tmp.resolve("absent"), 1 << 20)).isEqualTo(1 << 20);
        assertThat(FileTrees.bytes(tmp.resolve("absent"), 0)).isZero();
    }
}
