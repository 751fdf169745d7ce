package org.iomodels.prefork;

import org.iomodels.sys.SyscallCounters;

/**
 * What one worker served, as it stopped: its slot (1 to N), pid, syscall counters, and for HTTP
 * the requests it answered (-1 for another protocol).
 */
public record WorkerReport(int slot, long pid, SyscallCounters.Snapshot counters, long requests) {}
