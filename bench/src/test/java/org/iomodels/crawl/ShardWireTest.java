package org.iomodels.crawl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shards' batches: every message back as it went, and a frame that is not one refused by name. */
class ShardWireTest {
    @Test
    void everyMessageComesBackEqual() throws IOException {
        URI u = URI.create("http://127.0.0.1:8080/a?b=c%20d");
        List<ShardMessage> batch = List.of(
                new ShardMessage.Admit(u, 2, List.of(URI.create("http://x/"), URI.create("https://y:8443/é"))),
                new ShardMessage.Follow(u, 0, List.of()), new ShardMessage.Stop(), new ShardMessage.Ready(),
                new ShardMessage.Started(u, 1), new ShardMessage.Note("retry ü in 0.25 s"), new ShardMessage.Skipped(u),
                new ShardMessage.Page(new PageResult(u.toString(), 404, 56, 12.5, 1, 2, "http-404", "HTTP 404")),
                new ShardMessage.Page(new PageResult(u.toString(), 200, 0, 0.1, 0, 1, null, null)),
                new ShardMessage.Summary(7, 16, 4));
        assertEquals(batch, ShardWire.decode(ShardWire.encode(batch)));
    }

    @Test
    void aFrameThatIsNotABatchIsAnError() {
        IOException e = assertThrows(IOException.class, () -> ShardWire.decode(new byte[] {0, 0, 0, 1, 42}));
        assertEquals("unknown crawl message tag 42", e.getMessage());
        e = assertThrows(IOException.class, () -> ShardWire.decode(new byte[] {0, 0, 0, 1, 5, 0x7f, 0, 0, 0}));
        assertEquals("a string of 2130706432 bytes in a crawl batch", e.getMessage());
    }
}
