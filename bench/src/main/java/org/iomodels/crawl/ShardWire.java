package org.iomodels.crawl;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch of {@link ShardMessage}s as one frame: a tag and the fields of each, in order. A link
 * found costs a few dozen bytes and no serialization stream: Java serialization of one record per
 * message cost about 2 ms each in a fresh JVM (the links of one page took 270 ms to cross), and a
 * batch is one pipe write for all that queued meanwhile.
 */
final class ShardWire {
    private static final byte ADMIT = 1, STOP = 2, READY = 3, STARTED = 4, NOTE = 5, PAGE = 6, SKIPPED = 7, FOLLOW = 8, SUMMARY = 9;

    private ShardWire() {}

    static byte[] encode(List<? extends ShardMessage> batch) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * batch.size() + 16);
        DataOutputStream out = new DataOutputStream(bytes);
        try {
            out.writeInt(batch.size());
            for (ShardMessage m : batch) {
                write(out, m);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    private static void write(DataOutputStream out, ShardMessage m) throws IOException {
        switch (m) {
            case ShardMessage.Admit a -> {
                out.writeByte(ADMIT);
                link(out, a.url(), a.depth(), a.redirectedFrom());
            }
            case ShardMessage.Follow f -> {
                out.writeByte(FOLLOW);
                link(out, f.url(), f.depth(), f.redirectedFrom());
            }
            case ShardMessage.Stop s -> out.writeByte(STOP);
            case ShardMessage.Ready r -> out.writeByte(READY);
            case ShardMessage.Started s -> {
                out.writeByte(STARTED);
                string(out, s.url().toString());
                out.writeInt(s.attempt());
            }
            case ShardMessage.Note n -> {
                out.writeByte(NOTE);
                string(out, n.line());
            }
            case ShardMessage.Skipped s -> {
                out.writeByte(SKIPPED);
                string(out, s.url().toString());
            }
            case ShardMessage.Page p -> {
                PageResult r = p.result();
                out.writeByte(PAGE);
                string(out, r.url());
                out.writeInt(r.status());
                out.writeLong(r.bytes());
                out.writeDouble(r.ms());
                out.writeInt(r.depth());
                out.writeInt(r.attempts());
                string(out, r.errorKind());
                string(out, r.error());
            }
            case ShardMessage.Summary s -> {
                out.writeByte(SUMMARY);
                out.writeLong(s.retries());
                out.writeInt(s.maxInFlight());
                out.writeInt(s.maxInFlightPerHost());
            }
        }
    }

    static List<ShardMessage> decode(byte[] frame) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(frame));
        int n = in.readInt();
        if (n < 0 || n > frame.length) {
            throw new IOException("a crawl batch of " + n + " messages in " + frame.length + " bytes");
        }
        List<ShardMessage> batch = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte tag = in.readByte();
            batch.add(switch (tag) {
                case ADMIT -> new ShardMessage.Admit(uri(in), in.readInt(), chain(in));
                case FOLLOW -> new ShardMessage.Follow(uri(in), in.readInt(), chain(in));
                case STOP -> new ShardMessage.Stop();
                case READY -> new ShardMessage.Ready();
                case STARTED -> new ShardMessage.Started(uri(in), in.readInt());
                case NOTE -> new ShardMessage.Note(string(in));
                case SKIPPED -> new ShardMessage.Skipped(uri(in));
                case PAGE -> new ShardMessage.Page(new PageResult(string(in), in.readInt(), in.readLong(), in.readDouble(),
                        in.readInt(), in.readInt(), string(in), string(in)));
                case SUMMARY -> new ShardMessage.Summary(in.readLong(), in.readInt(), in.readInt());
                default -> throw new IOException("unknown crawl message tag " + tag);
            });
        }
        return batch;
    }

    private static void link(DataOutputStream out, URI url, int depth, List<URI> chain) throws IOException {
        string(out, url.toString());
        out.writeInt(depth);
        out.writeInt(chain.size());
        for (URI u : chain) {
            string(out, u.toString());
        }
    }

    private static List<URI> chain(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > CrawlOptions.MAX_REDIRECTS + 1) {
            throw new IOException("a redirect chain of " + n);
        }
        List<URI> chain = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            chain.add(uri(in));
        }
        return List.copyOf(chain);
    }

    /** A string or null: its UTF-8 length (-1 for null) and bytes. */
    private static void string(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String string(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < -1 || n > in.available()) {
            throw new IOException("a string of " + n + " bytes in a crawl batch");
        }
        return n < 0 ? null : new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }

    private static URI uri(DataInputStream in) throws IOException {
        String s = string(in);
        if (s == null) {
            throw new IOException("a URL missing in a crawl batch");
        }
        return URI.create(s);
    }
}
