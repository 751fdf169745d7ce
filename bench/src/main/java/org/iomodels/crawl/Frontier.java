package org.iomodels.crawl;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * What is left to fetch, host by host, and when each host may be asked next: the crawler's
 * politeness in one place. Each URL is admitted once (they come normalised); a host gets at most
 * {@code perHost} requests in flight, and two starts at least its gap apart (the {@code --delay},
 * or robots.txt's {@code Crawl-delay} if longer); its robots.txt is fetched before any of its
 * pages, and a page it disallows is set aside, not fetched. Hosts take turns. One thread (the
 * crawler's coordinator) only: no locks.
 */
final class Frontier {
    enum RobotsState { UNKNOWN, FETCHING, KNOWN, UNREACHABLE }

    private static final Comparator<Fetch> ORDER = Comparator.<Fetch>comparingLong(Fetch::notBefore).thenComparingLong(Fetch::seq);

    static final class Host {
        final String key;
        final URI robotsUrl;
        final PriorityQueue<Fetch> queue = new PriorityQueue<>(ORDER);
        int inFlight;
        long nextStart = System.nanoTime();
        int robotsAttempts;
        long gapNanos;
        RobotsState robots;
        Robots rules = Robots.ALLOW_ALL;
        PageResult unreachable;

        Host(String key, URI robotsUrl, long gapNanos, boolean honourRobots) {
            this.key = key;
            this.robotsUrl = robotsUrl;
            this.gapNanos = gapNanos;
            this.robots = honourRobots ? RobotsState.UNKNOWN : RobotsState.KNOWN;
        }
    }

    private final CrawlOptions options;
    private final Map<String, Host> hosts = new HashMap<>();
    /** Hosts with something queued, in turn order. */
    private final Set<Host> active = new LinkedHashSet<>();
    private final Set<URI> seen = new HashSet<>();
    /** Pages set aside since the last {@link #drainSetAside}: disallowed by robots.txt, or of a host whose robots.txt could not be fetched. */
    private final List<Fetch> setAside = new ArrayList<>();
    private long admitted;
    private long seq;
    private int maxInFlightPerHost;
    private long overMaxPages;

    Frontier(CrawlOptions options) {
        this.options = options;
    }

    /** Admits {@code url} at {@code depth} unless it was seen or the page budget is spent; true if admitted. */
    boolean add(URI url, int depth, List<URI> redirectedFrom) {
        if (seen.contains(url)) {
            return false;
        }
        if (admitted >= options.maxPages()) {
            overMaxPages++;
            return false;
        }
        seen.add(url);
        admitted++;
        Host h = host(url);
        h.queue.add(new Fetch(url, depth, 0, false, redirectedFrom, System.nanoTime(), seq++));
        active.add(h);
        return true;
    }

    /** Puts {@code f} back to be tried again at {@code at} (nanoTime). */
    void retry(Fetch f, long at) {
        Host h = host(f.url());
        if (f.robots()) {
            h.robots = RobotsState.UNKNOWN;
            h.robotsAttempts = f.attempt() + 1;
            if (at - h.nextStart > 0) {
                h.nextStart = at;
            }
        } else {
            h.queue.add(f.retry(at, seq++));
        }
        active.add(h);
    }

    /** The next request that may start at {@code now}, or null; counts it in flight. */
    Fetch next(long now) {
        for (Iterator<Host> it = active.iterator(); it.hasNext(); ) {
            Host h = it.next();
            if (h.inFlight >= options.perHost() || now - h.nextStart < 0 || h.robots == RobotsState.FETCHING) {
                continue;
            }
            Fetch f;
            if (h.robots == RobotsState.UNKNOWN) {
                h.robots = RobotsState.FETCHING;
                f = new Fetch(h.robotsUrl, 0, h.robotsAttempts, true, List.of(), now, seq++);
            } else {
                setAsideWhatCannotBeFetched(h);
                Fetch head = h.queue.peek();
                if (head == null || now - head.notBefore() < 0) {
                    if (head == null) {
                        it.remove();
                    }
                    continue;
                }
                f = h.queue.poll();
            }
            h.inFlight++;
            maxInFlightPerHost = Math.max(maxInFlightPerHost, h.inFlight);
            h.nextStart = now + h.gapNanos;
            it.remove(); // to the back of the turn order
            if (!h.queue.isEmpty() || h.robots == RobotsState.FETCHING) {
                active.add(h);
            }
            return f;
        }
        return null;
    }

    private void setAsideWhatCannotBeFetched(Host h) {
        for (Fetch head; (head = h.queue.peek()) != null && head.attempt() == 0
                && (h.robots == RobotsState.UNREACHABLE || !h.rules.allows(Urls.target(head.url()))); ) {
            setAside.add(h.queue.poll());
        }
    }

    /** Nanos from {@code now} until {@link #next} may give something (0: now), or Long.MAX_VALUE if only a completion can. */
    long nanosUntilReady(long now) {
        long best = Long.MAX_VALUE;
        for (Host h : active) {
            if (h.inFlight >= options.perHost() || h.robots == RobotsState.FETCHING) {
                continue;
            }
            Fetch head = h.queue.peek();
            if (head == null && h.robots != RobotsState.UNKNOWN) {
                continue;
            }
            long at = h.nextStart;
            if (h.robots != RobotsState.UNKNOWN && head.notBefore() - at > 0) {
                at = head.notBefore();
            }
            best = Math.min(best, Math.max(0, at - now));
        }
        return best;
    }

    /** {@code f} is over (answered, failed, or to be retried). */
    void finished(Fetch f) {
        Host h = host(f.url());
        h.inFlight--;
        if (!h.queue.isEmpty()) {
            active.add(h);
        }
    }

    /** The host's robots.txt is in (or will never be): pages may go. {@code unreachable}: what its pages fail with, or null. */
    void robotsKnown(URI robotsUrl, Robots rules, PageResult unreachable) {
        Host h = host(robotsUrl);
        h.rules = rules;
        h.robots = unreachable == null ? RobotsState.KNOWN : RobotsState.UNREACHABLE;
        h.unreachable = unreachable;
        double crawlDelay = rules.crawlDelaySeconds();
        if (!Double.isNaN(crawlDelay)) {
            long robotsGap = (long) (Math.min(crawlDelay, CrawlOptions.MAX_CRAWL_DELAY.toSeconds()) * 1e9);
            h.gapNanos = Math.max(h.gapNanos, robotsGap);
        }
        if (!h.queue.isEmpty()) {
            active.add(h);
        }
    }

    /** The pages set aside since the last call (see {@link #unreachable} for why). */
    List<Fetch> drainSetAside() {
        List<Fetch> out = List.copyOf(setAside);
        setAside.clear();
        return out;
    }

    /** What the pages of {@code url}'s host fail with when its robots.txt could not be fetched; null if it was. */
    PageResult unreachable(URI url) {
        return host(url).unreachable;
    }

    boolean isEmpty() {
        return active.isEmpty();
    }

    int maxInFlightPerHost() {
        return maxInFlightPerHost;
    }

    long overMaxPages() {
        return overMaxPages;
    }

    int hosts() {
        return hosts.size();
    }

    private Host host(URI url) {
        return hosts.computeIfAbsent(Urls.hostKey(url), k -> new Host(k, robotsUrl(url), options.delay().toNanos(), options.robots()));
    }

    private static URI robotsUrl(URI url) {
        return URI.create(url.getScheme() + "://" + url.getRawAuthority() + "/robots.txt");
    }
}
