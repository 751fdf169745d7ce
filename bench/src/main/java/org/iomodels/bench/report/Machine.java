package org.iomodels.bench.report;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The machine a run was measured on, as the report states it: cores, CPU model, kernel, JDK, the peers' Python. */
public final class Machine {
    private Machine() {}

    public static ObjectNode describe() {
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("cpu", cpuModel());
        m.put("kernel", firstLine(Path.of("/proc/sys/kernel/osrelease"), System.getProperty("os.version")));
        m.put("jdk", System.getProperty("java.vendor") + " " + Runtime.version());
        m.put("python", python());
        return m;
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static String firstLine(Path file, String otherwise) {
        try {
            return Files.readAllLines(file).getFirst().trim();
        } catch (IOException | RuntimeException e) {
            return otherwise;
        }
    }

    /** /usr/bin/python3's version, with greenlet's and gevent's when they are there; "none" without it. */
    static String python() {
        Path python = Path.of("/usr/bin/python3");
        if (!Files.isExecutable(python)) {
            return "none";
        }
        String script = "import sys\nv = 'CPython ' + sys.version.split()[0]\nfor m in ('greenlet', 'gevent'):\n    try:\n"
                + "        v += ', %s %s' % (m, __import__(m).__version__)\n    except Exception:\n        pass\nprint(v)\n";
        try {
            Process p = new ProcessBuilder(python.toString(), "-c", script).redirectErrorStream(true).start();
            try {
                if (!p.waitFor(15, TimeUnit.SECONDS)) {
                    return "unknown (python3 did not answer in 15 s)";
                }
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            } finally {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown (interrupted)";
        }
    }
}
