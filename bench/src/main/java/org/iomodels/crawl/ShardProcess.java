package org.iomodels.crawl;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import org.iomodels.process.ChildProcess;
import org.iomodels.process.Connection;
import org.iomodels.process.Pipe;

/**
 * A {@link ShardedCrawler}'s hold on one shard: the child JVM now in its place (a {@link CrawlShard};
 * another after one dies, of the next generation), the pipe to it with a thread that turns what
 * comes into {@link Event}s on the parent's queue, the URLs it was given and has not finished, and
 * what is queued to send it.
 */
final class ShardProcess {
    /** What a shard said ({@code message}), or how its pipe ended ({@code end}), in the generation of the process that said it. */
    record Event(int shard, int generation, ShardMessage message, IOException end) {}

    final int index;
    final CrawlOptions options;
    private final LinkedBlockingQueue<Event> events;
    final Map<String, ShardMessage.Admit> outstanding = new LinkedHashMap<>();
    final List<ShardMessage> pending = new ArrayList<>();
    int generation;
    int restarts;
    CrawlShard child;
    Connection conn;
    ShardMessage.Summary summary;

    ShardProcess(int index, CrawlOptions options, LinkedBlockingQueue<Event> events) {
        this.index = index;
        this.options = options;
        this.events = events;
    }

    void start() throws IOException {
        Pipe pipe = Pipe.open();
        CrawlShard c = new CrawlShard(index, options, pipe.two());
        try {
            c.start();
        } catch (IOException | RuntimeException e) {
            pipe.one().close();
            throw e;
        } finally {
            pipe.two().close(); // the child has its own: its death is our end of file
        }
        child = c;
        conn = pipe.one();
        int gen = ++generation;
        Connection mine = conn;
        Thread.ofPlatform().daemon().name("crawl-shard-" + index + "-reader").start(() -> {
            try {
                while (true) {
                    for (ShardMessage m : ShardWire.decode(mine.recvBytes())) {
                        events.add(new Event(index, gen, m, null));
                    }
                }
            } catch (IOException | RuntimeException e) {
                events.add(new Event(index, gen, null, e instanceof IOException io ? io : new IOException(e.toString(), e)));
            }
        });
    }

    /** Sends what was queued for it, in one write. */
    void flush() throws IOException {
        if (!pending.isEmpty()) {
            conn.sendBytes(ShardWire.encode(pending));
            pending.clear();
        }
    }

    String describe() {
        Integer code = child.exitCode();
        return "crawl process " + index + " (pid " + child.pid() + ") "
                + (code == null ? "closed its pipe" : "died: " + ChildProcess.describeExit(code));
    }
}
