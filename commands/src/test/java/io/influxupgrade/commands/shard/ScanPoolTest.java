package io.influxupgrade.commands.shard;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScanPoolTest {

    /** A start time that makes {@link ScanPool#timed} see a read that went to the disk. */
    private static long slowStart() {
        return System.nanoTime() - 4 * ScanPool.SLOW_NANOS;
    }

    @Test
    void runsEveryTaskExactlyOnce() {
        AtomicIntegerArray runs = new AtomicIntegerArray(5_000);
        new ScanPool(runs.length(), 3, 8, (i, w) -> runs.incrementAndGet(i), null).run();
        for (int i = 0; i < runs.length(); i++) {
            assertThat(runs.get(i)).as("task %d", i).isEqualTo(1);
        }
    }

    @Test
    void fastReadsKeepOneWorkerPerCoreAsStarted() {
        ScanPool[] pool = new ScanPool[1];
        pool[0] = new ScanPool(20_000, 2, 32, (i, w) -> pool[0].timed(System.nanoTime()), null);
        pool[0].run();
        assertThat(pool[0].grown()).isFalse();
        assertThat(pool[0].workers()).isEqualTo(2);
    }

    @Test
    void slowReadsStartTheRestOfTheWorkers() {
        ScanPool[] pool = new ScanPool[1];
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        // once grown, tasks wait for a third thread to take one: tiny tasks could otherwise all be gone before the
        // new workers get a core, and this test would prove nothing about them
        CountDownLatch third = new CountDownLatch(1);
        pool[0] = new ScanPool(5_000, 2, 16, (i, w) -> {
            threads.add(Thread.currentThread());
            if (threads.size() > 2) {
                third.countDown();
            }
            pool[0].timed(slowStart());
            if (pool[0].grown()) {
                awaitQuietly(third, 10);
            }
        }, null);
        pool[0].run();
        assertThat(pool[0].grown()).isTrue();
        assertThat(pool[0].workers()).isEqualTo(16);
        assertThat(threads).as("the new workers take tasks").hasSizeGreaterThan(2);
    }

    @Test
    void growingWhileTheFirstWorkersAreStillStartingNeverPassesTheMaximum() {
        // a worker that sees slow reads may grow the pool while run() is still starting the initial workers; both
        // count the same list, so the total must still end at max (a CI run once ended at 17 of 16)
        for (int round = 0; round < 300; round++) {
            ScanPool[] pool = new ScanPool[1];
            Set<Thread> threads = ConcurrentHashMap.newKeySet();
            pool[0] = new ScanPool(400, 8, 12, (i, w) -> {
                threads.add(Thread.currentThread());
                pool[0].timed(slowStart());
            }, null);
            pool[0].run();
            assertThat(pool[0].workers()).as("round %d", round).isEqualTo(12);
            assertThat(threads).as("round %d", round).hasSizeLessThanOrEqualTo(12);
        }
    }

    @Test
    void aFewSlowReadsAmongManyFastOnesDoNotGrowThePool() {
        // a first run's class loading, a garbage collection or a busy machine: slow now and then, not a cold cache
        ScanPool[] pool = new ScanPool[1];
        pool[0] = new ScanPool(20_000, 2, 32, (i, w) -> pool[0].timed(i % 20 == 0 ? slowStart() : System.nanoTime()), null);
        pool[0].run();
        assertThat(pool[0].grown()).isFalse();

        ScanPool[] few = new ScanPool[1];
        few[0] = new ScanPool(20_000, 1, 4, (i, w) -> few[0].timed(i % ScanPool.WINDOW < ScanPool.WINDOW_SLOW / 2 ? slowStart() : System.nanoTime()), null);
        few[0].run();
        assertThat(few[0].grown()).as("half of WINDOW_SLOW slow reads in every window").isFalse();
    }

    @Test
    void aColdPartAfterAWarmStartGrowsThePool() {
        ScanPool[] pool = new ScanPool[1];
        pool[0] = new ScanPool(20_000, 1, 8, (i, w) -> pool[0].timed(i < 15_000 ? System.nanoTime() : slowStart()), null);
        pool[0].run();
        assertThat(pool[0].grown()).isTrue();
        assertThat(pool[0].workers()).isEqualTo(8);
    }

    @Test
    @Timeout(60) // if a failure did not cancel the pool, every task past 20 would wait its 10 s
    void aFailingTaskStopsThePoolAndIsRethrown() {
        AtomicIntegerArray runs = new AtomicIntegerArray(100_000);
        ScanPool[] pool = new ScanPool[1];
        pool[0] = new ScanPool(runs.length(), 2, 4, (i, w) -> {
            runs.incrementAndGet(i);
            if (i == 10) {
                throw new IllegalArgumentException("task 10 failed");
            }
            // tasks past 20 wait for the failure to be recorded (at most 10 s), so that a worker which took task 10
            // and then lost its core cannot let the other run every task first
            for (long until = System.nanoTime() + 10_000_000_000L; i > 20 && !pool[0].cancelled() && System.nanoTime() < until; ) {
                Thread.onSpinWait();
            }
        }, null);
        assertThatThrownBy(pool[0]::run).isInstanceOf(IllegalArgumentException.class).hasMessage("task 10 failed");
        int ran = 0;
        for (int i = 0; i < runs.length(); i++) {
            ran += runs.get(i);
        }
        assertThat(ran).as("the other workers stop taking tasks").isLessThan(100);
    }

    @Test
    void oneWorkerRunsOnTheCallersThread() {
        Thread caller = Thread.currentThread();
        Set<Thread> seen = ConcurrentHashMap.newKeySet();
        new ScanPool(50, 1, 1, (i, w) -> seen.add(Thread.currentThread()), null).run();
        assertThat(seen).containsExactly(caller);
    }

    @Test
    @Timeout(20)
    void aWorkerStuckOpeningAFileIsReportedToTheWatcherWhichCanUnblockIt() {
        CountDownLatch pipe = new CountDownLatch(1);
        List<Path> reported = new CopyOnWriteArrayList<>();
        AtomicIntegerArray runs = new AtomicIntegerArray(100);
        new ScanPool(runs.length(), 2, 2, (i, w) -> {
            if (i == 7) {
                w.opening = Path.of("pipe.tsm");
                awaitQuietly(pipe); // an open that waits for a writer
                w.opening = null;
            }
            runs.incrementAndGet(i);
        }, file -> {
            reported.add(file);
            pipe.countDown(); // the watcher is the writer
            return true;
        }).run();
        assertThat(reported).containsExactly(Path.of("pipe.tsm"));
        for (int i = 0; i < runs.length(); i++) {
            assertThat(runs.get(i)).as("task %d", i).isEqualTo(1);
        }
    }

    @Test
    @Timeout(20)
    void aWorkerStuckOnASpecialFileThatCannotBeUnblockedIsAbandoned() {
        CountDownLatch never = new CountDownLatch(1);
        AtomicIntegerArray runs = new AtomicIntegerArray(100);
        try {
            new ScanPool(runs.length(), 2, 2, (i, w) -> {
                if (i == 3) {
                    w.opening = Path.of("device.tsm");
                    awaitQuietly(never);
                    w.opening = null;
                }
                runs.incrementAndGet(i);
            }, file -> true).run();
            assertThat(runs.get(3)).as("the stuck task has no result").isZero();
            int done = 0;
            for (int i = 0; i < runs.length(); i++) {
                done += runs.get(i);
            }
            assertThat(done).as("the other worker finished the rest").isEqualTo(runs.length() - 1);
        } finally {
            never.countDown();
        }
    }

    @Test
    @Timeout(20)
    void aSlowRegularFileIsWaitedFor() {
        AtomicIntegerArray runs = new AtomicIntegerArray(10);
        new ScanPool(runs.length(), 1, 1, (i, w) -> {
            if (i == 0) {
                w.opening = Path.of("slow.tsm");
                sleepQuietly(4 * ScanPool.WATCH_MILLIS * (ScanPool.GIVE_UP_PERIODS + 1));
                w.opening = null;
            }
            runs.incrementAndGet(i);
        }, file -> false).run();
        assertThat(runs.get(0)).as("never abandoned: it is a regular file").isEqualTo(1);
    }

    /** Waits at most {@code seconds}; a latch that never opens makes the test's assertions fail, not hang. */
    private static void awaitQuietly(CountDownLatch latch, long seconds) {
        try {
            if (!latch.await(seconds, TimeUnit.SECONDS)) {
                latch.countDown();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void anInterruptedCallerStopsTheScan() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> new ScanPool(10, 1, 1, (i, w) -> { }, null).run()).isInstanceOf(ScanPool.Interrupted.class);
        } finally {
            Thread.interrupted();
        }
    }
}
