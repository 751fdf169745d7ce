package org.iomodels.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.iomodels.examples.CrawlSites;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code iomodels example crawl}: seed 004 offline. Four local sites with the seed's page sizes
 * and their own latencies, crawled sequentially and with greenlets ({@code crawl --compare}), then
 * with greenlets on a blocking client ({@code --mode unpatched}), each printed as the command a
 * user can run, and run through that same command.
 */
@Command(name = "crawl", mixinStandardHelpOptions = true,
        description = "Seed 004 offline: four local sites with their own latencies, fetched one after another, with greenlets"
                + " (crawl --compare), and with greenlets on a blocking client (--mode unpatched: serial again).")
final class CrawlExampleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (CrawlSites sites = new CrawlSites()) {
            out.println("four sites on loopback, answering after " + sites.latencies().stream()
                    .map(d -> d.toMillis() + " ms").reduce((a, b) -> a + ", " + b).orElse("") + " (serve --protocol http --delay MS)");
            out.println();
            int code = crawl(out, sites.urls(), "--compare");
            out.println();
            out.println("without monkey-patching, the greenlets' blocking calls hold the hub: one fetch at a time again");
            code = Math.max(code, crawl(out, sites.urls(), "--mode", "unpatched"));
            return code;
        }
    }

    private int crawl(PrintWriter out, List<String> urls, String... options) {
        List<String> args = new ArrayList<>(List.of("crawl", "--ignore-robots"));
        args.addAll(List.of(options));
        args.addAll(urls);
        out.println("$ ./iomodels " + String.join(" ", args));
        out.flush();
        CommandLine cli = Main.newCommandLine();
        cli.setOut(out);
        cli.setErr(spec.commandLine().getErr());
        return cli.execute(args.toArray(String[]::new));
    }
}
