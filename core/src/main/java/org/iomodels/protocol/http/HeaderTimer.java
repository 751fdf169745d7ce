package org.iomodels.protocol.http;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One thread that enforces every connection's deadline: a request not received in time is
 * answered 408 and closed; a kept-alive connection idle that long is closed quietly. It scans
 * the connections a few times per timeout rather than keeping a timer per connection: a scan
 * of 10,000 deadlines costs microseconds, a timer per request would cost a heap operation each.
 *
 * <p>Who answers is decided by one compare-and-set on the connection's deadline, so the loop
 * thread and this one never both write: {@link HttpConnection} takes the deadline away while it
 * handles data, and this thread fires only a deadline it finds still set and past.
 */
final class HeaderTimer implements AutoCloseable {
    private final Set<HttpConnection> connections = ConcurrentHashMap.newKeySet();
    private final long tickNanos;
    private final Thread thread;
    private volatile boolean running = true;

    HeaderTimer(long timeoutNanos) {
        this.tickNanos = Math.clamp(timeoutNanos / 10, TimeUnit.MILLISECONDS.toNanos(10), TimeUnit.MILLISECONDS.toNanos(250));
        this.thread = Thread.ofPlatform().daemon().name("http-header-timer").unstarted(this::run);
        thread.start();
    }

    void add(HttpConnection c) {
        connections.add(c);
    }

    void remove(HttpConnection c) {
        connections.remove(c);
    }

    private void run() {
        while (running) {
            LockSupport.parkNanos(tickNanos);
            long now = System.nanoTime();
            for (HttpConnection c : connections) {
                if (c.expireIfDue(now)) {
                    connections.remove(c);
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
