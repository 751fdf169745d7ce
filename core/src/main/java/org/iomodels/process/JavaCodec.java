package org.iomodels.process;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Java serialization behind an {@link ObjectInputFilter}: a message may build only the JDK's value
 * types (boxed primitives, strings, arrays, the {@code java.util} collections, {@code java.time},
 * {@code java.math}, exceptions of {@code java.lang} and {@code java.io}), this package's own
 * references, and what the user allows: {@link #allow} patterns in the filter's syntax
 * ({@code com.example.Task}, {@code com.example.*}, {@code com.example.**}), or the system
 * property {@code iomodels.process.allow} (the same, {@code ;}-separated), which a child JVM
 * inherits. A class off the list is a {@link RejectedClassException} naming it. Python's pickle has
 * no such list: unpickling runs whatever the bytes say.
 */
public final class JavaCodec implements Codec {
    static final List<String> JDK = List.of("java.lang.*", "java.util.*", "java.time.*", "java.math.*",
            "java.io.IOException", "java.io.UncheckedIOException", "java.io.EOFException", "java.io.FileNotFoundException",
            "java.io.InterruptedIOException", "java.io.SerializablePermission", "java.lang.invoke.SerializedLambda",
            "java.util.concurrent.TimeoutException", "java.util.concurrent.ExecutionException",
            "java.util.concurrent.ConcurrentHashMap", "java.util.concurrent.ConcurrentHashMap$Segment", "java.net.URI",
            "org.iomodels.process.ChildProcess", "org.iomodels.process.ChildError", "org.iomodels.process.Inherited$Ref",
            "org.iomodels.process.Inherited$BlockRef", "org.iomodels.process.Queue", "org.iomodels.process.JoinableQueue",
            "org.iomodels.process.SimpleQueue", "org.iomodels.process.Lock");
    private static final List<String> ALLOWED = new CopyOnWriteArrayList<>();

    /** The codec every connection uses unless given another. */
    public static final JavaCodec DEFAULT = new JavaCodec();

    /** Admits {@code pattern} ({@link ObjectInputFilter.Config#createFilter}'s syntax) in this process, for every connection. */
    public static void allow(String pattern) {
        if (pattern == null || pattern.isBlank() || pattern.contains(";") || pattern.startsWith("!")) {
            throw new IllegalArgumentException("an allow pattern names classes (com.example.Task, com.example.*), not '" + pattern + "'");
        }
        ALLOWED.add(pattern.strip());
    }

    /** The patterns the user allowed in this process (by {@link #allow} or the property), {@code ;}-separated: a child inherits them. */
    static String allowedByUser() {
        List<String> all = new java.util.ArrayList<>(ALLOWED);
        String property = System.getProperty("iomodels.process.allow");
        if (property != null && !property.isBlank()) {
            all.add(property.strip());
        }
        return String.join(";", all);
    }

    /** The filter as it stands: the JDK's value types, the user's patterns, nothing else. */
    static ObjectInputFilter filter() {
        StringBuilder spec = new StringBuilder("maxdepth=100;");
        JDK.forEach(p -> spec.append(p).append(';'));
        ALLOWED.forEach(p -> spec.append(p).append(';'));
        String property = System.getProperty("iomodels.process.allow");
        if (property != null && !property.isBlank()) {
            spec.append(property.strip()).append(';');
        }
        return ObjectInputFilter.Config.createFilter(spec.append("!*").toString());
    }

    @Override
    public byte[] encode(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }

    /**
     * Decodes with no filter: only for what comes from the parent over the child's own control
     * channel (its task: the parent's own code, whose lambdas name their capturing classes),
     * never for messages on pipes and queues.
     */
    static Object decodeTrusted(byte[] bytes) throws IOException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return in.readObject();
        } catch (ClassNotFoundException e) {
            throw new InvalidClassException(e.getMessage(), "not on the child's class path");
        }
    }

    @Override
    public Object decode(byte[] bytes) throws IOException {
        ObjectInputFilter base = filter();
        String[] rejected = new String[1];
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            in.setObjectInputFilter(info -> {
                ObjectInputFilter.Status s = base.checkInput(info);
                if (s == ObjectInputFilter.Status.REJECTED && info.serialClass() != null && rejected[0] == null) {
                    Class<?> c = info.serialClass();
                    while (c.isArray()) {
                        c = c.getComponentType();
                    }
                    rejected[0] = c.getName();
                }
                return s;
            });
            return in.readObject();
        } catch (InvalidClassException e) {
            if (rejected[0] != null) {
                throw new RejectedClassException(rejected[0]);
            }
            throw e;
        } catch (ClassNotFoundException e) {
            throw new InvalidClassException(e.getMessage(), "not on this process's class path");
        }
    }
}
