package org.iomodels.process.manager;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/** The manager's event, condition and barrier: waits through {@link Session#await}, as the locks' (see {@link SyncServants}). */
final class SignalServants {
    private SignalServants() {}

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
                    return s.await(SyncServants.timeout(a, 0), n -> {
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
            if (on != null && !(on instanceof SyncServants.RLockServant)) {
                throw new IllegalArgumentException("a manager's condition is built on one of its rLocks, not on a " + on.typeId());
            }
            this.lock = on == null ? new ReentrantLock() : ((SyncServants.RLockServant) on).lock;
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
                    boolean got = SyncServants.block(a) ? s.await(SyncServants.timeout(a, 1), n -> lock.tryLock(n, TimeUnit.NANOSECONDS)) : lock.tryLock();
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
                    return s.await(SyncServants.timeout(a, 0), n -> n > 0 && cond.awaitNanos(n) > 0);
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
                    double t = SyncServants.timeout(a, 0);
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
