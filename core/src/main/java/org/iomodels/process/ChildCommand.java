package org.iomodels.process;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of a child JVM: this JVM's {@code java}, its options (less a debugger's or an
 * agent's, which would fight over a port or a file), its class path, the classes the parent
 * allows to cross on pipes and queues ({@code iomodels.process.allow}), and {@link ChildMain}.
 */
final class ChildCommand {
    private static volatile List<String> options;
    private static volatile String classPath;

    private ChildCommand() {}

    static List<String> argv() {
        if (options == null) {
            List<String> o = new ArrayList<>();
            for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                if (!option.startsWith("-agentlib:jdwp") && !option.startsWith("-Xrunjdwp") && !option.startsWith("-javaagent:")
                        && !option.startsWith("-Diomodels.process.allow=")) {
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

    static Map<String, String> env() {
        return new HashMap<>(System.getenv());
    }
}
