package org.iomodels.crawl;

import java.io.EOFException;
import java.io.IOException;
import java.io.Serial;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.iomodels.process.ChildProcess;
import org.iomodels.process.Connection;

/**
 * One shard of a {@link ShardedCrawler}: a daemon child JVM that crawls the hosts the parent gives
 * it, in the crawl's mode (a hub of greenlets by default), with its share of the concurrency. It
 * fetches what the parent admits, sends back what its crawl's listener hears and the links it
 * finds, and ends when the parent says every URL is done. A parent gone, even by SIGKILL, ends it.
 */
final class CrawlShard extends ChildProcess {
    @Serial
    private static final long serialVersionUID = 1L;

    private final CrawlOptions options;
    private final Connection control;

    CrawlShard(int index, CrawlOptions options, Connection control) {
        this.options = options;
        this.control = control;
        name("crawl-shard-" + index);
        daemon(true);
    }

    @Override
    public void run() throws Exception {
        sun.misc.Signal.handle(new sun.misc.Signal("INT"), sun.misc.SignalHandler.SIG_IGN); // Ctrl-C: the parent ends us
        warmUp();
        Link link = new Link(control);
        System.setErr(new java.io.PrintStream(new Lines(link::note), true, java.nio.charset.StandardCharsets.UTF_8)); // whole lines, through the parent
        CrawlSummary s = Crawler.crawlShard(options, link, link);
        link.sendNow(new ShardMessage.Summary(s.retries(), s.maxInFlight(), s.maxInFlightPerHost()));
    }

    /**
     * A crawl of two pages from a server of its own, before the shard says ready: a fresh JVM's
     * first fetch links the native calls and loads the client, 100-300 ms in which the hub is held
     * (and, on 2 cores shared with the parent and the other shards, said so on stderr). Its time is
     * in the parent's "ready in", not in the crawl's.
     */
    private void warmUp() throws Exception {
        try (java.net.ServerSocket site = new java.net.ServerSocket(0, 4, java.net.InetAddress.getLoopbackAddress())) {
            Thread server = Thread.ofVirtual().start(() -> {
                for (String body : List.of("<a href=\"/a\">a</a>", "")) {
                    try (java.net.Socket s = site.accept()) {
                        s.getInputStream().read(new byte[8192]);
                        s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: " + body.length()
                                + "\r\nConnection: close\r\n\r\n" + body).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    } catch (IOException e) {
                        return; // the warm-up's crawl fails, and the real one goes on cold
                    }
                }
            });
            org.iomodels.green.Hub.setMaxBlockingTime(3600);
            Crawler.crawl(List.of(URI.create("http://127.0.0.1:" + site.getLocalPort() + "/")), options.withRobots(false)
                    .withDepth(1, false).withTimeout(java.time.Duration.ofSeconds(5), 0).withDelay(java.time.Duration.ZERO)
                    .withConcurrency(2, 2).withMaxPages(2), new Crawler.Listener() {});
            org.iomodels.green.Hub.setMaxBlockingTime(0.1);
            server.join(1000);
        }
    }

    /** What a shard writes on stderr (the hub's blocked-loop warning), a line at a time: the shards' lines do not interleave. */
    private static final class Lines extends java.io.OutputStream {
        private final java.util.function.Consumer<String> sink;
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

        Lines(java.util.function.Consumer<String> sink) {
            this.sink = sink;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                sink.accept(line.toString(java.nio.charset.StandardCharsets.UTF_8));
                line.reset();
            } else {
                line.write(b);
            }
        }
    }

    /** The shard's side of the pipe: its crawl's {@link Upstream} and {@link Crawler.Listener}. */
    private static final class Link implements Upstream, Crawler.Listener {
        private final Connection c;
        private final ConcurrentLinkedQueue<ShardMessage.Admit> admitted = new ConcurrentLinkedQueue<>();
        /** What goes to the parent, in order, sent by a thread of its own: the hub never blocks on the pipe. */
        private final LinkedBlockingQueue<ShardMessage> out = new LinkedBlockingQueue<>();
        private final Thread sender;
        /** Links already sent up: the coordinator's alone. */
        private final Set<URI> forwarded = new HashSet<>();
        private volatile Runnable wake;
        private volatile boolean over;

        Link(Connection c) {
            this.c = c;
            Thread.ofPlatform().daemon().name("crawl-shard-receiver").start(this::receive);
            sender = Thread.ofPlatform().daemon().name("crawl-shard-sender").start(this::send);
        }

        private void receive() {
            try {
                while (true) {
                    for (ShardMessage m : ShardWire.decode(c.recvBytes())) {
                        if (m instanceof ShardMessage.Admit a) {
                            admitted.add(a);
                        } else if (m instanceof ShardMessage.Stop) {
                            over = true;
                        }
                    }
                    Runnable w = wake;
                    if (w != null) {
                        w.run();
                    }
                }
            } catch (EOFException parentGone) {
                // a daemon child: ChildMain's watch ends the process
            } catch (Throwable e) { // a frame it cannot read: end, so the parent sees it and starts another
                halt("crawl shard: cannot read from the parent: " + e);
            }
        }

        private void send() {
            try {
                List<ShardMessage> batch = new ArrayList<>();
                while (true) {
                    batch.add(out.take());
                    out.drainTo(batch, ShardProcess.BATCH - 1); // what queued while the last batch went: one write
                    c.sendBytes(ShardWire.encode(batch));
                    if (batch.stream().anyMatch(m -> m instanceof ShardMessage.Summary)) {
                        return;
                    }
                    batch.clear();
                }
            } catch (InterruptedException | IOException e) {
                // the parent is gone: the process ends with it
            } catch (Throwable e) { // what it cannot send: end, so the parent sees it and starts another, never waits
                halt("crawl shard: cannot send to the parent: " + e);
            }
        }

        /** Sends {@code last} after everything before it, and waits until it went. */
        private static void halt(String why) {
            System.out.println(why); // stderr goes up the pipe that failed
            Runtime.getRuntime().halt(1);
        }

        void sendNow(ShardMessage.Summary last) throws InterruptedException {
            out.add(last);
            sender.join();
        }

        @Override
        public void wakeWith(Runnable w) {
            wake = w;
            out.add(new ShardMessage.Ready());
        }

        @Override
        public List<ShardMessage.Admit> admitted() {
            List<ShardMessage.Admit> got = new ArrayList<>();
            for (ShardMessage.Admit a; (a = admitted.poll()) != null; ) {
                got.add(a);
            }
            return got;
        }

        @Override
        public void follow(URI url, int depth, List<URI> redirectedFrom) {
            if (forwarded.add(url)) { // the parent admits a URL once: a second link to it would only cost the pipe
                out.add(new ShardMessage.Follow(url, depth, redirectedFrom));
            }
        }

        @Override
        public boolean over() {
            return over && admitted.isEmpty();
        }

        @Override
        public void started(URI url, int attempt) {
            out.add(new ShardMessage.Started(url, attempt));
        }

        @Override
        public void page(PageResult result) {
            out.add(new ShardMessage.Page(result));
        }

        @Override
        public void note(String line) {
            out.add(new ShardMessage.Note(line));
        }

        @Override
        public void skipped(URI url) {
            out.add(new ShardMessage.Skipped(url));
        }
    }
}
