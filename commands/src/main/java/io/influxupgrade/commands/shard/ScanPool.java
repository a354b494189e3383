package io.influxupgrade.commands.shard;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs {@code task(0) .. task(n-1)} on worker threads that take the next index from a shared counter (no task object
 * or future per shard: warm, a shard costs microseconds, so hand-offs would dominate).
 * <p>
 * It starts one worker per core, which is fastest while the page cache holds the tree: more threads would only take
 * turns on the same cores, and on a first run they crowd out the JIT compiler. Workers report how long their reads
 * took ({@link #timed}); once reads are seen waiting for the disk, the pool starts the rest of its workers, up to
 * {@code max}, because with a cold cache many outstanding reads beat few.
 */
final class ScanPool {

    /** A read that took longer than this went to the disk (a page-cache hit takes a few microseconds). */
    static final long SLOW_NANOS = 100_000;
    /**
     * Grow once this many reads were slow and they are more than one in {@link #SLOW_SHARE} of all: a few slow reads
     * also happen warm (class loading and the interpreter on a first run, a garbage collection, a busy machine).
     */
    static final int MIN_SLOW = 64;
    static final int SLOW_SHARE = 8;

    /** One unit of work; exceptions stop the pool and are rethrown by {@link #run}. */
    @FunctionalInterface
    interface Task {
        void run(int index);
    }

    private final int n;
    private final int initial;
    private final int max;
    private final Task task;
    private final AtomicInteger next = new AtomicInteger();
    private final LongAdder reads = new LongAdder();
    private final AtomicInteger slow = new AtomicInteger();
    private final AtomicBoolean grown = new AtomicBoolean();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final List<Thread> workers = new CopyOnWriteArrayList<>();

    /** {@code initial} workers at first, at most {@code max}; both are clamped to 1..n. */
    ScanPool(int n, int initial, int max, Task task) {
        this.n = n;
        this.max = Math.max(1, Math.min(max, n));
        this.initial = Math.max(1, Math.min(initial, this.max));
        this.task = task;
    }

    /** One worker per available core, at most {@code max}. */
    static int perCore() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** Reports a read that began at {@code startNanos} ({@link System#nanoTime()}) and has just returned. */
    void timed(long startNanos) {
        long took = System.nanoTime() - startNanos;
        reads.increment();
        if (took > SLOW_NANOS && !grown.get()) {
            long slowReads = slow.incrementAndGet();
            long all = reads.sum();
            if (slowReads >= MIN_SLOW && slowReads * SLOW_SHARE > all && grown.compareAndSet(false, true)) {
                start(max - workers.size());
            }
        }
    }

    /** Whether the pool has started its extra workers. */
    boolean grown() {
        return grown.get();
    }

    /** Workers started so far. */
    int workers() {
        return workers.size();
    }

    /**
     * Runs every task and returns when all workers have stopped. With one worker at most, the tasks run on the
     * caller's thread. A task's exception stops the others and is rethrown; an interrupt stops them too.
     */
    void run() {
        if (max <= 1) {
            for (int i = 0; i < n; i++) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new Interrupted();
                }
                task.run(i);
            }
            return;
        }
        start(initial);
        try {
            // workers started later by a worker are in the list before that worker ends, so this sees them all
            for (int i = 0; i < workers.size(); i++) {
                workers.get(i).join();
            }
        } catch (InterruptedException e) {
            cancelled.set(true);
            workers.forEach(Thread::interrupt);
            Thread.currentThread().interrupt();
            throw new Interrupted();
        }
        Throwable f = failure.get();
        if (f instanceof RuntimeException re) {
            throw re;
        }
        if (f instanceof Error err) {
            throw err;
        }
        if (f != null) {
            throw new IllegalStateException(f);
        }
    }

    /** Thrown by {@link #run} when the calling thread was interrupted. */
    static final class Interrupted extends RuntimeException {
        Interrupted() {
            super("interrupted", null, false, false);
        }
    }

    private void start(int count) {
        for (int t = 0; t < count && !cancelled.get(); t++) {
            Thread w = new Thread(this::work, "shard-scan");
            w.setDaemon(true);
            try {
                w.start();
            } catch (OutOfMemoryError e) {
                if (workers.isEmpty()) {
                    throw e;
                }
                return; // no more threads to be had: the running workers finish the job
            }
            workers.add(w);
        }
    }

    private void work() {
        try {
            for (int i; !cancelled.get() && (i = next.getAndIncrement()) < n; ) {
                task.run(i);
            }
        } catch (Throwable e) {
            failure.compareAndSet(null, e);
            cancelled.set(true);
        }
    }
}
