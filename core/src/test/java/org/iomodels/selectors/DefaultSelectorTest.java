package org.iomodels.selectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.time.Duration;
import org.iomodels.sys.NativeSocket;
import org.junit.jupiter.api.Test;

class DefaultSelectorTest {
    @Test
    void isEpollOnLinuxAndWorks() throws IOException {
        NativeSocket[] p = NativeSocket.pair();
        try (Selector s = DefaultSelector.open()) {
            assertInstanceOf(EpollSelector.class, s);
            s.register(p[0], Events.EVENT_READ, "x");
            SelectorContract.send(p[1], 1);
            assertEquals("x", s.select(Duration.ofSeconds(5)).getFirst().key().data());
        } finally {
            p[0].close();
            p[1].close();
        }
    }
}
