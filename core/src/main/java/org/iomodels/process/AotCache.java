package org.iomodels.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The JDK's AOT cache for child JVMs (JDK 25, JEP 483 and 514): the classes a child loads and
 * links to reach its first message, stored once and mapped by every child after. It is built on
 * first use by a training JVM of its own ({@code ChildMain --train}, in the background, with the
 * children's very options and class path), so no child waits for it; children started before it is
 * ready start without it. One cache per JDK, option list and class path (its jars' sizes and
 * times), in the user's own cache directory ({@code ~/.cache/iomodels/aot}, mode 0700). The JDK maps a cache only for a class path of jars, so a
 * class path with a directory (a build's classes) gets none. {@code -Diomodels.process.aot=false}
 * turns it off.
 */
final class AotCache {
    private static final AtomicBoolean TRAINING = new AtomicBoolean();
    private static final long STALE_MILLIS = 5 * 60_000;

    private AotCache() {}

    /**
     * What {@link #options} worked out for this JVM's one option list and class path: whether a
     * cache can be used, its key, and the options once the cache is there. A child's start asks
     * again each time, and the jars' stat and hash are not start-up work to repeat.
     */
    private record Known(List<String> jvmOptions, String classPath, boolean eligible, String key) {}

    private static volatile Known known;
    private static volatile List<String> found;

    /** The options that make a child use the cache, or none (and the cache's training started, if it is to be built). */
    static List<String> options(List<String> jvmOptions, String classPath) {
        Known k = known(jvmOptions, classPath);
        if (!k.eligible() || k.key() == null) {
            return List.of();
        }
        List<String> f = found;
        if (f != null) {
            return f;
        }
        try {
            Path cache = dir().resolve(k.key() + ".aot");
            if (Files.size(cache) > 0) {
                return found = List.of("-XX:AOTCache=" + cache, "-Xlog:aot=off", "-Xlog:cds=off");
            }
        } catch (IOException | RuntimeException e) {
            // no cache yet: train one below
        }
        train(jvmOptions, classPath, k.key());
        return List.of();
    }

    private static Known known(List<String> jvmOptions, String classPath) {
        Known k = known;
        if (k == null || !k.jvmOptions().equals(jvmOptions) || !k.classPath().equals(classPath)) {
            boolean eligible = eligible(jvmOptions, classPath);
            String key = null;
            if (eligible) {
                try {
                    key = key(jvmOptions, classPath);
                } catch (IOException | RuntimeException e) {
                    // a jar that cannot be read: no cache
                }
            }
            known = k = new Known(List.copyOf(jvmOptions), classPath, eligible, key);
        }
        return k;
    }

    /** The user's own cache directory ({@code $XDG_CACHE_HOME/iomodels/aot}, else {@code ~/.cache/iomodels/aot}), never a shared one. */
    private static Path dir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("iomodels").resolve("aot");
    }

    /** Builds the cache now if it is to be built and waits for it, at most {@code timeoutSeconds}; true if children will map one. */
    static boolean prepare(List<String> jvmOptions, String classPath, double timeoutSeconds) throws InterruptedException {
        long end = System.nanoTime() + (long) (timeoutSeconds * 1e9);
        while (true) {
            if (!known(jvmOptions, classPath).eligible()) {
                return false;
            }
            if (!options(jvmOptions, classPath).isEmpty()) {
                return true;
            }
            if (System.nanoTime() - end > 0) {
                return false;
            }
            Thread.sleep(200);
        }
    }

    private static boolean eligible(List<String> jvmOptions, String classPath) {
        if (Runtime.version().feature() < 25 || "false".equals(System.getProperty("iomodels.process.aot")) || classPath.isEmpty()) {
            return false;
        }
        for (String o : jvmOptions) {
            if (o.startsWith("-XX:AOT") || o.startsWith("-XX:SharedArchiveFile") || o.equals("-Xshare:off")) {
                return false;
            }
        }
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            if (!entry.endsWith(".jar") || !Files.isRegularFile(Path.of(entry))) {
                return false;
            }
        }
        return true;
    }

    private static String key(List<String> jvmOptions, String classPath) throws IOException {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update((System.getProperty("java.home") + "\n" + Runtime.version() + "\n" + String.join("\n", jvmOptions)).getBytes(StandardCharsets.UTF_8));
            for (String entry : classPath.split(java.io.File.pathSeparator)) {
                Path p = Path.of(entry);
                FileTime t = Files.getLastModifiedTime(p);
                d.update(("\n" + p.toAbsolutePath() + " " + Files.size(p) + " " + t.toMillis()).getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(d.digest(), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IOException(e);
        }
    }

    /** Starts the training JVM unless one is under way (here, or by another process: a marker file). */
    private static void train(List<String> jvmOptions, String classPath, String key) {
        if (!TRAINING.compareAndSet(false, true)) {
            return;
        }
        try {
            Path dir = Files.createDirectories(dir(), java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
            if (!Files.getOwner(dir).getName().equals(System.getProperty("user.name"))) {
                return; // not ours: a cache another user could write is not one to map
            }
            Path marker = dir.resolve(key + ".training");
            try {
                Files.createFile(marker);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (System.currentTimeMillis() - Files.getLastModifiedTime(marker).toMillis() < STALE_MILLIS) {
                    return; // another process is building it
                }
                Files.setLastModifiedTime(marker, FileTime.fromMillis(System.currentTimeMillis()));
            }
            try (var old = Files.list(dir)) { // caches of other builds, unused for a day
                old.filter(f -> f.toString().endsWith(".aot") && !f.getFileName().toString().startsWith(key)).forEach(f -> {
                    try {
                        if (System.currentTimeMillis() - Files.getLastModifiedTime(f).toMillis() > 86_400_000L) {
                            Files.deleteIfExists(f);
                        }
                    } catch (IOException ignored) {
                        // another process's, or gone
                    }
                });
            }
            Path tmp = dir.resolve(key + "." + ProcessHandle.current().pid() + ".tmp");
            StringBuilder java = new StringBuilder(quote(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            for (String o : jvmOptions) {
                java.append(' ').append(quote(o));
            }
            java.append(" -XX:AOTCacheOutput=").append(quote(tmp.toString())).append(" -cp ").append(quote(classPath))
                    .append(' ').append(ChildMain.class.getName()).append(" --train");
            // The shell moves the cache into place when the training JVM has written it, even if this process has ended.
            String script = java + " && mv -f " + quote(tmp.toString()) + " " + quote(dir.resolve(key + ".aot").toString())
                    + "; rm -f " + quote(tmp.toString()) + " " + quote(marker.toString());
            new ProcessBuilder("/bin/sh", "-c", script).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException | RuntimeException e) {
            // no cache: children start without one
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
