/**
 * Every core: one server on N processes ("multi-process + coroutines", seed 003). A
 * {@link org.iomodels.prefork.PreforkServer} starts N {@link org.iomodels.prefork.PreforkWorker}
 * child JVMs, each running the model on the same port with {@code SO_REUSEPORT} (the kernel spreads
 * the connections among them; they share nothing), restarts one that dies, and stops them all.
 */
package org.iomodels.prefork;
