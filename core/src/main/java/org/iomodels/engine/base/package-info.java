/**
 * What every engine shares, whatever its model. Read in this order: {@link
 * org.iomodels.engine.base.AbstractServer} (config, handler, the connection limit, ids, the
 * syscall counters of every engine thread, logging, the lifecycle of {@code start} and
 * {@code close}); {@link org.iomodels.engine.base.DescriptorReserve} (one descriptor kept for
 * when the process runs out, EMFILE); {@link org.iomodels.engine.base.FileRegion} (a slice of a
 * file queued by {@code Conn.sendFile}, sent with sendfile(2) or mapped); {@link
 * org.iomodels.engine.base.AdaptiveReadSize} and {@link
 * org.iomodels.engine.base.SocketAddresses}.
 */
package org.iomodels.engine.base;
