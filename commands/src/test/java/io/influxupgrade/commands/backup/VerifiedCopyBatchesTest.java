package io.influxupgrade.commands.backup;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How the copy pool's work is cut: large files alone, the small files of one directory together, costliest first. */
class VerifiedCopyBatchesTest {

    private static VerifiedCopy.Item item(String rel, String type, long size) {
        return new VerifiedCopy.Item(rel, Path.of("/src", rel), new FileFacts(type, size, 0600, 0, 0, "root", "root", Instant.EPOCH), null);
    }

    @Test
    void everyFileIsInExactlyOneBatchAndSmallFilesAreGroupedByDirectory() {
        List<VerifiedCopy.Item> items = new ArrayList<>();
        items.add(item("a", ManifestEntry.DIR, 0));
        items.add(item("a/1", ManifestEntry.FILE, 10));
        items.add(item("a/big", ManifestEntry.FILE, VerifiedCopy.SMALL));
        items.add(item("a/2", ManifestEntry.FILE, 20));
        items.add(item("b", ManifestEntry.DIR, 0));
        items.add(item("b/1", ManifestEntry.FILE, 0));
        items.add(item("b/link", ManifestEntry.LINK, 0));
        items.add(item("top", ManifestEntry.FILE, 5));
        items.add(item("huge", ManifestEntry.FILE, 50L * VerifiedCopy.SMALL));

        List<VerifiedCopy.Batch> batches = VerifiedCopy.batches(items);

        assertThat(batches).extracting(VerifiedCopy.Batch::items)
                .containsExactly(List.of(8), List.of(2), List.of(1, 3), List.of(7), List.of(5));
        assertThat(batches).extracting(VerifiedCopy.Batch::cost).isSortedAccordingTo((x, y) -> Long.compare(y, x));
        List<Integer> all = batches.stream().flatMap(b -> b.items().stream()).sorted().toList();
        assertThat(all).containsExactly(1, 2, 3, 5, 7, 8); // files only, each once: no directory, no link
    }
}
