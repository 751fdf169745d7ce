package org.iomodels.explain;

import java.util.Locale;
import org.iomodels.server.IoModel;

/**
 * The paragraph under a model's figure: who waited, who copied, what the message cost, and the
 * seeds' claim about the model, with this run's numbers in it.
 */
final class Claims {
    private Claims() {}

    static String text(Exchange.Traced t, double calls, double wait, double copy, double wakeUps, double eagain, String whoWaits,
                       String whoCopies) {
        String head = String.format(Locale.ROOT, "%s: %s waited; the data was in the process %s after the client sent it. "
                        + "%s copied (%s in copying calls). Each message cost %s syscalls and %s. ",
                t.model().cliName(), whoWaits.isEmpty() ? "no thread" : whoWaits, micros(wait), whoCopies.isEmpty() ? "nobody" : whoCopies,
                micros(copy), number(calls), Double.isNaN(wakeUps) ? "an uncounted number of thread wake-ups (under strace each call"
                        + " stops the thread: those are switches too)" : number(wakeUps) + " thread wake-ups");
        if (t.source().equals("strace")) {
            head += "These are the calls the kernel saw from the JDK's own code (strace -f; its stops are in the times). ";
        }
        return head + claim(t, eagain);
    }

    private static String claim(Exchange.Traced t, double eagain) {
        return switch (t.model()) {
            case BLOCKING, JDK_BLOCKING -> "Blocking I/O: the connection's own thread sleeps inside read through phase 1 and wakes"
                    + " when phase 2 is done, both phases in one call and no readiness call at all; the price is a thread (and its"
                    + " stack) per connection, which the seeds' \"if the number of connections is not high\" is about.";
            case VIRTUAL -> "Blocking-style code on a virtual thread: the read parks it, the JDK's poller thread waits in epoll"
                    + " for every parked socket, and a carrier thread runs the read that copies; two threads wake per message.";
            case NONBLOCKING -> String.format(Locale.ROOT, "Non-blocking polling wastes calls: %s reads found nothing (EAGAIN) per"
                    + " message, and the thread tried accept between them; it learns of the data only on its next try, backing off"
                    + " when idle, so it either burns CPU or answers late.", number(eagain));
            case SELECT, POLL -> String.format(Locale.ROOT, "%s hands the kernel the whole watched set on every call and scans"
                    + " it on return: here %s descriptors (the listener, the connection, the loop's wake-up), so the cost is small,"
                    + " but it grows with the set (bench --scenario idle measures it with 1,500 idle connections)%s.",
                    t.model().cliName(), watched(t), t.model() == IoModel.SELECT ? "; and select cannot watch a descriptor of 1024 or more" : "");
            case EPOLL, JDK_NIO -> "epoll keeps the watched set in the kernel (epoll_ctl once per connection) and returns only the"
                    + " ready descriptors, so its cost does not grow with the connections that are idle; then the loop's read copies,"
                    + " as in every readiness model." + (t.model() == IoModel.JDK_NIO ? " The JDK's Selector is epoll inside." : "");
            case GREEN -> "Greenlets: the handler is written blocking-style, its read parks the greenlet, and the hub's epoll waits"
                    + " for every parked one; the syscalls are epoll's, the code reads like blocking I/O, on one thread.";
            case SIGIO -> "Signal-driven I/O is a notification, not a copy: the kernel queued a real-time signal naming the"
                    + " descriptor (rt_sigtimedwait collected it, poll checked it), and the read still copied the bytes: phase 2"
                    + " is the process's, as in every readiness model.";
            case IO_URING -> "Asynchronous I/O completes both phases in the kernel: there is no read or write call; the thread"
                    + " only entered io_uring to submit and to reap, and the receive's completion says the kernel had already"
                    + " copied the bytes into a buffer of ours when the thread woke.";
            case JDK_NIO2 -> "AsynchronousSocketChannel is the asynchronous API, but on Linux the JDK emulates it: a thread of its"
                    + " own waits in epoll and makes the read, then runs the completion handler; a readiness model inside.";
        };
    }

    /** The distinct fds of the steps of a readiness model's exchange (what select or poll had to be given). */
    private static String watched(Exchange.Traced t) {
        return Long.toString(t.steps().stream().filter(s -> s.fd() >= 0).map(Step::fd).distinct().count());
    }

    static String micros(double us) {
        if (Double.isNaN(us)) {
            return "(not seen)";
        }
        return us >= 1000 ? String.format(Locale.ROOT, "%.2f ms", us / 1000) : String.format(Locale.ROOT, "%.1f µs", us);
    }

    static String number(double x) {
        return x == Math.rint(x) ? Long.toString((long) x) : String.format(Locale.ROOT, "%.1f", x);
    }
}
