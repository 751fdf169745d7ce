package org.iomodels.process.manager;

/** Makes the proxy of a token's type: what a token read in a client process becomes. */
final class Proxies {
    private Proxies() {}

    static Object of(Token t) {
        Ref r = new Ref(t);
        return switch (t.typeId()) {
            case Servants.DICT -> new DictProxy<>(r);
            case Servants.LIST -> new ListProxy<>(r);
            case Servants.NAMESPACE -> new NamespaceProxy(r);
            case Servants.VALUE -> new ValueProxy<>(r);
            case Servants.ARRAY -> new ArrayProxy(r);
            case Servants.LOCK, Servants.RLOCK, Servants.SEMAPHORE, Servants.BOUNDED_SEMAPHORE -> new AcquirerProxy(r);
            case Servants.EVENT -> new EventProxy(r);
            case Servants.CONDITION -> new ConditionProxy(r);
            case Servants.BARRIER -> new BarrierProxy(r);
            case Servants.QUEUE, Servants.JOINABLE_QUEUE -> new QueueProxy(r);
            default -> new Proxy(r);
        };
    }
}
