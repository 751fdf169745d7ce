package org.iomodels.green;

import java.util.Comparator;

/** gevent's {@code PriorityQueue}: the smallest item (natural order, or the comparator's) is got first. */
public class PriorityQueue<T> extends Queue<T> {
    private final java.util.PriorityQueue<T> heap;

    public PriorityQueue() {
        this(0, null);
    }

    public PriorityQueue(int maxsize, Comparator<? super T> order) {
        super(maxsize);
        heap = new java.util.PriorityQueue<>(order);
    }

    @Override
    int size() {
        return heap.size();
    }

    @Override
    void add(T item) {
        heap.add(item);
    }

    @Override
    T remove() {
        return heap.poll();
    }

    @Override
    T first() {
        return heap.peek();
    }
}
