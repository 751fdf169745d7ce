package org.iomodels.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.iomodels.bench.claims.ClaimResult;
import org.iomodels.bench.claims.Claims;
import picocli.CommandLine.Model.CommandSpec;

/** {@code bench --scenario claims}: the seeds' ten claims measured in one run, a verdict each, results.json and report.html. */
final class ClaimsRun {
    private ClaimsRun() {}

    static int run(CommandSpec spec, String which, double duration, double warmup, int repeat, Path out) throws Exception {
        Checks check = new Checks(spec);
        List<Integer> claims = new ArrayList<>();
        for (String part : which.split(",")) {
            String p = part.trim();
            if (p.equals("all")) {
                Claims.TEXTS.forEach(t -> claims.add(t.n()));
                continue;
            }
            int n;
            try {
                n = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw check.usage("--claims " + which + ": '" + p + "' is not a claim's number (1 to " + Claims.TEXTS.size() + ", or all)");
            }
            check.require(n >= 1 && n <= Claims.TEXTS.size(), "--claims " + which + ": there is no claim " + n + " (1 to " + Claims.TEXTS.size() + ")");
            check.require(!claims.contains(n), "--claims " + which + ": claim " + n + " given twice");
            claims.add(n);
        }
        check.positiveSeconds("--duration", duration);
        check.seconds("--warmup", warmup);
        check.atLeast("--repeat", repeat, 1);
        check.writableDirectory("--out", out);
        for (String file : List.of("results.json", "report.html")) {
            check.writableFile("--out", out.resolve(file));
        }
        System.err.printf("bench: claims scenario, claims %s; network runs of %s s after %s s warm-up, %d each%n", claims, duration, warmup, repeat);
        Files.createDirectories(out);
        Claims.Context context = new Claims.Context(ScenarioRun.childJava(), Main.class.getName(), duration, warmup, repeat, out.toAbsolutePath(),
                System.err);
        List<ClaimResult> results = Claims.run(context, claims);
        String table = Claims.table(results);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(table);
        Files.writeString(out.resolve("results.json"), Claims.json(results, context));
        stdout.println("wrote " + out.resolve("results.json"));
        ScenarioRun.report(spec, out, table, null);
        return results.stream().anyMatch(r -> r.held() == null) ? 1 : 0;
    }
}
