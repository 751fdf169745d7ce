/**
 * A small ring layer for io_uring between {@code sys} (the syscalls and the kernel's constants)
 * and whoever drives a ring (the {@code io_uring} engine today). Read in this order: {@link
 * org.iomodels.uring.IoUringRing} (setup, the mapped queues, getSqe, submit, completions), {@link
 * org.iomodels.uring.IoUringPrep} (one helper per operation, named after liburing's: {@code
 * prepRecvMultishot}, {@code prepSend}, {@code prepMultishotAccept}, {@code prepCancel64}, {@code
 * prepRead}, {@code prepPollAdd}), {@link org.iomodels.uring.IoUringUserData} (the user-data
 * packing, in one place), {@link org.iomodels.uring.IoUringBufferRing} (provided buffers).
 */
package org.iomodels.uring;
