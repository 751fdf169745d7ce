package org.iomodels.protocol.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Maps a request path to a file under the root, and never to one outside it. Each segment is
 * percent-decoded on its own, and a segment that decodes to {@code .}, {@code ..}, or holds a
 * {@code /}, {@code \} or NUL is refused (400) before the file system sees it, so {@code %2e%2e}
 * is caught like {@code ..}. A symbolic link that leads out of the root is refused too (403).
 */
final class FilePaths {
    private final Path root;

    FilePaths(Path root) throws IOException {
        this.root = root.toRealPath();
    }

    Path root() {
        return root;
    }

    /** A file to serve: its real path and what one stat of it said. */
    record Resolved(Path file, BasicFileAttributes attrs) {}

    /** The regular file {@code path} (absolute, undecoded, without query) names; a directory means its index.html. */
    Resolved resolve(String path) throws HttpException {
        Path p = root;
        for (String raw : path.split("/", -1)) {
            if (raw.isEmpty()) {
                continue;
            }
            String segment = decode(raw);
            if (segment.equals(".") || segment.equals("..")) {
                throw new HttpException(400, "path segment '" + segment + "' is not allowed");
            }
            if (segment.indexOf('/') >= 0 || segment.indexOf('\\') >= 0 || segment.indexOf('\0') >= 0) {
                throw new HttpException(400, "a path segment may not hold an encoded '/', '\\' or NUL");
            }
            p = p.resolve(segment);
        }
        Resolved found = stat(p, path);
        if (found.attrs.isDirectory()) {
            found = stat(found.file.resolve("index.html"), path);
        }
        if (!found.attrs.isRegularFile()) {
            throw new HttpException(404, "no file " + path);
        }
        if (!Files.isReadable(found.file)) {
            throw new HttpException(403, path + " is not readable");
        }
        return found;
    }

    /** The real path of {@code p} (symbolic links followed), which must stay under the root, and its attributes. */
    private Resolved stat(Path p, String path) throws HttpException {
        Path real;
        BasicFileAttributes attrs;
        try {
            real = p.toRealPath();
            if (!real.startsWith(root)) {
                throw new HttpException(403, path + " leads outside the served directory");
            }
            attrs = Files.readAttributes(real, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new HttpException(404, "no file " + path);
        } catch (IOException e) {
            throw new HttpException(403, "cannot open " + path);
        }
        return new Resolved(real, attrs);
    }

    /** Percent-decodes one segment into UTF-8 text; malformed escapes or UTF-8 are a 400. */
    static String decode(String raw) throws HttpException {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '%') {
                bytes.write(c);
                continue;
            }
            int hi = i + 2 < raw.length() ? Ascii.hexValue(raw.charAt(i + 1)) : -1;
            int lo = hi >= 0 ? Ascii.hexValue(raw.charAt(i + 2)) : -1;
            if (lo < 0) {
                throw new HttpException(400, "malformed percent-encoding in the path");
            }
            bytes.write(hi * 16 + lo);
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new HttpException(400, "the path is not UTF-8 once percent-decoded");
        }
    }
}
