package org.iomodels.process.manager;

import java.io.IOException;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/**
 * What a proxy is when it crosses to another process (Python's {@code Token}): its manager's
 * {@link Home}, the object's id there and its type. Read back in a client process it becomes a
 * proxy again, connected to that manager; read in the manager itself it stays a token, which the
 * manager's containers hold (a dict of lists holds references to the lists, as Python's nested
 * proxies do).
 */
record Token(Home home, long id, String typeId) implements Serializable, org.iomodels.process.Decodable {
    @Serial
    private static final long serialVersionUID = 1L;

    Token {
        if (home == null || id < 1 || typeId == null || typeId.isEmpty()) {
            throw new IllegalArgumentException("a malformed manager token: " + home + ", object " + id + ", type " + typeId);
        }
    }

    /** The token of {@code v} if it is a proxy, else null. */
    static Token of(Object v) {
        return v instanceof Ref.Proxied p ? p.ref().token : null;
    }

    @Serial
    private Object readResolve() throws ObjectStreamException {
        return Server.inServer() ? this : Proxies.of(this);
    }

    /**
     * Where a manager is and the key to it: its address ({@code unix:PATH} or {@code tcp:HOST:PORT})
     * and its pid, for the messages. A proxy carries the key when it crosses, as Python's does to a
     * child it starts: whoever reads a token can use the manager, so a token goes only where the
     * manager's objects may.
     */
    static final class Home implements Serializable, org.iomodels.process.Decodable {
        @Serial
        private static final long serialVersionUID = 1L;
        final String address;
        final byte[] authKey;
        final long pid;

        Home(String address, byte[] authKey, long pid) {
            this.address = address;
            this.authKey = authKey.clone();
            this.pid = pid;
        }

        SocketAddress socketAddress() {
            if (address.startsWith("unix:")) {
                return UnixDomainSocketAddress.of(address.substring(5));
            }
            String hostPort = address.substring(4);
            int colon = hostPort.lastIndexOf(':');
            return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
        }

        static String name(SocketAddress a) {
            if (a instanceof UnixDomainSocketAddress u) {
                return "unix:" + u.getPath();
            }
            InetSocketAddress i = (InetSocketAddress) a;
            return "tcp:" + i.getAddress().getHostAddress() + ":" + i.getPort();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Home h && h.address.equals(address);
        }

        @Override
        public int hashCode() {
            return address.hashCode();
        }

        @Override
        public String toString() {
            return "the manager" + (pid > 0 ? " (pid " + pid + ")" : "") + " at " + address;
        }

        @Serial
        private void readObject(java.io.ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            if (address == null || !(address.startsWith("unix:") || address.startsWith("tcp:") && address.lastIndexOf(':') > 4)
                    || authKey == null || authKey.length == 0) {
                throw new java.io.InvalidObjectException("a malformed manager token: " + address);
            }
        }
    }
}
