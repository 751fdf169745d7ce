package org.iomodels.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.iomodels.bench.report.ReportFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code iomodels report DIR}: {@code DIR/report.html} drawn again from {@code DIR/results.json}, as bench writes it. */
@Command(name = "report",
        mixinStandardHelpOptions = true,
        description = {"Render DIR/report.html from the results.json a bench run wrote into DIR (its --out): one self-contained",
                "page with the run's charts and tables, offline from file://. Older runs get pages too."})
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "A bench run's --out directory, holding results.json.")
    Path dir;

    @Override
    public Integer call() throws Exception {
        Checks check = new Checks(spec);
        check.require(Files.isDirectory(dir), "DIR " + dir + ": not a directory");
        Path out;
        try {
            out = ReportFiles.render(dir);
        } catch (ReportFiles.BadResults e) {
            throw check.usage(e.getMessage());
        }
        spec.commandLine().getOut().println("wrote " + out);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
