package org.iomodels.crawl;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Seed 003's "multi-process + coroutines" for the crawler: the hosts are sharded across N child
 * JVMs ({@link CrawlShard}), each a hub of greenlets (the crawl's mode) with its share of the
 * concurrency. This parent is the router: it alone admits URLs (each once, within
 * {@code --max-pages}, {@code --same-host} applied), gives each host to one shard (the one with the
 * fewest hosts when it is first seen), so the per-host limit, pacing and robots.txt hold as in one
 * process, and hears every page. The crawl is over when every URL admitted is done: a shard sends
 * the links of a page before the page itself, so the count of URLs outstanding never reaches 0
 * early. A shard that dies is started again with its outstanding URLs (up to {@link #RESTARTS}
 * times; those pages may be fetched twice), and its hosts' robots.txt is fetched again.
 */
public final class ShardedCrawler {
    /** Restarts of one shard before the crawl fails. */
    static final int RESTARTS = 3;
    private static final long READY_SECONDS = 60;
    private static final long SUMMARY_SECONDS = 10;

    private final CrawlOptions o;
    private final Crawler.Listener listener;
    private final List<ShardProcess> shards = new ArrayList<>();
    private final LinkedBlockingQueue<ShardProcess.Event> events = new LinkedBlockingQueue<>();
    private final Set<String> seedHosts = new HashSet<>();
    private final Set<URI> seen = new HashSet<>();
    private final Map<String, ShardProcess> hostShard = new HashMap<>();
    private final PageTally tally = new PageTally();
    private final int[] hostsPerShard;
    private long admitted;
    private long overMaxPages;
    private long outstanding;
    private long skipped;

    private ShardedCrawler(CrawlOptions options, int processes, Crawler.Listener listener) {
        this.o = options.check();
        if (processes < 1 || processes > 256) {
            throw new IllegalArgumentException("--processes " + processes + " is outside 1..256");
        }
        if (o.inFlight() < processes && o.mode() != CrawlOptions.Mode.SEQUENTIAL) {
            throw new IllegalArgumentException("--concurrency " + o.concurrency() + " is less than --processes " + processes
                    + ": each process needs one fetch in flight at least");
        }
        this.listener = listener;
        this.hostsPerShard = new int[processes];
        for (int i = 0; i < processes; i++) {
            int share = o.concurrency() / processes + (i < o.concurrency() % processes ? 1 : 0);
            shards.add(new ShardProcess(i, o.withConcurrency(Math.max(1, share), o.perHost()), events));
        }
    }

    /** Crawls from {@code seeds} as {@link Crawler#crawl} does, its hosts sharded across {@code processes} child JVMs. */
    public static CrawlSummary crawl(List<URI> seeds, CrawlOptions options, int processes, Crawler.Listener listener)
            throws Exception {
        return new ShardedCrawler(options, processes, listener).run(seeds);
    }

    private CrawlSummary run(List<URI> seeds) throws Exception {
        boolean finished = false;
        try {
            long begun = System.nanoTime();
            for (ShardProcess s : shards) {
                s.start();
            }
            awaitReady();
            long t0 = System.nanoTime();
            listener.note(String.format(java.util.Locale.ROOT, "crawl on %d %s, pids %s, ready in %.2f s", shards.size(),
                    shards.size() == 1 ? "process" : "processes", shards.stream().map(s -> s.child.pid()).toList(), (t0 - begun) / 1e9));
            for (URI u : seeds) {
                seedHosts.add(Urls.hostKey(u));
            }
            for (URI u : seeds) {
                admit(u, 0, List.of());
            }
            flush();
            while (outstanding > 0) {
                for (ShardProcess.Event e = events.take(); e != null; e = events.poll()) { // all that came: then one write per shard
                    handle(e);
                }
                flush();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            CrawlSummary summary = summary(seconds, collectSummaries());
            finished = true;
            return summary;
        } finally {
            for (ShardProcess s : shards) { // after a summary each ends by itself; after a failure, at once
                if (s.child != null && s.child.isAlive() && !(finished && s.child.join(1))) {
                    s.child.kill();
                }
                if (s.conn != null) {
                    s.conn.close();
                }
            }
        }
    }

    private void awaitReady() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_SECONDS);
        boolean[] ready = new boolean[shards.size()];
        for (int readies = 0; readies < shards.size(); ) {
            ShardProcess.Event e = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new IOException("the crawl's processes were not ready within " + READY_SECONDS + " s");
            }
            ShardProcess s = shards.get(e.shard());
            if (e.end() != null) {
                s.child.join(2);
                throw new IOException(s.describe(e.end()) + (ready[e.shard()] ? " while the others started" : " before it was ready"), e.end());
            }
            if (e.message() instanceof ShardMessage.Ready) {
                ready[e.shard()] = true;
                readies++;
            } else if (e.message() instanceof ShardMessage.Note n) {
                listener.note(n.line());
            }
        }
    }

    private void handle(ShardProcess.Event e) throws Exception {
        ShardProcess s = shards.get(e.shard());
        if (e.generation() != s.generation) {
            return; // from a shard that died and was replaced
        }
        switch (e.message()) {
            case null -> restart(s, e.end());
            case ShardMessage.Started st -> listener.started(st.url(), st.attempt());
            case ShardMessage.Note n -> listener.note(n.line());
            case ShardMessage.Follow f -> follow(f.url(), f.depth(), f.redirectedFrom());
            case ShardMessage.Page p -> {
                done(s, p.result().url());
                record(p.result());
            }
            case ShardMessage.Skipped k -> {
                done(s, k.url().toString());
                skipped++;
            }
            default -> {} // Ready of a restarted shard, or a summary: nothing to do here
        }
    }

    private void follow(URI url, int depth, List<URI> redirectedFrom) throws IOException {
        if (!o.sameHost() || seedHosts.contains(Urls.hostKey(url))) {
            admit(url, depth, redirectedFrom);
        }
    }

    /** As the Frontier admits in one process: once each, within the page budget; then to the host's shard. */
    private void admit(URI url, int depth, List<URI> redirectedFrom) throws IOException {
        if (seen.contains(url)) {
            return;
        }
        if (admitted >= o.maxPages()) {
            overMaxPages++;
            return;
        }
        seen.add(url);
        admitted++;
        ShardProcess s = hostShard.computeIfAbsent(Urls.hostKey(url), h -> leastLoaded());
        ShardMessage.Admit a = new ShardMessage.Admit(url, depth, redirectedFrom);
        s.outstanding.put(url.toString(), a);
        outstanding++;
        s.pending.add(a);
    }

    private void flush() {
        for (ShardProcess s : shards) {
            s.flush();
        }
    }

    private ShardProcess leastLoaded() {
        int best = 0;
        for (int i = 1; i < hostsPerShard.length; i++) {
            best = hostsPerShard[i] < hostsPerShard[best] ? i : best;
        }
        hostsPerShard[best]++;
        return shards.get(best);
    }

    private void done(ShardProcess s, String url) {
        if (s.outstanding.remove(url) != null) {
            outstanding--;
        }
    }

    private void record(PageResult r) {
        tally.add(r);
        listener.page(r);
    }

    private void restart(ShardProcess s, IOException end) throws Exception {
        if (!s.child.join(2)) { // its exit status, to say how it ended
            s.child.kill(); // alive with its pipe gone (a frame it could not read): never two crawling one host
            s.child.join(5);
        }
        String how = s.describe(end);
        if (s.restarts >= RESTARTS) {
            throw new IOException(how + ", the " + (s.restarts + 1) + "th time: the crawl stops (" + s.outstanding.size()
                    + " of its URLs not done)", end);
        }
        s.restarts++;
        listener.note(how + "; starting another with its " + s.outstanding.size() + " URLs not done (they may be fetched twice)");
        s.conn.close();
        s.start();
        s.pending.clear(); // what was queued for the dead one is among its outstanding
        s.pending.addAll(s.outstanding.values());
    }

    /** Tells every shard the crawl is over and gathers their summaries, each within {@link #SUMMARY_SECONDS}. */
    private List<ShardMessage.Summary> collectSummaries() throws Exception {
        for (ShardProcess s : shards) {
            s.pending.add(new ShardMessage.Stop());
            s.flush();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SUMMARY_SECONDS);
        List<ShardMessage.Summary> got = new ArrayList<>();
        while (got.size() < shards.size()) {
            ShardProcess.Event e = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new IOException("the crawl's processes did not send their summaries within " + SUMMARY_SECONDS + " s");
            }
            ShardProcess s = shards.get(e.shard());
            if (e.generation() != s.generation) {
                continue;
            }
            if (e.message() instanceof ShardMessage.Summary sum) {
                s.summary = sum;
                got.add(sum);
            } else if (e.message() instanceof ShardMessage.Note n) {
                listener.note(n.line());
            } else if (e.end() != null && s.summary == null) { // every page is in: only its retries and most in flight are lost
                s.child.join(2);
                listener.note(s.describe(e.end()) + " at the crawl's end, before its summary: its retries are not counted");
                s.summary = new ShardMessage.Summary(0, 0, 0);
                got.add(s.summary);
            }
        }
        return got;
    }

    private CrawlSummary summary(double seconds, List<ShardMessage.Summary> parts) {
        long retries = 0;
        int maxInFlight = 0;
        int maxPerHost = 0;
        for (ShardMessage.Summary p : parts) {
            retries += p.retries();
            maxInFlight += p.maxInFlight();
            maxPerHost = Math.max(maxPerHost, p.maxInFlightPerHost());
        }
        return new CrawlSummary(o.mode().cliName(), o.inFlight() * (o.mode() == CrawlOptions.Mode.SEQUENTIAL ? shards.size() : 1),
                tally.pages(), tally.bytes(), tally.errorsByKind(), retries, seconds, maxInFlight, maxPerHost, skipped, overMaxPages,
                hostShard.size(), shards.size());
    }
}
