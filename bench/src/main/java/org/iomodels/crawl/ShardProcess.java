package org.iomodels.crawl;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import org.iomodels.process.ChildError;
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

    /** The most messages in one write: a frame stays far below the pipe's 64 MiB. */
    static final int BATCH = 4096;

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
    /**
     * Sends what was queued for it, in writes of at most {@link #BATCH} messages. A shard that died
     * is not an error here: its reader's end of file says so, and its URLs go to the next one.
     */
    void flush() {
        for (int from = 0; from < pending.size(); from += BATCH) {
            try {
                conn.sendBytes(ShardWire.encode(pending.subList(from, Math.min(pending.size(), from + BATCH))));
            } catch (IOException dead) {
                break;
            }
        }
        pending.clear();
    }

    /** How its process ended, or (alive) why its pipe did. */
    String describe(IOException end) {
        Integer code = child.exitCode();
        String how = code == null ? "closed its pipe" + (end == null ? "" : " (" + end.getMessage() + ")")
                : "died: " + ChildProcess.describeExit(code);
        ChildError error = child.exception();
        return "crawl process " + index + " (pid " + child.pid() + ") " + how + (error == null ? "" : ": " + error.getMessage());
    }
}
