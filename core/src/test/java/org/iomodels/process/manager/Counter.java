package org.iomodels.process.manager;

/** A user's type a manager can hold, once registered. */
public class Counter {
    private long count;

    public Counter(Integer start) {
        this.count = start;
    }

    public long increment(Integer by) {
        count += by;
        return count;
    }

    public long get() {
        return count;
    }

    /** What a view of it through an interface calls. */
    public interface View {
        long increment(Integer by);

        long get();
    }
}
