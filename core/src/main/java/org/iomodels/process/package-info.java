/**
 * Python's {@code multiprocessing} in Java, on child JVMs (Python's {@code forkserver} and
 * {@code spawn} start methods): {@link org.iomodels.process.ChildProcess} (a function run in a
 * warm spare JVM or a new one started through {@code posix_spawn} with its descriptors, watched
 * through a pidfd), {@link org.iomodels.process.Pipe}
 * and its {@link org.iomodels.process.Connection} ends (framed messages on a pipe each way),
 * and the {@link org.iomodels.process.Codec} objects cross with ({@link org.iomodels.process.JavaCodec}:
 * serialization behind an allow-list). Uses {@code sys} only. Read in this order: ChildProcess,
 * Running (the parent's side), ForkServer (the spare), ChildMain (the child's), Pipe, Connection, Inherited, JavaCodec.
 */
package org.iomodels.process;
