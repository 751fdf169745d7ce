package org.iomodels.process.manager;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The handshake both ends of a manager connection make before any object crosses: an HMAC-SHA256
 * challenge each way, as Python's {@code multiprocessing.connection} makes (its
 * {@code deliver_challenge} and {@code answer_challenge}, on both sides). The server sends a
 * random nonce; the client answers with the HMAC of it under the key and sends a nonce of its own;
 * the server checks the answer (in constant time) and answers the client's nonce, which the
 * client checks. Each side's answer is labelled, so one side's answer is never the other's. The
 * key itself never crosses. A wrong key on either side ends the connection with
 * {@link AuthenticationException}; nothing is deserialized before both checks have passed.
 */
final class Auth {
    private static final byte[] HELLO = "iomodels-manager/1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WELCOME = "WELCOME".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FAILURE = "FAILURE".getBytes(StandardCharsets.US_ASCII);
    private static final int NONCE = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Auth() {}

    /** A new random key: what a Manager made here uses, and its children inherit in its proxies. */
    static byte[] newKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }

    /** The server's side: true if the client proved it holds {@code key} (else it was told so, and the caller closes). */
    static boolean server(FrameChannel c, byte[] key) throws IOException {
        byte[] nonce = nonce();
        c.send(concat(HELLO, nonce));
        ByteBuffer answer = c.receive();
        if (answer.remaining() != 2 * NONCE) {
            c.send(FAILURE);
            return false;
        }
        byte[] theirs = new byte[NONCE];
        byte[] challenge = new byte[NONCE];
        answer.get(theirs).get(challenge);
        if (!MessageDigest.isEqual(theirs, hmac(key, "client", nonce))) {
            c.send(FAILURE);
            return false;
        }
        c.send(concat(WELCOME, hmac(key, "server", challenge)));
        c.authenticated();
        return true;
    }

    /** The client's side: returns once both checks have passed, or throws naming the one that failed. */
    static void client(FrameChannel c, byte[] key) throws IOException {
        ByteBuffer hello = c.receive();
        byte[] greeting = new byte[Math.min(hello.remaining(), HELLO.length)];
        hello.get(greeting);
        if (!MessageDigest.isEqual(greeting, HELLO) || hello.remaining() != NONCE) {
            throw new AuthenticationException("the server at " + c.peer + " is not an iomodels manager (it did not greet as one)");
        }
        byte[] nonce = new byte[NONCE];
        hello.get(nonce);
        byte[] challenge = nonce();
        c.send(concat(hmac(key, "client", nonce), challenge));
        ByteBuffer reply;
        try {
            reply = c.receive();
        } catch (java.io.EOFException e) {
            throw new AuthenticationException("the manager at " + c.peer + " closed the connection during the handshake");
        }
        byte[] head = new byte[Math.min(reply.remaining(), WELCOME.length)];
        reply.get(head);
        if (MessageDigest.isEqual(head, FAILURE)) {
            throw new AuthenticationException("the manager at " + c.peer + " refused the authkey (HMAC challenge failed): the keys differ");
        }
        byte[] proof = new byte[reply.remaining()];
        reply.get(proof);
        if (!MessageDigest.isEqual(head, WELCOME) || !MessageDigest.isEqual(proof, hmac(key, "server", challenge))) {
            throw new AuthenticationException("the server at " + c.peer + " does not hold the authkey (its answer to our challenge is wrong)");
        }
        c.authenticated();
    }

    private static byte[] nonce() {
        byte[] n = new byte[NONCE];
        RANDOM.nextBytes(n);
        return n;
    }

    static byte[] hmac(byte[] key, String label, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(label.getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
