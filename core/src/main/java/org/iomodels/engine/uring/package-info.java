/**
 * Model {@code io_uring}: Stevens' asynchronous model, where the kernel both waits for the data
 * and copies it, and the loop learns of a read only when it is done. Multishot accept and
 * receive into a ring of provided buffers, sends from pooled native memory, one
 * io_uring_enter(2) per loop turn. Read in this order: {@link
 * org.iomodels.engine.uring.IoUringServer} (loops, the listener, the multishot accept), {@link
 * org.iomodels.engine.uring.IoUringLoop} (a turn: submit, wait, one pass over the completions),
 * {@link org.iomodels.engine.uring.IoUringConn} (a connection's receives and its close), {@link
 * org.iomodels.engine.uring.IoUringSend} and {@link org.iomodels.engine.uring.IoUringSendBuffers}
 * (a send in flight and its memory), {@link org.iomodels.engine.uring.IoUringReceiveBuffers}
 * (buffers handed back, receives re-armed after ENOBUFS), {@link
 * org.iomodels.engine.uring.IoUringBatchWait} (how long a wait asks for). The ring itself, the
 * buffer ring, the prep helpers and the user-data packing are below, in {@code org.iomodels.uring}.
 */
package org.iomodels.engine.uring;
