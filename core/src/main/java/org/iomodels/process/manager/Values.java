package org.iomodels.process.manager;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The manager's namespace, value and array (Python's {@code Namespace}, {@code Value}, {@code Array} of a {@code SyncManager}). */
final class Values {
    private Values() {}

    /** Named attributes, as a Python namespace's. */
    static final class Namespace implements Servant {
        private final Map<String, Object> attributes = new LinkedHashMap<>();

        @Override
        public String typeId() {
            return Servants.NAMESPACE;
        }

        @Override
        public synchronized Object call(String m, Object[] a, Session s) {
            return switch (m + a.length) {
                case "get1" -> {
                    String name = name(a[0]);
                    if (!attributes.containsKey(name)) {
                        throw new java.util.NoSuchElementException("the namespace has no attribute '" + name + "'");
                    }
                    yield attributes.get(name);
                }
                case "set2" -> attributes.put(name(a[0]), a[1]);
                case "has1" -> attributes.containsKey(name(a[0]));
                case "delete1" -> {
                    String name = name(a[0]);
                    boolean had = attributes.containsKey(name);
                    attributes.remove(name);
                    yield had;
                }
                case "copy0" -> new LinkedHashMap<>(attributes);
                default -> throw Servant.noMethod(Servants.NAMESPACE, m, a.length);
            };
        }

        private static String name(Object o) {
            if (!(o instanceof String s) || s.isEmpty()) {
                throw new IllegalArgumentException("an attribute's name is a non-empty string, not " + o);
            }
            return s;
        }
    }

    /** One value. */
    static final class ValueServant implements Servant {
        private Object value;

        ValueServant(Object initial) {
            this.value = initial;
        }

        @Override
        public String typeId() {
            return Servants.VALUE;
        }

        @Override
        public synchronized Object call(String m, Object[] a, Session s) {
            return switch (m + a.length) {
                case "get0" -> value;
                case "set1" -> {
                    value = a[0];
                    yield null;
                }
                default -> throw Servant.noMethod(Servants.VALUE, m, a.length);
            };
        }
    }

    /** A fixed-length array of one numeric type, by Python's array typecodes: b h i l q f d. */
    static final class ArrayServant implements Servant {
        private final char typecode;
        private final Number[] items;

        ArrayServant(String typecode, Object init) {
            if (typecode == null || typecode.length() != 1 || "bhilqfd".indexOf(typecode.charAt(0)) < 0) {
                throw new IllegalArgumentException("an array's typecode is one of b h i l q f d, not '" + typecode + "'");
            }
            this.typecode = typecode.charAt(0);
            if (init instanceof Integer n) {
                if (n < 0) {
                    throw new IllegalArgumentException("an array's length is 0 or more, not " + n);
                }
                items = new Number[n];
                java.util.Arrays.fill(items, convert(0));
            } else if (init instanceof List<?> values) {
                items = new Number[values.size()];
                for (int i = 0; i < items.length; i++) {
                    items[i] = convert(values.get(i));
                }
            } else {
                throw new IllegalArgumentException("an array starts from a length or a list of numbers, not " + init);
            }
        }

        private Number convert(Object o) {
            if (!(o instanceof Number n)) {
                throw new IllegalArgumentException("an array of typecode '" + typecode + "' holds numbers, not " + o);
            }
            if (typecode == 'f' || typecode == 'd') {
                return typecode == 'f' ? (Number) n.floatValue() : (Number) n.doubleValue();
            }
            if (n instanceof Double || n instanceof Float) {
                throw new IllegalArgumentException("an array of typecode '" + typecode + "' holds integers, not " + n);
            }
            long v = n.longValue();
            long bits = switch (typecode) {
                case 'b' -> 8;
                case 'h' -> 16;
                case 'i' -> 32;
                default -> 64;
            };
            if (bits < 64 && (v < -(1L << (bits - 1)) || v >= 1L << (bits - 1))) {
                throw new ArithmeticException(v + " does not fit an array of typecode '" + typecode + "' (" + bits + "-bit signed)");
            }
            return switch (typecode) {
                case 'b' -> (byte) v;
                case 'h' -> (short) v;
                case 'i' -> (int) v;
                default -> v;
            };
        }

        @Override
        public String typeId() {
            return Servants.ARRAY;
        }

        @Override
        public synchronized Object call(String m, Object[] a, Session s) {
            return switch (m + a.length) {
                case "get1" -> items[checked(a[0])];
                case "set2" -> {
                    items[checked(a[0])] = convert(a[1]);
                    yield null;
                }
                case "length0" -> items.length;
                case "typecode0" -> String.valueOf(typecode);
                case "toList0" -> new java.util.ArrayList<>(List.of(items));
                default -> throw Servant.noMethod(Servants.ARRAY, m, a.length);
            };
        }

        private int checked(Object o) {
            int i = Servant.index(o);
            if (i < 0 || i >= items.length) {
                throw new IndexOutOfBoundsException("array index " + i + " out of range for length " + items.length);
            }
            return i;
        }
    }
}
