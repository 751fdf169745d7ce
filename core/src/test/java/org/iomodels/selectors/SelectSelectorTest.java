package org.iomodels.selectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.iomodels.sys.NativeSocket;
import org.junit.jupiter.api.Test;

class SelectSelectorTest extends SelectorContract {
    @Override
    protected Selector newSelector() {
        return new SelectSelector();
    }

    @Override
    protected boolean supportsManyFds() {
        return false;
    }

    @Test
    void refusesADescriptorPastFdSetSizeAndGoesOn() throws IOException {
        List<NativeSocket> filler = new ArrayList<>();
        try (Selector s = newSelector()) {
            NativeSocket[] working = NativeSocket.pair();
            filler.addAll(List.of(working));
            s.register(working[0], Events.EVENT_READ);
            NativeSocket high;
            do {
                NativeSocket[] p = NativeSocket.pair();
                filler.addAll(List.of(p));
                high = p[1];
            } while (high.fileno() < 1024);
            NativeSocket tooHigh = high;
            var e = assertThrows(IllegalArgumentException.class, () -> s.register(tooHigh, Events.EVENT_READ));
            assertTrue(e.getMessage().contains("fd " + tooHigh.fileno()) && e.getMessage().contains("FD_SETSIZE"),
                    e.getMessage());
            assertEquals(1, s.getMap().size());
            send(working[1], 1);
            assertEquals(1, s.select(Duration.ofSeconds(5)).size(), "the selector still works");
        } finally {
            filler.forEach(NativeSocket::close);
        }
    }
}
