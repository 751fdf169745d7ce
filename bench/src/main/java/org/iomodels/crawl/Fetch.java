package org.iomodels.crawl;

import java.net.URI;
import java.util.List;

/**
 * One request the crawler makes: a page at {@code depth} hops from the given URLs (a redirect's
 * target keeps its source's depth), or a host's robots.txt; its attempt (0 first); the redirects
 * that led to it; the earliest it may start (a retry's backoff), in nanoTime.
 */
record Fetch(URI url, int depth, int attempt, boolean robots, List<URI> redirectedFrom, long notBefore, long seq) {
    Fetch retry(long at, long newSeq) {
        return new Fetch(url, depth, attempt + 1, robots, redirectedFrom, at, newSeq);
    }
}
