package io.influxupgrade.commands.shard;

import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
        new ScanPool(runs.length(), 3, 8, runs::incrementAndGet).run();
        for (int i = 0; i < runs.length(); i++) {
            assertThat(runs.get(i)).as("task %d", i).isEqualTo(1);
        }
    }

    @Test
    void fastReadsKeepOneWorkerPerCoreAsStarted() {
        ScanPool[] pool = new ScanPool[1];
        pool[0] = new ScanPool(20_000, 2, 32, i -> pool[0].timed(System.nanoTime()));
        pool[0].run();
        assertThat(pool[0].grown()).isFalse();
        assertThat(pool[0].workers()).isEqualTo(2);
    }

    @Test
    void slowReadsStartTheRestOfTheWorkers() {
        ScanPool[] pool = new ScanPool[1];
        Set<String> threads = ConcurrentHashMap.newKeySet();
        pool[0] = new ScanPool(5_000, 2, 16, i -> {
            threads.add(Thread.currentThread().getName() + "@" + System.identityHashCode(Thread.currentThread()));
            pool[0].timed(slowStart());
        });
        pool[0].run();
        assertThat(pool[0].grown()).isTrue();
        assertThat(pool[0].workers()).isEqualTo(16);
        assertThat(threads).hasSizeGreaterThan(2);
    }

    @Test
    void aFewSlowReadsAmongManyFastOnesDoNotGrowThePool() {
        // a first run's class loading, a garbage collection or a busy machine: slow now and then, not a cold cache
        ScanPool[] pool = new ScanPool[1];
        pool[0] = new ScanPool(20_000, 2, 32, i -> pool[0].timed(i % 20 == 0 ? slowStart() : System.nanoTime()));
        pool[0].run();
        assertThat(pool[0].grown()).isFalse();

        ScanPool[] few = new ScanPool[1];
        few[0] = new ScanPool(ScanPool.MIN_SLOW - 1, 1, 1, i -> few[0].timed(slowStart()));
        few[0].run();
        assertThat(few[0].grown()).as("fewer than MIN_SLOW slow reads").isFalse();
    }

    @Test
    void aFailingTaskStopsThePoolAndIsRethrown() {
        AtomicIntegerArray runs = new AtomicIntegerArray(100_000);
        assertThatThrownBy(() -> new ScanPool(runs.length(), 2, 4, i -> {
            runs.incrementAndGet(i);
            if (i == 10) {
                throw new IllegalArgumentException("task 10 failed");
            }
        }).run()).isInstanceOf(IllegalArgumentException.class).hasMessage("task 10 failed");
        int ran = 0;
        for (int i = 0; i < runs.length(); i++) {
            ran += runs.get(i);
        }
        assertThat(ran).as("the other workers stop taking tasks").isLessThan(runs.length());
    }

    @Test
    void oneWorkerRunsOnTheCallersThread() {
        Thread caller = Thread.currentThread();
        Set<Thread> seen = ConcurrentHashMap.newKeySet();
        new ScanPool(50, 1, 1, i -> seen.add(Thread.currentThread())).run();
        assertThat(seen).containsExactly(caller);
    }

    @Test
    void anInterruptedCallerStopsTheScan() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> new ScanPool(10, 1, 1, i -> { }).run()).isInstanceOf(ScanPool.Interrupted.class);
        } finally {
            Thread.interrupted();
        }
    }
}
