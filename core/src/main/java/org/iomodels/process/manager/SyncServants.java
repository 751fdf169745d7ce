package org.iomodels.process.manager;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The manager's locks and semaphores (Python's {@code threading} objects a {@code SyncManager}
 * serves; the event, condition and barrier are in {@link SignalServants}). Waits go through {@link Session#await}, so a client
 * gone while it waits takes nothing; a lock held by a session is let go when the session ends.
 * {@code acquire(block, timeout)} takes a timeout in seconds, negative for none, as everywhere here.
 */
final class SyncServants {
    private SyncServants() {}

    static boolean block(Object[] a) {
        return a.length == 0 || Boolean.TRUE.equals(a[0]);
    }

    static double timeout(Object[] a, int i) {
        return a.length > i ? Servant.seconds(a[i]) : -1;
    }

    /** Python's {@code Lock}: not reentrant, and any caller may release it. Taken and given back under its monitor, with who took it. */
    static final class LockServant implements Servant, Session.Holdable {
        private boolean locked;
        private Session holder;

        @Override
        public String typeId() {
            return Servants.LOCK;
        }

        @Override
        public Object call(String m, Object[] a, Session s) throws Exception {
            switch (m) {
                case "acquire" -> {
                    boolean got = block(a) ? s.await(timeout(a, 1), n -> take(s, n)) : take(s, 0);
                    if (got) {
                        s.holds(this);
                    }
                    return got;
                }
                case "release" -> {
                    synchronized (this) {
                        if (!locked) {
                            throw new IllegalStateException("release of an unlocked lock");
                        }
                        holder.released(this);
                        free();
                    }
                    return null;
                }
                case "locked" -> {
                    synchronized (this) {
                        return locked;
                    }
                }
                default -> throw Servant.noMethod(typeId(), m, a.length);
            }
        }

        private synchronized boolean take(Session s, long nanos) throws InterruptedException {
            if (locked && nanos > 0) {
                TimeUnit.NANOSECONDS.timedWait(this, nanos);
            }
            if (locked) {
                return false;
            }
            locked = true;
            holder = s;
            return true;
        }

        private void free() {
            locked = false;
            holder = null;
            notify();
        }

        @Override
        public synchronized void releaseAll(Session s) {
            if (locked && holder == s) {
                free();
            }
        }
    }

    /** Python's {@code RLock}: held by one client thread (its connection's session), as many times as it acquired it. */
    static final class RLockServant implements Servant, Session.Holdable {
        final ReentrantLock lock = new ReentrantLock();

        @Override
        public String typeId() {
            return Servants.RLOCK;
        }

        @Override
        public Object call(String m, Object[] a, Session s) throws Exception {
            switch (m) {
                case "acquire" -> {
                    boolean got = block(a) ? s.await(timeout(a, 1), n -> lock.tryLock(n, TimeUnit.NANOSECONDS)) : lock.tryLock();
                    if (got) {
                        s.holds(this);
                    }
                    return got;
                }
                case "release" -> {
                    if (!lock.isHeldByCurrentThread()) {
                        throw new IllegalMonitorStateException("release of an RLock this thread does not hold");
                    }
                    lock.unlock();
                    if (!lock.isHeldByCurrentThread()) {
                        s.released(this);
                    }
                    return null;
                }
                default -> throw Servant.noMethod(typeId(), m, a.length);
            }
        }

        @Override
        public void releaseAll(Session s) {
            while (lock.isHeldByCurrentThread()) { // the session's own thread ends it
                lock.unlock();
            }
        }
    }

    /** Python's {@code Semaphore} and {@code BoundedSemaphore} (whose release past its start value is an error). */
    static final class SemaphoreServant implements Servant {
        private final String typeId;
        private final int initial;
        private final Semaphore permits;

        SemaphoreServant(String typeId, int value) {
            if (value < 0) {
                throw new IllegalArgumentException("a semaphore's value is 0 or more, not " + value);
            }
            this.typeId = typeId;
            this.initial = value;
            this.permits = new Semaphore(value);
        }

        @Override
        public String typeId() {
            return typeId;
        }

        @Override
        public Object call(String m, Object[] a, Session s) throws Exception {
            switch (m) {
                case "acquire" -> {
                    return block(a) ? s.await(timeout(a, 1), n -> permits.tryAcquire(n, TimeUnit.NANOSECONDS)) : permits.tryAcquire();
                }
                case "release" -> {
                    synchronized (this) {
                        if (typeId.equals(Servants.BOUNDED_SEMAPHORE) && permits.availablePermits() >= initial) {
                            throw new IllegalStateException("a BoundedSemaphore released more times than it was acquired");
                        }
                        permits.release();
                    }
                    return null;
                }
                case "getValue" -> {
                    return permits.availablePermits();
                }
                default -> throw Servant.noMethod(typeId, m, a.length);
            }
        }
    }
}
