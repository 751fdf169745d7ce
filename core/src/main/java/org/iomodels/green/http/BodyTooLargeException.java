package org.iomodels.green.http;

import java.io.IOException;

/** A response body over the client's cap ({@link HttpClient.Options#maxBody}): the request fails, the connection is closed. */
public final class BodyTooLargeException extends IOException {
    public BodyTooLargeException(String message) {
        super(message);
    }
}
