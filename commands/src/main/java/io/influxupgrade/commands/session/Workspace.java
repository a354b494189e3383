package io.influxupgrade.commands.session;

import io.influxupgrade.commands.StepResult;
import io.influxupgrade.commands.UpgradeException;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

/**
 * The per-process context every command receives: the home directory, the session store, the clock and
 * the one open session (locked while open). Never a static: tests make as many as they like.
 */
public final class Workspace implements AutoCloseable {

    private final SessionStore store;
    private final Clock clock;
    private UpgradeSession session;
    private SessionLock lock;
    private String pending;

    public Workspace(Path home, Clock clock) {
        this.store = new SessionStore(home);
        this.clock = clock;
    }

    public SessionStore store() {
        return store;
    }

    public Clock clock() {
        return clock;
    }

    public Instant now() {
        return clock.instant();
    }

    public Path home() {
        return store.home();
    }

    /** The open session, or a NOT_READY error that says how to get one. */
    public UpgradeSession session() {
        if (session == null && pending != null) {
            String name = pending;
            pending = null;
            open(name);
        }
        if (session == null) {
            throw UpgradeException.notReady("no session is open (run 'session new NAME --from VERSION' or 'session open NAME')");
        }
        return session;
    }

    public boolean hasSession() {
        if (session == null && pending != null) {
            try {
                session();
            } catch (UpgradeException e) {
                return false;
            }
        }
        return session != null;
    }

    /** Opens {@code name} on first use, so that commands that need no session never lock one. */
    public void openLazily(String name) {
        this.pending = name;
    }

    /** The open session's folder (journal, backups, baselines, reports live there). */
    public Path sessionDir() {
        return store.dir(session().getName());
    }

    public Journal journal() {
        return new Journal(sessionDir());
    }

    /** Where backups go: the session's backup root, else {@code <session>/backups}. */
    public Path backupRoot() {
        UpgradeSession s = session();
        return s.getBackupRoot() != null ? Path.of(s.getBackupRoot()) : sessionDir().resolve("backups");
    }

    /** Opens (and locks) a session, closing the current one first. */
    public UpgradeSession open(String name) {
        SessionStore.checkName(name);
        if (session != null && session.getName().equals(name)) {
            return session;
        }
        UpgradeSession loaded = store.load(name);
        SessionLock newLock = SessionLock.acquire(store.dir(name), name);
        closeSession();
        this.session = loaded;
        this.lock = newLock;
        store.setCurrent(name);
        return loaded;
    }

    /** Makes a freshly created session the open one (the caller has saved it). */
    public void adopt(UpgradeSession created) {
        SessionLock newLock = SessionLock.acquire(store.dir(created.getName()), created.getName());
        closeSession();
        this.session = created;
        this.lock = newLock;
        store.setCurrent(created.getName());
    }

    /** Reopens the last used session, if there is one; errors other than a lock are reported to the caller. */
    public UpgradeSession reopenLast() {
        String name = store.current();
        return name == null ? null : open(name);
    }

    /**
     * Records that {@code result}'s step is done (when it names one), by the command line {@code by} (secrets
     * redacted). The caller saves the session; a command that failed must not call this.
     */
    public void completeStep(StepResult<?> result, String by) {
        if (result != null && result.completedStep() != null) {
            session().markStep(new UpgradeSession.StepRecord(result.completedStep(), now(), Redactor.redact(by), null));
            // the file the new binary will start with: 'check' judges it instead of the old config from now on
            if (result.result() instanceof io.influxupgrade.commands.config.ConfigMigration m && session().getConfigFile() != null
                    && Path.of(m.oldFile()).toAbsolutePath().normalize().equals(Path.of(session().getConfigFile()).toAbsolutePath().normalize())) {
                session().setMigratedConfig(Path.of(m.outFile()).toAbsolutePath().toString());
            }
        }
    }

    /** Saves the open session atomically. */
    public void save() {
        store.save(session());
    }

    /** Closes the open session (keeps it on disk) and forgets it as "current". */
    public void closeAndForget() {
        closeSession();
        store.setCurrent(null);
    }

    private void closeSession() {
        pending = null;
        if (lock != null) {
            lock.close();
        }
        lock = null;
        session = null;
    }

    @Override
    public void close() {
        closeSession();
    }
}
