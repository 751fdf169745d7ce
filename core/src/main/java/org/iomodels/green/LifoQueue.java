package org.iomodels.green;

import java.util.ArrayDeque;

/** gevent's {@code LifoQueue}: the last item put is the first got. */
public class LifoQueue<T> extends Queue<T> {
    private final ArrayDeque<T> stack = new ArrayDeque<>();

    public LifoQueue() {
        this(0);
    }

    public LifoQueue(int maxsize) {
        super(maxsize);
    }

    @Override
    int size() {
        return stack.size();
    }

    @Override
    void add(T item) {
        stack.push(item);
    }

    @Override
    T remove() {
        return stack.pop();
    }

    @Override
    T first() {
        return stack.peek();
    }
}
