package org.iomodels.process;

import java.io.Serializable;

/**
 * What a {@link ChildProcess} runs: a serializable function of none to three arguments (a lambda
 * is one if it captures only serializable values); and what a {@code Pool} runs, the same with a
 * result ({@link Call0} to {@link Call2}).
 */
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

    /** A serializable function of no argument with a result: a {@code Pool}'s {@code apply}. */
    @FunctionalInterface
    public interface Call0<R> extends Serializable {
        R call() throws Exception;
    }

    /** A serializable function of one argument with a result: a {@code Pool}'s {@code map}. */
    @FunctionalInterface
    public interface Call1<A, R> extends Serializable {
        R call(A a) throws Exception;
    }

    /** A serializable function of two arguments with a result: a {@code Pool}'s {@code starmap}. */
    @FunctionalInterface
    public interface Call2<A, B, R> extends Serializable {
        R call(A a, B b) throws Exception;
    }
}
