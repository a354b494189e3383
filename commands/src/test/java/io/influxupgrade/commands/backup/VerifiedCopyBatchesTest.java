package io.influxupgrade.commands.backup;

import io.influxupgrade.commands.Progress;
import io.influxupgrade.commands.UpgradeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @TempDir
    Path tmp;

    /**
     * When one batch fails, the copy returns only after the other workers have stopped: the caller then deletes the
     * partial folder, which a worker still writing into it would keep from going away.
     */
    @Test
    void largeFilesFlushedWhileTheCopyGoesOnArrivePreciselyWithTheirDigests() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        byte[] big = new byte[(int) VerifiedCopy.EARLY_SYNC + 4097];
        new java.util.Random(7).nextBytes(big);
        Files.write(src.resolve("000000001-000000002.tsm"), big);
        Files.write(Files.createDirectories(src.resolve("db/rp/1")).resolve("fields.idx"), new byte[]{1, 2, 3});

        VerifiedCopy.Result r = VerifiedCopy.copyTree(src, tmp.resolve("copy"), Progress.NONE);

        assertThat(tmp.resolve("copy/000000001-000000002.tsm")).hasBinaryContent(big);
        assertThat(tmp.resolve("copy/db/rp/1/fields.idx")).hasBinaryContent(new byte[]{1, 2, 3});
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(big));
        assertThat(r.entries()).filteredOn(e -> e.path().endsWith(".tsm")).singleElement()
                .satisfies(e -> assertThat(e.sha256()).isEqualTo(sha))
                .satisfies(e -> assertThat(e.size()).isEqualTo(big.length));
        assertThat(r.files()).isEqualTo(2);
    }

    @Test
    void aFlushThatFailsFailsTheCopyAndSmallFilesAreLeftToTheFinalSync() throws Exception {
        VerifiedCopy.EarlySync early = new VerifiedCopy.EarlySync();
        try {
            early.submit(tmp.resolve("small-gone"), VerifiedCopy.EARLY_SYNC - 1);
            early.await(); // below the threshold: not flushed here, so a missing file is no error yet
            early.submit(tmp.resolve("large-gone"), VerifiedCopy.EARLY_SYNC);
            assertThatThrownBy(early::await).isInstanceOf(java.util.concurrent.ExecutionException.class)
                    .hasCauseInstanceOf(java.nio.file.NoSuchFileException.class);
        } finally {
            early.syncer.shutdownNow();
        }
    }

    @Test
    void aFailedBatchStopsAndAwaitsTheOtherWorkersBeforeTheCopyReturns() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.write(src.resolve("big"), new byte[(int) VerifiedCopy.SMALL]);
        Path small = Files.createDirectories(src.resolve("small"));
        for (int i = 0; i < 40; i++) {
            Files.writeString(small.resolve("f" + i), "x");
        }
        AtomicInteger active = new AtomicInteger();
        AtomicBoolean returned = new AtomicBoolean();
        AtomicBoolean calledAfterReturn = new AtomicBoolean();
        Progress progress = new Progress() {
            @Override
            public void start(String task, long total) {
            }

            @Override
            public void advance(long done) {
                if (returned.get()) {
                    calledAfterReturn.set(true);
                }
                if (done >= VerifiedCopy.SMALL) {
                    try {
                        Thread.sleep(100); // let the small files' worker get going
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new IllegalStateException("disk failed");
                }
                // like a system call that an interrupt does not cut short (creating a file, setting its mtime)
                active.incrementAndGet();
                boolean interrupted = false;
                long until = System.nanoTime() + 150_000_000L;
                while (System.nanoTime() < until) {
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                active.decrementAndGet();
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void finish() {
            }
        };

        assertThatThrownBy(() -> VerifiedCopy.copyTree(src, tmp.resolve("copy"), progress)).isNotInstanceOf(UpgradeException.class)
                .hasMessageContaining("failed");
        returned.set(true);
        assertThat(active.get()).as("no worker still busy when the copy has returned").isZero();
        Thread.sleep(200);
        assertThat(calledAfterReturn.get()).as("no worker went on after the copy returned").isFalse();
    }
}
