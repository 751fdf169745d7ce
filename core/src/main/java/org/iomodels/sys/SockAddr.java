package org.iomodels.sys;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;

/**
 * Socket addresses as {@code ip(7)} and {@code ipv6(7)} lay them out. Ports and IPv4 addresses
 * are in network byte order (big-endian) whatever the host's order is.
 */
final class SockAddr {
    private static final ValueLayout.OfShort NET_SHORT = JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt NET_INT = JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN);

    /** <pre>struct sockaddr_in { sa_family_t sin_family; in_port_t sin_port; struct in_addr sin_addr; unsigned char sin_zero[8]; };</pre> */
    static final StructLayout SOCKADDR_IN = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sin_family"),
            NET_SHORT.withName("sin_port"),
            MemoryLayout.sequenceLayout(4, JAVA_BYTE).withName("sin_addr"),
            MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("sin_zero"));

    /**
     * <pre>struct sockaddr_in6 { sa_family_t sin6_family; in_port_t sin6_port; uint32_t sin6_flowinfo;
     *                     struct in6_addr sin6_addr; uint32_t sin6_scope_id; };</pre>
     */
    static final StructLayout SOCKADDR_IN6 = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sin6_family"),
            NET_SHORT.withName("sin6_port"),
            NET_INT.withName("sin6_flowinfo"),
            MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("sin6_addr"),
            JAVA_INT.withName("sin6_scope_id"));

    /** {@code sizeof(struct sockaddr_storage)}: room for any address family. */
    static final long STORAGE_SIZE = 128;

    private static final long IN_PORT = SOCKADDR_IN.byteOffset(MemoryLayout.PathElement.groupElement("sin_port"));
    private static final long IN_ADDR = SOCKADDR_IN.byteOffset(MemoryLayout.PathElement.groupElement("sin_addr"));
    private static final long IN6_PORT = SOCKADDR_IN6.byteOffset(MemoryLayout.PathElement.groupElement("sin6_port"));
    private static final long IN6_ADDR = SOCKADDR_IN6.byteOffset(MemoryLayout.PathElement.groupElement("sin6_addr"));
    private static final long IN6_SCOPE = SOCKADDR_IN6.byteOffset(MemoryLayout.PathElement.groupElement("sin6_scope_id"));

    private SockAddr() {}

    /** Encodes {@code address} (already resolved) into a new segment of {@code arena}. */
    static MemorySegment encode(InetSocketAddress address, Arena arena) {
        InetAddress ip = address.getAddress();
        if (ip == null) {
            throw new IllegalArgumentException("unresolved address " + address.getHostString()
                    + ": resolve it (new InetSocketAddress(host, port)) before binding or connecting");
        }
        if (ip instanceof Inet4Address) {
            MemorySegment sa = arena.allocate(SOCKADDR_IN);
            sa.set(JAVA_SHORT, 0, (short) Socket.AF_INET);
            sa.set(NET_SHORT, IN_PORT, (short) address.getPort());
            MemorySegment.copy(ip.getAddress(), 0, sa, JAVA_BYTE, IN_ADDR, 4);
            return sa;
        }
        MemorySegment sa = arena.allocate(SOCKADDR_IN6);
        sa.set(JAVA_SHORT, 0, (short) Socket.AF_INET6);
        sa.set(NET_SHORT, IN6_PORT, (short) address.getPort());
        MemorySegment.copy(ip.getAddress(), 0, sa, JAVA_BYTE, IN6_ADDR, 16);
        sa.set(JAVA_INT, IN6_SCOPE, ((Inet6Address) ip).getScopeId());
        return sa;
    }

    /** The address held by the first {@code length} bytes of {@code sa}; null for AF_UNIX and other families. */
    static InetSocketAddress decode(MemorySegment sa, int length) {
        int family = sa.get(JAVA_SHORT, 0);
        try {
            if (family == Socket.AF_INET && length >= SOCKADDR_IN.byteSize()) {
                byte[] ip = sa.asSlice(IN_ADDR, 4).toArray(JAVA_BYTE);
                return new InetSocketAddress(InetAddress.getByAddress(ip), Short.toUnsignedInt(sa.get(NET_SHORT, IN_PORT)));
            }
            if (family == Socket.AF_INET6 && length >= SOCKADDR_IN6.byteSize()) {
                byte[] ip = sa.asSlice(IN6_ADDR, 16).toArray(JAVA_BYTE);
                InetAddress addr = Inet6Address.getByAddress(null, ip, sa.get(JAVA_INT, IN6_SCOPE));
                return new InetSocketAddress(addr, Short.toUnsignedInt(sa.get(NET_SHORT, IN6_PORT)));
            }
        } catch (UnknownHostException e) {
            throw new AssertionError("a 4- or 16-byte address is always valid", e);
        }
        return null;
    }

    /** {@code 127.0.0.1:8080} or {@code [::1]:8080}, never a host name lookup. */
    static String format(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        String host = ip == null ? address.getHostString() : ip.getHostAddress();
        return (ip instanceof Inet6Address ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
