package org.iomodels.process.manager;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The manager's locks, semaphores, event, condition and barrier (Python's {@code threading}
 * objects a {@code SyncManager} serves). Waits go through {@link Session#await}, so a client
 * gone while it waits takes nothing; a lock held by a session is let go when the session ends.
 * {@code acquire(block, timeout)} takes a timeout in seconds, negative for none, as everywhere here.
 */
final class SyncServants {
    private SyncServants() {}

    private static boolean block(Object[] a) {
        return a.length == 0 || Boolean.TRUE.equals(a[0]);
    }

    private static double timeout(Object[] a, int i) {
        return a.length > i ? Servant.seconds(a[i]) : -1;
    }

    /** Python's {@code Lock}: not reentrant, and any caller may release it. */
    static final class LockServant implements Servant, Session.Holdable {
        private final Semaphore permit = new Semaphore(1);
        private volatile Session holder;

        @Override
        public String typeId() {
            return Servants.LOCK;
        }

        @Override
        public Object call(String m, Object[] a, Session s) throws Exception {
            switch (m) {
                case "acquire" -> {
                    boolean got = block(a) ? s.await(timeout(a, 1), n -> permit.tryAcquire(n, TimeUnit.NANOSECONDS)) : permit.tryAcquire();
                    if (got) {
                        holder = s;
                        s.holds(this);
                    }
                    return got;
                }
                case "release" -> {
                    synchronized (this) {
                        if (permit.availablePermits() > 0) {
                            throw new IllegalStateException("release of an unlocked lock");
                        }
                        if (holder != null) {
                            holder.released(this);
                        }
                        holder = null;
                        permit.release();
                    }
                    return null;
                }
                case "locked" -> {
                    return permit.availablePermits() == 0;
                }
                default -> throw Servant.noMethod(typeId(), m, a.length);
            }
        }

        @Override
        public synchronized void releaseAll(Session s) {
            if (holder == s) {
                holder = null;
                permit.release();
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

    /** Python's {@code Event}. */
    static final class EventServant implements Servant {
        private boolean flag;

        @Override
        public String typeId() {
            return Servants.EVENT;
        }

        @Override
        public Object call(String m, Object[] a, Session s) throws Exception {
            switch (m) {
                case "set" -> {
                    synchronized (this) {
                        flag = true;
                        notifyAll();
                    }
                    return null;
                }
                case "clear" -> {
                    synchronized (this) {
                        flag = false;
                    }
                    return null;
                }
                case "isSet" -> {
                    synchronized (this) {
                        return flag;
                    }
                }
                case "wait" -> {
                    return s.await(timeout(a, 0), n -> {
                        synchronized (this) {
                            if (!flag && n > 0) {
                                TimeUnit.NANOSECONDS.timedWait(this, n);
                            }
                            return flag;
                        }
                    });
                }
                default -> throw Servant.noMethod(typeId(), m, a.length);
            }
        }
    }

    /** Python's {@code Condition}: on an RLock of its own, or on the manager's RLock it was given. */
    static final class ConditionServant implements Servant, Session.Holdable {
        private final ReentrantLock lock;
        private final java.util.concurrent.locks.Condition cond;

        ConditionServant(Servant on) {
            if (on != null && !(on instanceof RLockServant)) {
                throw new IllegalArgumentException("a manager's condition is built on one of its rLocks, not on a " + on.typeId());
            }
            this.lock = on == null ? new ReentrantLock() : ((RLockServant) on).lock;
            this.cond = lock.newCondition();
        }

        @Override
        public String typeId() {
            return Servants.CONDITION;
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
                        throw new IllegalMonitorStateException("release of a condition's lock this thread does not hold");
                    }
                    lock.unlock();
                    return null;
                }
                case "wait" -> {
                    held("wait on");
                    // Woken before its slice ended: notified. The lock is held between slices, so no notify falls between them.
                    return s.await(timeout(a, 0), n -> n > 0 && cond.awaitNanos(n) > 0);
                }
                case "notify" -> {
                    held("notify");
                    int k = a.length > 0 ? (Integer) a[0] : 1;
                    for (int i = 0; i < k; i++) {
                        cond.signal();
                    }
                    return null;
                }
                case "notifyAll" -> {
                    held("notify");
                    cond.signalAll();
                    return null;
                }
                default -> throw Servant.noMethod(typeId(), m, a.length);
            }
        }

        private void held(String what) {
            if (!lock.isHeldByCurrentThread()) {
                throw new IllegalMonitorStateException("cannot " + what + " a condition whose lock this thread does not hold");
            }
        }

        @Override
        public void releaseAll(Session s) {
            while (lock.isHeldByCurrentThread()) {
                lock.unlock();
            }
        }
    }

    /** Python's {@code Barrier}: {@code wait} returns the arrival index; a timeout or {@code abort} breaks it until {@code reset}. */
    static final class BarrierServant implements Servant {
        private final CyclicBarrier barrier;
        private volatile boolean aborted;

        BarrierServant(int parties) {
            if (parties < 1) {
                throw new IllegalArgumentException("a barrier's parties are 1 or more, not " + parties);
            }
            this.barrier = new CyclicBarrier(parties);
        }

        @Override
        public String typeId() {
            return Servants.BARRIER;
        }

        @Override
        public Object call(String m, Object[] a, Session s) throws Exception {
            switch (m) {
                case "wait" -> {
                    if (aborted) {
                        throw new BrokenBarrierException("the barrier was aborted (reset it to use it again)");
                    }
                    double t = timeout(a, 0);
                    try {
                        return t < 0 ? barrier.await() : barrier.await((long) (t * 1e9), TimeUnit.NANOSECONDS);
                    } catch (TimeoutException e) {
                        throw new BrokenBarrierException("the barrier's wait timed out after " + t + " s: it is broken");
                    }
                }
                case "abort" -> {
                    aborted = true;
                    barrier.reset();
                    return null;
                }
                case "reset" -> {
                    aborted = false;
                    barrier.reset();
                    return null;
                }
                case "parties" -> {
                    return barrier.getParties();
                }
                case "nWaiting" -> {
                    return barrier.getNumberWaiting();
                }
                case "broken" -> {
                    return aborted || barrier.isBroken();
                }
                default -> throw Servant.noMethod(typeId(), m, a.length);
            }
        }
    }
}
