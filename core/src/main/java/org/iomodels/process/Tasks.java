package org.iomodels.process;

import java.io.Serializable;

/** What a {@link ChildProcess} runs: a serializable function of none to three arguments (a lambda is one if it captures only serializable values). */
public final class Tasks {
    private Tasks() {}

    @FunctionalInterface
    public interface Task0 extends Serializable {
        void run() throws Exception;
    }

    @FunctionalInterface
    public interface Task1<A> extends Serializable {
        void run(A a) throws Exception;
    }

    @FunctionalInterface
    public interface Task2<A, B> extends Serializable {
        void run(A a, B b) throws Exception;
    }

    @FunctionalInterface
    public interface Task3<A, B, C> extends Serializable {
        void run(A a, B b, C c) throws Exception;
    }
}
