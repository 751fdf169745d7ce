package org.iomodels.process.manager;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The manager's event and condition (the barrier is {@link BarrierServant}): waits through
 * {@link Session#await}, as the locks' (see {@link SyncServants}), so a client gone while it waits
 * is noticed within a slice.
 */
final class SignalServants {
    private SignalServants() {}

    /** Python's {@code Event}. A {@code set} then {@code clear} still wakes who was waiting, as Python's does. */
    static final class EventServant implements Servant {
        private boolean flag;
        private long sets; // a waiter that saw another set happen returns true even if the flag is clear again

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
                        sets++;
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
                    long seen;
                    synchronized (this) {
                        if (flag) {
                            return true;
                        }
                        seen = sets;
                    }
                    return s.await(SyncServants.timeout(a, 0), n -> {
                        synchronized (this) {
                            if (!flag && sets == seen && n > 0) {
                                TimeUnit.NANOSECONDS.timedWait(this, n);
                            }
                            return flag || sets != seen;
                        }
                    });
                }
                default -> throw Servant.noMethod(typeId(), m, a.length);
            }
        }
    }

    /**
     * Python's {@code Condition}: on an RLock of its own, or on the manager's RLock it was given.
     * Each waiter has its own flag, set by the notify that picks it, so a waiter notified while it
     * was waiting for the lock back at the end of a slice is still notified.
     */
    static final class ConditionServant implements Servant, Session.Holdable {
        private final ReentrantLock lock;
        private final java.util.concurrent.locks.Condition cond;
        private final ArrayDeque<boolean[]> waiters = new ArrayDeque<>(); // under the lock, oldest first

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
                    boolean got = SyncServants.block(a) ? s.await(SyncServants.timeout(a, 1), n -> lock.tryLock(n, TimeUnit.NANOSECONDS))
                            : lock.tryLock();
                    if (got) {
                        s.holds(this);
                    }
                    return got;
                }
                case "release" -> {
                    held("release");
                    lock.unlock();
                    return null;
                }
                case "wait" -> {
                    held("wait on");
                    boolean[] notified = {false};
                    waiters.add(notified);
                    try {
                        return s.await(SyncServants.timeout(a, 0), n -> {
                            if (!notified[0] && n > 0) {
                                cond.awaitNanos(n); // the lock let go meanwhile, held again on return
                            }
                            return notified[0];
                        });
                    } finally {
                        if (!notified[0]) {
                            waiters.remove(notified);
                        }
                    }
                }
                case "notify" -> {
                    held("notify");
                    int k = a.length > 0 ? (Integer) a[0] : 1;
                    for (int i = 0; i < k && !waiters.isEmpty(); i++) {
                        waiters.poll()[0] = true;
                    }
                    cond.signalAll(); // each looks at its own flag
                    return null;
                }
                case "notifyAll" -> {
                    held("notify");
                    while (!waiters.isEmpty()) {
                        waiters.poll()[0] = true;
                    }
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
}
