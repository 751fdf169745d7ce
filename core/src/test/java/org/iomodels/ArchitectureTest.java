package org.iomodels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layers, checked on the sources: every reference from one core package to another points
 * down (an import, or a name written out in the code), and no main source file of any module
 * passes 300 lines. The picture is {@link #ALLOWED}, the same as docs/ARCHITECTURE.md's.
 */
class ArchitectureTest {
    private static final Path CORE = Path.of("src/main/java/org/iomodels");
    private static final int MAX_LINES = 300;

    /** What each core package may use, besides itself. Anything else is an upward (or sideways) arrow. */
    static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("sys", Set.of()),
            Map.entry("server", Set.of("sys")),
            Map.entry("protocol", Set.of("server")),
            Map.entry("protocol.http", Set.of("protocol", "server", "sys")),
            Map.entry("poller", Set.of("sys")),
            Map.entry("green", Set.of("poller", "sys")),
            Map.entry("green.http", Set.of("green")),
            Map.entry("process", Set.of("sys")),
            Map.entry("process.pool", Set.of("process")),
            Map.entry("process.manager", Set.of("process")),
            Map.entry("uring", Set.of("sys")),
            Map.entry("selectors", Set.of("poller", "sys")),
            Map.entry("engine.base", Set.of("server", "sys")),
            Map.entry("engine.loop", Set.of("engine.base", "poller", "server", "sys")),
            Map.entry("engine.readiness", Set.of("engine.loop", "engine.base", "poller", "server", "sys")),
            Map.entry("engine.uring", Set.of("engine.loop", "engine.base", "poller", "uring", "server", "sys")),
            Map.entry("engine.nio", Set.of("engine.loop", "engine.base", "poller", "server", "sys")),
            Map.entry("engine.nio2", Set.of("engine.base", "server", "sys")),
            Map.entry("engine.thread", Set.of("engine.base", "server", "sys")),
            Map.entry("engine.green", Set.of("engine.loop", "engine.base", "green", "server", "sys")),
            Map.entry("engine", Set.of("engine.readiness", "engine.uring", "engine.nio", "engine.nio2",
                    "engine.thread", "engine.green", "server", "sys")),
            Map.entry("prefork", Set.of("engine", "engine.base", "process", "protocol.http", "server", "sys")));

    private static final Pattern PACKAGE = Pattern.compile("^package org\\.iomodels\\.([\\w.]+);", Pattern.MULTILINE);
    /** A reference to a class of ours: the package is what comes before the first capitalised part. */
    private static final Pattern REFERENCE = Pattern.compile("\\borg\\.iomodels\\.((?:[a-z]\\w*\\.)*[a-z]\\w*)\\.[A-Z]");

    @Test
    void everyCorePackageIsInThePicture() throws IOException {
        Set<String> packages = new TreeSet<>();
        for (Path f : javaFiles(CORE)) {
            packages.add(packageOf(Files.readString(f), f));
        }
        assertEquals(new TreeSet<>(ALLOWED.keySet()), packages,
                "core's packages and ArchitectureTest.ALLOWED (and docs/ARCHITECTURE.md) must list the same packages");
    }

    @Test
    void everyReferenceBetweenCorePackagesPointsDown() throws IOException {
        List<String> upward = new ArrayList<>();
        for (Path f : javaFiles(CORE)) {
            upward.addAll(upwardReferences(f, Files.readString(f)));
        }
        assertEquals(List.of(), upward, "references that point up or sideways through the layers");
    }

    @Test
    void anUpwardImportFails() {
        String source = "package org.iomodels.server;\n\nimport org.iomodels.engine.Engines;\n\nclass Probe {}\n";
        assertEquals(List.of("server/Probe.java: server -> engine (org.iomodels.engine.Engines)"),
                upwardReferences(Path.of("server/Probe.java"), source));
        String written = "package org.iomodels.sys;\n\nclass Probe { Object o = org.iomodels.server.Conn.class; }\n";
        assertEquals(1, upwardReferences(Path.of("sys/Probe.java"), written).size(), "a name written out counts");
        String comment = "package org.iomodels.sys;\n\n/** Used by {@link org.iomodels.engine.Engines}. */\nclass Probe {}\n";
        assertEquals(List.of(), upwardReferences(Path.of("sys/Probe.java"), comment), "a comment is not an arrow");
    }

    @Test
    void noMainSourceFilePasses300Lines() throws IOException {
        List<String> long_ = new ArrayList<>();
        for (String module : List.of("src/main/java", "../bench/src/main/java", "../cli/src/main/java")) {
            Path root = Path.of(module);
            if (!Files.isDirectory(root)) {
                continue;
            }
            for (Path f : javaFiles(root)) {
                long lines;
                try (Stream<String> s = Files.lines(f)) {
                    lines = s.count();
                }
                if (lines > MAX_LINES) {
                    long_.add(f.normalize() + ": " + lines + " lines");
                }
            }
        }
        assertTrue(Files.isDirectory(Path.of("../cli/src/main/java")), "the test runs in core/, beside bench/ and cli/");
        assertEquals(List.of(), long_, "main source files over " + MAX_LINES + " lines: split them by concern");
    }

    static List<String> upwardReferences(Path file, String source) {
        String from = packageOf(source, file);
        Set<String> allowed = ALLOWED.get(from);
        String code = withoutComments(source.substring(source.indexOf(';') + 1)); // past the package line
        List<String> found = new ArrayList<>();
        Matcher m = REFERENCE.matcher(code);
        while (m.find()) {
            String to = m.group(1);
            if (to.equals(from) || (allowed != null && allowed.contains(to))) {
                continue;
            }
            int end = m.end() - 1;
            while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) {
                end++;
            }
            String line = file + ": " + from + " -> " + to + " (" + code.substring(m.start(), end) + ")";
            if (!found.contains(line)) {
                found.add(line);
            }
        }
        return found;
    }

    private static String withoutComments(String code) {
        return code.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", " ");
    }

    private static String packageOf(String source, Path file) {
        Matcher m = PACKAGE.matcher(source);
        if (!m.find()) {
            throw new IllegalStateException(file + " declares no org.iomodels package");
        }
        return m.group(1);
    }

    private static List<Path> javaFiles(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
