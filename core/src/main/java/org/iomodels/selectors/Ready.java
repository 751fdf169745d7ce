package org.iomodels.selectors;

/**
 * One entry of {@link Selector#select}'s result: a registered key and the events found ready
 * (a subset of {@code key.events()}), Python's {@code (key, events)} pair.
 */
public record Ready(SelectorKey key, int events) {
    public boolean readable() {
        return (events & Events.EVENT_READ) != 0;
    }

    public boolean writable() {
        return (events & Events.EVENT_WRITE) != 0;
    }

    @Override
    public String toString() {
        return "Ready[" + key + ", events=" + Events.toString(events) + "]";
    }
}
