package org.iomodels.process;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of a child JVM: this JVM's {@code java}, its options (less those that would
 * fight over a port or a file: a debugger's, an agent's, JMX's, a recording's, a log file's), its class path, the classes the parent
 * allows to cross on pipes and queues ({@code iomodels.process.allow}), and {@link ChildMain}.
 */
final class ChildCommand {
    private static volatile List<String> options;
    private static volatile String classPath;

    private ChildCommand() {}

    /** {@link AotCache#prepare} for this JVM's children. */
    static boolean prepareAot(double timeoutSeconds) throws InterruptedException {
        argv();
        return AotCache.prepare(options, classPath, timeoutSeconds);
    }

    static List<String> argv() {
        if (options == null) {
            List<String> o = new ArrayList<>();
            for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                if (!fightsOverAPortOrAFile(option) && !option.startsWith("-Diomodels.process.allow=")) {
                    o.add(option);
                }
            }
            classPath = System.getProperty("java.class.path");
            options = List.copyOf(o);
        }
        List<String> full = new ArrayList<>();
        full.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        full.addAll(options);
        full.addAll(AotCache.options(options, classPath));
        full.add("-cp");
        full.add(classPath);
        String allowed = JavaCodec.allowedByUser();
        if (!allowed.isEmpty()) {
            full.add("-Diomodels.process.allow=" + allowed);
        }
        full.add(ChildMain.class.getName());
        return full;
    }

    /** A debugger, an agent, a JMX port, a flight recording or a log file: one per JVM, so not the child's. */
    private static boolean fightsOverAPortOrAFile(String o) {
        return o.startsWith("-agentlib:") || o.startsWith("-agentpath:") || o.startsWith("-Xrunjdwp") || o.startsWith("-javaagent:")
                || o.startsWith("-Dcom.sun.management.jmxremote") || o.startsWith("-XX:StartFlightRecording")
                || o.startsWith("-XX:FlightRecorderOptions") || (o.startsWith("-Xlog") && o.contains("file="))
                || o.startsWith("-XX:HeapDumpPath") || o.startsWith("-XX:ErrorFile");
    }

    /**
     * This process's environment, less the variables the java launcher reads options from: their
     * options are in this JVM's arguments already, filtered above, and must not come back unfiltered.
     */
    static Map<String, String> env() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove("JAVA_TOOL_OPTIONS");
        env.remove("JDK_JAVA_OPTIONS");
        env.remove("_JAVA_OPTIONS");
        return env;
    }
}
