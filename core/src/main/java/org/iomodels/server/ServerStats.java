package org.iomodels.server;

/**
 * Connection counts of a server.
 *
 * @param accepted connections accepted and served
 * @param refused  connections accepted and closed at once: over maxConnections, or (select) an fd >= 1024
 * @param open     connections open now
 */
public record ServerStats(long accepted, long refused, long open) {}
