package org.iomodels.process.manager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Python's {@code multiprocessing.Manager()}: a process that holds objects (a {@link #dict},
 * {@link #list}, {@link #namespace}, {@link #value}, {@link #array}, locks, semaphores, an event,
 * a condition, a barrier, queues, and the user's own {@link #register registered} types) which
 * other processes use through proxies. A proxy can be given to a child process or a Pool's task,
 * stored in another of the manager's objects (a dict of lists), and names the same object
 * wherever it goes.
 *
 * <pre>{@code
 * try (Manager m = new Manager()) {
 *     DictProxy<Long, Long> d = m.dict();
 *     ListProxy<Integer> l = m.list(List.of(0, 1, 2));
 *     // children write to d and append to l; the parent reads both
 * }
 * }</pre>
 *
 * <p>{@code new Manager()} starts the manager in a child JVM listening on a Unix domain socket in
 * a directory only this user can open, with a random key. {@link #serve} starts one listening on
 * a TCP address with a key of the caller's; {@link #connect} reaches one from any process that
 * has the key (Python's {@code BaseManager} with an address and an authkey). Every connection
 * proves the key both ways before anything else ({@link Auth}), and what crosses is read back
 * through the allow-list of {@code JavaCodec}. The bytes are not encrypted: keep a TCP manager on
 * loopback or a trusted network. {@link #close} shuts a started manager down (Python's
 * {@code shutdown}); its proxies then fail with {@link ManagerException}, as they do when the
 * manager's process dies.
 */
public final class Manager implements AutoCloseable {
    private static final Map<String, String> REGISTERED = new ConcurrentHashMap<>();

    private final Client client;
    private final ManagerProcess process; // null: connected to a manager started elsewhere
    private final Path directory;
    private final String name; // the object the factories name (null: new ones)
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private Manager(Client client, ManagerProcess process, Path directory, String name) {
        this.client = client;
        this.process = process;
        this.directory = directory;
        this.name = name;
    }

    /** Starts a manager in a new process, on a Unix domain socket only this user can reach, with a random key. */
    public Manager() throws IOException {
        this(ManagerProcess.startLocal(REGISTERED));
    }

    private Manager(ManagerProcess.Started s) {
        this(s.client().retain(), s.process(), s.directory(), null);
    }

    /**
     * Starts a manager in a new process listening on TCP {@code host:port} (port 0: any free one,
     * see {@link #address}), to which other processes {@link #connect} with {@code authKey}.
     */
    public static Manager serve(String host, int port, byte[] authKey) throws IOException {
        return new Manager(ManagerProcess.start("tcp:" + host + ":" + checkPort(port), checkKey(authKey), null, REGISTERED));
    }

    /** {@link #serve(String, int, byte[])} on {@code address}, as Python's {@code BaseManager(address=(host, port), authkey=key)}. */
    public static Manager serve(java.net.InetSocketAddress address, byte[] authKey) throws IOException {
        return serve(address.getHostString(), address.getPort(), authKey);
    }

    /** {@link #connect(String, int, byte[])} to {@code address}. */
    public static Manager connect(java.net.InetSocketAddress address, byte[] authKey) throws IOException {
        return connect(address.getHostString(), address.getPort(), authKey);
    }

    /** Connects to a manager listening on TCP {@code host:port}; {@link AuthenticationException} if the keys differ. */
    public static Manager connect(String host, int port, byte[] authKey) throws IOException {
        Token.Home home = new Token.Home("tcp:" + host + ":" + checkPort(port), checkKey(authKey), 0);
        Client c = Client.of(home);
        c.conn(); // reach it and prove the key now, not at the first call
        return new Manager(c.retain(), null, null, null);
    }

    private static int checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("a port is 0 to 65535, not " + port);
        }
        return port;
    }

    private static byte[] checkKey(byte[] key) {
        if (key == null || key.length == 0) {
            throw new IllegalArgumentException("an authkey is at least one byte (Python's managers take bytes too)");
        }
        return key.clone();
    }

    /**
     * Python's {@code BaseManager.register}: makes {@code typeId} a type this process's managers
     * started from now on can hold, built by {@code type}'s public constructor that takes
     * {@link #create}'s arguments, its public methods called through a {@link Proxy}.
     */
    public static void register(String typeId, Class<?> type) {
        if (typeId == null || typeId.isBlank() || Servants.isBuiltIn(typeId)) {
            throw new IllegalArgumentException("a registered type id is a new non-blank name, not '" + typeId + "'");
        }
        if (!java.lang.reflect.Modifier.isPublic(type.getModifiers())) {
            throw new IllegalArgumentException(type.getName() + " is not public: the manager builds it and calls its public methods");
        }
        REGISTERED.put(typeId, type.getName());
    }

    /** The same manager, whose factories give the object called {@code name}: made on the first ask, the same one after (for every client). */
    public Manager named(String objectName) {
        if (objectName == null || objectName.isEmpty()) {
            throw new IllegalArgumentException("an object's name is a non-empty string");
        }
        return new Manager(client, process, null, objectName);
    }

    private <T> T make(String typeId, Object... args) {
        Object[] all = new Object[args.length + 1];
        all[0] = name;
        System.arraycopy(args, 0, all, 1, args.length);
        @SuppressWarnings("unchecked")
        T proxy = (T) Proxies.of(client.create(typeId, all));
        return proxy;
    }

    public <K, V> DictProxy<K, V> dict() {
        return make(Servants.DICT);
    }

    public <K, V> DictProxy<K, V> dict(Map<? extends K, ? extends V> initial) {
        return make(Servants.DICT, new java.util.LinkedHashMap<>(initial));
    }

    public <E> ListProxy<E> list() {
        return make(Servants.LIST);
    }

    public <E> ListProxy<E> list(Collection<? extends E> initial) {
        return make(Servants.LIST, new java.util.ArrayList<>(initial));
    }

    public NamespaceProxy namespace() {
        return make(Servants.NAMESPACE);
    }

    public <T> ValueProxy<T> value(T initial) {
        return make(Servants.VALUE, initial);
    }

    /** An array of {@code length} zeros of {@code typecode} (Python's: {@code b h i l q f d}). */
    public ArrayProxy array(String typecode, int length) {
        return make(Servants.ARRAY, typecode, length);
    }

    public ArrayProxy array(String typecode, List<? extends Number> values) {
        return make(Servants.ARRAY, typecode, new java.util.ArrayList<>(values));
    }

    public AcquirerProxy lock() {
        return make(Servants.LOCK);
    }

    public AcquirerProxy rLock() {
        return make(Servants.RLOCK);
    }

    public AcquirerProxy semaphore(int value) {
        return make(Servants.SEMAPHORE, value);
    }

    public AcquirerProxy boundedSemaphore(int value) {
        return make(Servants.BOUNDED_SEMAPHORE, value);
    }

    public EventProxy event() {
        return make(Servants.EVENT);
    }

    public ConditionProxy condition() {
        return make(Servants.CONDITION);
    }

    /** A condition on {@code rLock}, one of this manager's {@link #rLock}s. */
    public ConditionProxy condition(AcquirerProxy rLock) {
        return make(Servants.CONDITION, rLock);
    }

    public BarrierProxy barrier(int parties) {
        return make(Servants.BARRIER, parties);
    }

    public QueueProxy queue() {
        return queue(0);
    }

    public QueueProxy queue(int maxsize) {
        return make(Servants.QUEUE, maxsize);
    }

    public QueueProxy joinableQueue() {
        return joinableQueue(0);
    }

    public QueueProxy joinableQueue(int maxsize) {
        return make(Servants.JOINABLE_QUEUE, maxsize);
    }

    /** A new object of a {@link #register registered} type, made with {@code args}. */
    public Proxy create(String typeId, Object... args) {
        return make(typeId, args);
    }

    /** Where the manager listens: {@code unix:PATH} or {@code tcp:HOST:PORT}. */
    public String address() {
        return client.home.address;
    }

    /** The manager's pid where this process started it; 0 for one it connected to. */
    public long pid() {
        return process == null ? 0 : process.pid();
    }

    /** Python's {@code shutdown}: ends a manager this process started (its proxies fail from then on). */
    public void shutdown() {
        if (process == null) {
            throw new IllegalStateException("this process connected to " + client.home + ": only the process that started it shuts it down");
        }
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // Asked politely, for at most 2 s (a stopped manager never answers), then ended by signal.
        Thread asker = Thread.ofVirtual().name("manager-shutdown").start(client::shutdown);
        try {
            asker.join(java.time.Duration.ofSeconds(2));
            if (!process.join(3)) {
                process.kill();
                process.join(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // a kill that failed: the process had ended
        }
        if (directory != null) {
            try {
                Files.deleteIfExists(directory.resolve("socket"));
                Files.deleteIfExists(directory);
            } catch (IOException e) {
                // left for the exit's deleteOnExit
            }
        }
    }

    /** Shuts a started manager down; for a connected one (or a {@link #named} view), closes this process's connections. */
    @Override
    public void close() {
        if (name != null) {
            return;
        }
        if (process != null) {
            shutdown();
        } else if (closed.compareAndSet(false, true)) {
            client.release("was closed by this process (Manager.close)");
        }
    }

    @Override
    public String toString() {
        return "<Manager " + client.home + (name != null ? " named '" + name + "'" : "") + ">";
    }
}
