package org.iomodels.crawl;

import java.net.URI;
import java.util.List;

/**
 * Where the crawl of one shard of a {@link ShardedCrawler} gets its URLs and sends the links it
 * finds: the parent admits each URL once and gives it to the shard that owns its host. The
 * coordinator calls it; what wakes the coordinator may be called from any thread.
 */
interface Upstream {
    /** Called once as the crawl starts: {@code wake}, called from any thread, has the coordinator look at {@link #admitted}. */
    void wakeWith(Runnable wake);

    /** URLs admitted to this shard since the last call. */
    List<ShardMessage.Admit> admitted();

    /** A link or a redirect's target found here, for the parent to admit or not. */
    void follow(URI url, int depth, List<URI> redirectedFrom);

    /** True once the parent said the crawl is over (every URL it admitted is done). */
    boolean over();
}
