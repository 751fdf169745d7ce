/**
 * An HTTP/1.1 client on the green package's cooperative sockets, for greenlets: {@link
 * org.iomodels.green.http.HttpClient} (requests, redirects, the keep-alive pool, timeouts, gzip)
 * over {@link org.iomodels.green.http.ResponseReader} (one response: head and framed body).
 */
package org.iomodels.green.http;
