package org.iomodels.process;

/**
 * Marks a class of this library that every {@link JavaCodec} decodes, whatever its allow-list: it
 * holds only data, and reading it builds nothing else (a manager's proxy crosses as its token,
 * which becomes a proxy again where it is read). Only classes under {@code org.iomodels} count.
 */
public interface Decodable {}
