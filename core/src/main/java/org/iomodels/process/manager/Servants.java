package org.iomodels.process.manager;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The manager's side of each built-in type (Python's {@code SyncManager} registers the same):
 * {@link #make} builds one from its type id and arguments; the dict and the list are here, the
 * others in {@link Values}, {@link SyncServants} and {@link QueueServant}. Each guards its state
 * with its own monitor, as Python's manager serves each object from many threads.
 */
final class Servants {
    static final String DICT = "dict";
    static final String LIST = "list";
    static final String NAMESPACE = "namespace";
    static final String VALUE = "value";
    static final String ARRAY = "array";
    static final String LOCK = "lock";
    static final String RLOCK = "rlock";
    static final String SEMAPHORE = "semaphore";
    static final String BOUNDED_SEMAPHORE = "boundedSemaphore";
    static final String EVENT = "event";
    static final String CONDITION = "condition";
    static final String BARRIER = "barrier";
    static final String QUEUE = "queue";
    static final String JOINABLE_QUEUE = "joinableQueue";

    private static final java.util.Set<String> BUILT_IN = java.util.Set.of(DICT, LIST, NAMESPACE, VALUE, ARRAY, LOCK, RLOCK, SEMAPHORE,
            BOUNDED_SEMAPHORE, EVENT, CONDITION, BARRIER, QUEUE, JOINABLE_QUEUE);

    private Servants() {}

    static boolean isBuiltIn(String typeId) {
        return BUILT_IN.contains(typeId);
    }

    static Servant make(String typeId, Object[] a, Map<String, String> registered, Server server) throws Exception {
        return switch (typeId) {
            case DICT -> new Dict(a.length > 0 ? (Map<?, ?>) a[0] : Map.of());
            case LIST -> new ListServant(a.length > 0 ? (Collection<?>) a[0] : List.of());
            case NAMESPACE -> new Values.Namespace();
            case VALUE -> new Values.ValueServant(a.length > 0 ? a[0] : null);
            case ARRAY -> new Values.ArrayServant((String) a[0], a[1]);
            case LOCK -> new SyncServants.LockServant();
            case RLOCK -> new SyncServants.RLockServant();
            case SEMAPHORE, BOUNDED_SEMAPHORE -> new SyncServants.SemaphoreServant(typeId, (Integer) a[0]);
            case EVENT -> new SignalServants.EventServant();
            case CONDITION -> new SignalServants.ConditionServant(a.length > 0 && a[0] != null ? server.servant(((Token) a[0]).id()) : null);
            case BARRIER -> new BarrierServant((Integer) a[0]);
            case QUEUE, JOINABLE_QUEUE -> new QueueServant(typeId, (Integer) a[0]);
            default -> {
                String className = registered.get(typeId);
                if (className == null) {
                    throw new IllegalArgumentException("the manager has no type '" + typeId + "' (Manager.register it before the manager starts)");
                }
                yield UserServant.make(typeId, className, a);
            }
        };
    }

    /** A dict: a {@link LinkedHashMap}, in insertion order as Python's. */
    static final class Dict implements Servant {
        private final Map<Object, Object> map;

        Dict(Map<?, ?> initial) {
            this.map = new LinkedHashMap<>(initial);
        }

        @Override
        public String typeId() {
            return DICT;
        }

        @Override
        public synchronized Object call(String m, Object[] a, Session s) {
            return switch (m + a.length) {
                case "get1" -> map.get(a[0]);
                case "getOrDefault2" -> map.getOrDefault(a[0], a[1]);
                case "put2" -> map.put(a[0], a[1]);
                case "putIfAbsent2" -> map.putIfAbsent(a[0], a[1]);
                case "remove1" -> map.remove(a[0]);
                case "containsKey1" -> map.containsKey(a[0]);
                case "containsValue1" -> map.containsValue(a[0]);
                case "size0" -> map.size();
                case "clear0" -> {
                    map.clear();
                    yield null;
                }
                case "putAll1" -> {
                    map.putAll((Map<?, ?>) a[0]);
                    yield null;
                }
                case "copy0" -> new LinkedHashMap<>(map);
                case "keys0" -> new ArrayList<>(map.keySet());
                case "values0" -> new ArrayList<>(map.values());
                default -> throw Servant.noMethod(DICT, m, a.length);
            };
        }
    }

    /** A list: an {@link ArrayList}. */
    static final class ListServant implements Servant {
        private final List<Object> list;

        ListServant(Collection<?> initial) {
            this.list = new ArrayList<>(initial);
        }

        @Override
        public String typeId() {
            return LIST;
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public synchronized Object call(String m, Object[] a, Session s) {
            return switch (m + a.length) {
                case "get1" -> list.get(Servant.index(a[0]));
                case "set2" -> list.set(Servant.index(a[0]), a[1]);
                case "add1" -> list.add(a[0]);
                case "add2" -> {
                    list.add(Servant.index(a[0]), a[1]);
                    yield null;
                }
                case "removeAt1" -> list.remove(Servant.index(a[0]));
                case "remove1" -> list.remove(a[0]);
                case "addAll1" -> list.addAll((Collection<?>) a[0]);
                case "contains1" -> list.contains(a[0]);
                case "indexOf1" -> list.indexOf(a[0]);
                case "lastIndexOf1" -> list.lastIndexOf(a[0]);
                case "size0" -> list.size();
                case "clear0" -> {
                    list.clear();
                    yield null;
                }
                case "sort0" -> {
                    ((List) list).sort(null);
                    yield null;
                }
                case "reverse0" -> {
                    java.util.Collections.reverse(list);
                    yield null;
                }
                case "copy0" -> new ArrayList<>(list);
                default -> throw Servant.noMethod(LIST, m, a.length);
            };
        }
    }
}
