/**
 * {@code explain}: Stevens' two phases of a read (waiting for the data, copying it from the
 * kernel), traced and measured for one echoed exchange on any model: the server's syscalls in
 * order with their phase ({@link org.iomodels.explain.Phase}), the seeds' figure drawn with the
 * measured times ({@link org.iomodels.explain.Figure}), and what it means
 * ({@link org.iomodels.explain.Reading}).
 */
package org.iomodels.explain;
