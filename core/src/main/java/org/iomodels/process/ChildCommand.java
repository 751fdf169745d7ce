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
    private static volatile List<String> argv;

    private ChildCommand() {}

    static List<String> argv() {
        List<String> a = argv;
        if (a == null) {
            a = new ArrayList<>();
            a.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                if (!option.startsWith("-agentlib:jdwp") && !option.startsWith("-Xrunjdwp") && !option.startsWith("-javaagent:")
                        && !option.startsWith("-Diomodels.process.allow=")) {
                    a.add(option);
                }
            }
            a.add("-cp");
            a.add(System.getProperty("java.class.path"));
            argv = a = List.copyOf(a);
        }
        List<String> full = new ArrayList<>(a);
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
