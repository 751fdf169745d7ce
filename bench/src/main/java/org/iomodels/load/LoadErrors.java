package org.iomodels.load;

import java.util.ArrayList;
import java.util.List;

/**
 * Errors one load run met, by kind, with the first few described in full. Every kind is a failed
 * run: a connection that could not be opened, one whose echo differed from what was sent, and one
 * the server closed or reset before the run ended. One worker owns an instance; the run merges them.
 */
public final class LoadErrors {
    /** How many error descriptions are kept; the counts are always complete. */
    static final int KEEP = 5;

    private long connect;
    private long corrupt;
    private long lost;
    private final List<String> first = new ArrayList<>();

    void connect(String what) {
        connect++;
        keep(what);
    }

    void corrupt(String what) {
        corrupt++;
        keep(what);
    }

    void lost(String what) {
        lost++;
        keep(what);
    }

    private void keep(String what) {
        if (first.size() < KEEP) {
            first.add(what);
        }
    }

    void add(LoadErrors other) {
        connect += other.connect;
        corrupt += other.corrupt;
        lost += other.lost;
        for (String s : other.first) {
            keep(s);
        }
    }

    public long total() {
        return connect + corrupt + lost;
    }

    public long connect() {
        return connect;
    }

    public long corrupt() {
        return corrupt;
    }

    public long lost() {
        return lost;
    }

    /** The first {@link #KEEP} errors, described. */
    public List<String> first() {
        return List.copyOf(first);
    }
}
