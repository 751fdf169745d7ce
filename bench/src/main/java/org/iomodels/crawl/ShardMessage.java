package org.iomodels.crawl;

import java.net.URI;
import java.util.List;

/**
 * What a {@link ShardedCrawler} and its shards say to each other on the pipe between them, in
 * batches ({@link ShardWire}). To a shard: {@link Admit} a URL of one of its hosts, {@link Stop}.
 * From a shard: {@link Ready}, then what its crawl's listener hears ({@link Started},
 * {@link Note}, {@link Page}, {@link Skipped}), the links it finds ({@link Follow}, always before
 * the page they came from ends), and at the end its {@link Summary}.
 */
sealed interface ShardMessage {
    /** {@code url} is this shard's to fetch (the parent saw it first). */
    record Admit(URI url, int depth, List<URI> redirectedFrom) implements ShardMessage {}

    /** Every URL admitted is done: end the crawl and send the summary. */
    record Stop() implements ShardMessage {}

    /** The shard's crawl runs: it takes admissions now. */
    record Ready() implements ShardMessage {}

    record Started(URI url, int attempt) implements ShardMessage {}

    record Note(String line) implements ShardMessage {}

    record Page(PageResult result) implements ShardMessage {}

    record Skipped(URI url) implements ShardMessage {}

    record Follow(URI url, int depth, List<URI> redirectedFrom) implements ShardMessage {}

    /** What only the shard knows of its crawl: the rest the parent counted itself. */
    record Summary(long retries, int maxInFlight, int maxInFlightPerHost) implements ShardMessage {}
}
