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
 * inherits; and this library's own {@link Decodable} classes (a manager's proxies). A class off the
 * list is a {@link RejectedClassException} naming it. Python's pickle has
 * no such list: unpickling runs whatever the bytes say.
 */
public final class JavaCodec implements Codec {
    static final List<String> JDK = List.of("java.lang.*", "java.util.*", "java.time.*", "java.math.*",
            "java.io.IOException", "java.io.UncheckedIOException", "java.io.EOFException", "java.io.FileNotFoundException",
            "java.io.InterruptedIOException", "java.io.SerializablePermission", "java.lang.invoke.SerializedLambda",
            "java.util.concurrent.TimeoutException", "java.util.concurrent.ExecutionException",
            "java.util.concurrent.ConcurrentHashMap", "java.util.concurrent.ConcurrentHashMap$Segment", "java.net.URI",
            "org.iomodels.process.ChildError", "org.iomodels.process.SharedMemory"); // a child's task comes by decodeTrusted
    /** Bounds on what one message may make the receiver build, whatever it claims. */
    private static final String LIMITS = "maxdepth=100;maxarray=67108864;maxrefs=1000000;maxbytes=" + (Connection.DEFAULT_MAX_FRAME + 1024) + ";";
    private static final List<String> ALLOWED = new CopyOnWriteArrayList<>();

    /** The codec every connection uses unless given another. */
    public static final JavaCodec DEFAULT = new JavaCodec();

    /**
     * A codec with no allow-list, for a channel whose two ends are one program's own code and
     * nobody else's: a {@code Pool}'s pipes to its workers, which carry the program's own tasks and
     * results (as a child's task comes). Never for a channel another program can write to.
     */
    public static final Codec TRUSTED = new Codec() {
        @Override
        public byte[] encode(Object value) throws IOException {
            return DEFAULT.encode(value);
        }

        @Override
        public Object decode(byte[] bytes) throws IOException {
            return bytes.length > 0 && bytes[0] >= INT && bytes[0] <= FALSE ? DEFAULT.decode(bytes) : decodeTrusted(bytes);
        }
    };

    private static volatile ObjectInputFilter filter;
    private static volatile String filterProperty;

    /** Admits {@code pattern} ({@link ObjectInputFilter.Config#createFilter}'s syntax) in this process, for every connection. */
    public static void allow(String pattern) {
        if (pattern == null || pattern.isBlank() || pattern.contains(";") || pattern.startsWith("!")) {
            throw new IllegalArgumentException("an allow pattern names classes (com.example.Task, com.example.*), not '" + pattern + "'");
        }
        ALLOWED.add(pattern.strip());
        filter = null;
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

    /** The filter as it stands: the JDK's value types, the user's patterns, nothing else (built again only when they change). */
    static ObjectInputFilter filter() {
        ObjectInputFilter f = filter;
        String property = System.getProperty("iomodels.process.allow");
        if (f == null || !java.util.Objects.equals(property, filterProperty)) {
            filterProperty = property;
            filter = f = buildFilter();
        }
        return f;
    }

    private static ObjectInputFilter buildFilter() {
        StringBuilder spec = new StringBuilder(LIMITS);
        JDK.forEach(p -> spec.append(p).append(';'));
        ALLOWED.forEach(p -> spec.append(p).append(';'));
        String property = System.getProperty("iomodels.process.allow");
        if (property != null && !property.isBlank()) {
            spec.append(property.strip()).append(';');
        }
        return ObjectInputFilter.Config.createFilter(spec.append("!*").toString());
    }

    // A serialization stream starts with 0xAC 0xED; these tags mark the values that skip it.
    private static final byte INT = 1;
    private static final byte LONG = 2;
    private static final byte DOUBLE = 3;
    private static final byte STRING = 4;
    private static final byte TRUE = 5;
    private static final byte FALSE = 6;

    /**
     * An Integer, Long, Double, Boolean or String goes as a tag and its bytes (a queue of ints moves
     * at 4x the rate of one through ObjectOutputStream); anything else as a serialization stream.
     */
    @Override
    public byte[] encode(Object value) throws IOException {
        switch (value) {
            case Integer i -> {
                return java.nio.ByteBuffer.allocate(5).put(INT).putInt(i).array();
            }
            case Long l -> {
                return java.nio.ByteBuffer.allocate(9).put(LONG).putLong(l).array();
            }
            case Double d -> {
                return java.nio.ByteBuffer.allocate(9).put(DOUBLE).putDouble(d).array();
            }
            case Boolean b -> {
                return new byte[] {b ? TRUE : FALSE};
            }
            case String s when s.length() < 1 << 16 -> {
                byte[] utf8 = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                byte[] out = new byte[1 + utf8.length];
                out[0] = STRING;
                System.arraycopy(utf8, 0, out, 1, utf8.length);
                return out;
            }
            default -> {
                return serialize(value);
            }
        }
    }

    private static byte[] serialize(Object value) throws IOException {
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
        if (bytes.length > 0 && bytes[0] >= INT && bytes[0] <= FALSE) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes, 1, bytes.length - 1);
            return switch (bytes[0]) {
                case INT -> b.getInt();
                case LONG -> b.getLong();
                case DOUBLE -> b.getDouble();
                case STRING -> new String(bytes, 1, bytes.length - 1, java.nio.charset.StandardCharsets.UTF_8);
                case TRUE -> Boolean.TRUE;
                default -> Boolean.FALSE;
            };
        }
        ObjectInputFilter base = filter();
        String[] rejected = new String[1];
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            in.setObjectInputFilter(info -> {
                Class<?> type = info.serialClass();
                if (type != null && Decodable.class.isAssignableFrom(type) && type.getName().startsWith("org.iomodels.")) {
                    return ObjectInputFilter.Status.ALLOWED; // the depth, reference and byte limits are checked on every other call
                }
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
