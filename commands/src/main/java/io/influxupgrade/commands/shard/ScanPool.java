package io.influxupgrade.commands.shard;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs {@code task(0) .. task(n-1)} on worker threads that take the next index from a shared counter (no task object
 * or future per shard: warm, a shard costs microseconds, so hand-offs would dominate).
 * <p>
 * It starts one worker per core, which is fastest while the page cache holds the tree: more threads would only take
 * turns on the same cores, and on a first run they crowd out the JIT compiler. Workers report how long their reads
 * took ({@link #timed}); once reads are seen waiting for the disk, the pool starts the rest of its workers, up to
 * {@code max}, because with a cold cache many outstanding reads beat few.
 * <p>
 * The inventory opens TSM files without a stat first (a stat per file would cost more than the open). Opening a
 * named pipe blocks until a writer comes, so the thread that waits for the workers also watches them: a file that a
 * worker has been opening for a whole {@link #WATCH_MILLIS} period goes to the {@link Watcher}, which tries to
 * unblock it. A worker still stuck on a file that is not a regular one {@link #GIVE_UP_PERIODS} periods later is
 * abandoned: the pool stops waiting for it and its task has no result.
 */
final class ScanPool {

    /**
     * A read that took longer than this went to the disk. Measured on 2 cores, 20,000 timed reads per run: warm, all
     * but 5-40 of them under 60 µs, even on a first run in a JVM; cold, all but ~100 over 50 µs (60-100 µs with two
     * workers, mostly 0.3-1 ms once there are 32).
     */
    static final long SLOW_NANOS = 50_000;
    /**
     * Grow when this many of the reads in one window of {@link #WINDOW} were slow. Warm, slow reads come one or two at
     * a time (class loading on a first run, a garbage collection, a busy machine); cold, nearly all are slow. A window
     * rather than a share of all reads, so that a cold part after a warm start grows the pool as quickly.
     */
    static final int WINDOW_SLOW = 32;
    static final int WINDOW = 256;
    /** How often the waiting thread looks at what the workers are opening. */
    static final long WATCH_MILLIS = 250;
    /** Periods after the watcher's attempt before a worker stuck on a special file is abandoned. */
    static final int GIVE_UP_PERIODS = 2;

    /** One unit of work, run by {@code worker}; exceptions stop the pool and are rethrown by {@link #run}. */
    @FunctionalInterface
    interface Task {
        void run(int index, Worker worker);
    }

    /** Told about a file that one worker has been opening for at least a whole watch period. */
    @FunctionalInterface
    interface Watcher {
        /** Tries to make the open return; true when the file is not a regular one (so it may block for good). */
        boolean stuck(Path file);
    }

    /** One worker's state: the file it is opening right now, null when none (set around each open). */
    static final class Worker {
        volatile Path opening;
        /** What the watching thread saw at its last look, and for how many looks (only that thread uses them). */
        private Path seen;
        private int periods;
        private boolean special;
        private volatile boolean abandoned;
        private final Thread thread;

        private Worker(Thread thread) {
            this.thread = thread;
        }
    }

    private final int n;
    private final int initial;
    private final int max;
    private final Task task;
    private final Watcher watcher;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicInteger slow = new AtomicInteger();
    private final AtomicBoolean grown = new AtomicBoolean();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final List<Worker> workers = new CopyOnWriteArrayList<>();

    /**
     * {@code initial} workers at first, at most {@code max}; both are clamped to 1..n. With a {@code watcher} (may be
     * null) the tasks always run on worker threads, so that someone is left to watch them.
     */
    ScanPool(int n, int initial, int max, Task task, Watcher watcher) {
        this.n = n;
        this.max = Math.max(1, Math.min(max, n));
        this.initial = Math.max(1, Math.min(initial, this.max));
        this.task = task;
        this.watcher = watcher;
    }

    /** One worker per available core. */
    static int perCore() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** Reports a read that began at {@code startNanos} ({@link System#nanoTime()}) and has just returned. */
    void timed(long startNanos) {
        if (grown.get()) {
            return;
        }
        long took = System.nanoTime() - startNanos;
        if (took > SLOW_NANOS && slow.incrementAndGet() >= WINDOW_SLOW && grown.compareAndSet(false, true)) {
            startUpTo(max);
        }
        if ((reads.incrementAndGet() & (WINDOW - 1)) == 0) {
            slow.set(0); // a new window (an increment racing with this may be lost: it does not matter)
        }
    }

    /** Whether the pool has started its extra workers. */
    boolean grown() {
        return grown.get();
    }

    /** Whether the pool has stopped handing out tasks (a task failed, the caller was interrupted, or it is done). */
    boolean cancelled() {
        return cancelled.get();
    }

    /** Workers started so far. */
    int workers() {
        return workers.size();
    }

    /**
     * Runs every task and returns when all workers have stopped. With one worker at most and no watcher, the tasks
     * run on the caller's thread. A task's exception stops the others and is rethrown; an interrupt stops them too.
     */
    void run() {
        if (max <= 1 && watcher == null) {
            Worker self = new Worker(Thread.currentThread());
            for (int i = 0; i < n; i++) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new Interrupted();
                }
                task.run(i, self);
            }
            return;
        }
        startUpTo(initial);
        try {
            // workers started later by a worker are in the list before that worker ends, so this sees them all
            for (int i = 0; i < workers.size(); i++) {
                Worker w = workers.get(i);
                while (w.thread.isAlive() && !w.abandoned) {
                    w.thread.join(WATCH_MILLIS);
                    watch();
                }
            }
        } catch (InterruptedException e) {
            cancelled.set(true);
            workers.forEach(w -> w.thread.interrupt());
            Thread.currentThread().interrupt();
            throw new Interrupted();
        } finally {
            cancelled.set(true); // an abandoned worker that comes back later takes no more tasks
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

    /** A worker still opening the same file as at the last look has been at it for a whole period. */
    private void watch() {
        if (watcher == null) {
            return;
        }
        for (Worker w : workers) {
            Path now = w.opening;
            if (now == null || now != w.seen) {
                w.seen = now;
                w.periods = 0;
                continue;
            }
            w.periods++;
            if (w.periods == 1) {
                w.special = watcher.stuck(now);
            } else if (w.special && w.periods > GIVE_UP_PERIODS) {
                w.abandoned = true;
            }
        }
    }

    /**
     * Starts workers until there are {@code total}. Locked because a worker that sees slow reads can grow the pool
     * while {@link #run} is still starting the first ones: counting the list outside one lock started too many.
     */
    private synchronized void startUpTo(int total) {
        while (workers.size() < total && !cancelled.get()) {
            Worker[] self = new Worker[1];
            Thread thread = new Thread(() -> work(self[0]), "shard-scan");
            thread.setDaemon(true);
            self[0] = new Worker(thread);
            workers.add(self[0]);
            try {
                thread.start();
            } catch (OutOfMemoryError e) {
                workers.remove(self[0]);
                if (workers.isEmpty()) {
                    throw e;
                }
                return; // no more threads to be had: the running workers finish the job
            }
        }
    }

    private void work(Worker self) {
        try {
            for (int i; !cancelled.get() && (i = next.getAndIncrement()) < n; ) {
                task.run(i, self);
            }
        } catch (Throwable e) {
            failure.compareAndSet(null, e);
            cancelled.set(true);
        }
    }
}
