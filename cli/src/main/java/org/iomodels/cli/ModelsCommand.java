package org.iomodels.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.iomodels.engine.Engines;
import org.iomodels.server.IoModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code iomodels models}: every {@link IoModel} with whether this machine can run it (probed at
 * run time through {@link Engines#unsupportedReason}) and the kernel or JDK mechanism it uses,
 * one line each:
 * <pre>
 * epoll         yes  epoll(7) readiness loop, level-triggered
 * </pre>
 */
@Command(name = "models",
        mixinStandardHelpOptions = true,
        description = "List the I/O models: name, whether this machine supports it (and why not), and the mechanism.")
final class ModelsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        for (IoModel model : IoModel.values()) {
            out.println(line(model));
        }
        out.flush();
        return 0;
    }

    /** {@code name  yes|no  mechanism}, plus the reason when the model is not supported here. */
    static String line(IoModel model) {
        String reason = Engines.unsupportedReason(model);
        String row = String.format("%-13s %-4s %s", model.cliName(), reason == null ? "yes" : "no", model.mechanism());
        return reason == null ? row : row + " (not supported here: " + reason + ")";
    }
}
