package org.iomodels.process.manager;

/** What each proxy holds: its token and its process's client of the manager, through which it calls. */
final class Ref {
    final Token token;
    final Client client;

    Ref(Token token) {
        this.token = token;
        this.client = Client.of(token.home());
    }

    Object call(String method, Object... args) {
        return client.call(token.id(), method, args);
    }

    boolean bool(String method, Object... args) {
        return (Boolean) call(method, args);
    }

    int integer(String method, Object... args) {
        return (Integer) call(method, args);
    }

    @Override
    public String toString() {
        return "<" + token.typeId() + " proxy: object " + token.id() + " of " + token.home() + ">";
    }

    /** What a proxy is, for {@link Token#of}: anything that holds a Ref. */
    interface Proxied {
        Ref ref();
    }
}
