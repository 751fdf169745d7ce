package org.iomodels.server;

/** One connection's traffic: bytes each way, reads that returned data ("messages"), write calls. */
public record ConnStats(long bytesIn, long bytesOut, long messages, long writes) {}
