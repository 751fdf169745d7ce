package org.iomodels.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.iomodels.bench.BenchConfig;
import org.iomodels.bench.Target;
import org.iomodels.engine.Engines;
import org.iomodels.explain.Exchange;
import org.iomodels.explain.Reading;
import org.iomodels.server.IoModel;

/** The bench's explain traces: each model it measured, traced as {@code explain --model M --messages 20}, for the report. */
final class BenchExplain {
    static final int MESSAGES = 20;

    private BenchExplain() {}

    /** One {@code explain --json} object per model among the targets (variants :pN and :lN once, as their model); none for memory. */
    static List<String> traces(BenchConfig config) {
        if (config.scenario() == BenchConfig.Scenario.MEMORY) {
            return List.of();
        }
        Set<IoModel> models = new LinkedHashSet<>();
        for (String t : config.targets()) {
            String base = t.contains(":") ? t.substring(0, t.indexOf(':')) : t;
            if (Target.byName(base).kind() == Target.Kind.ENGINE) {
                models.add(IoModel.byName(base));
            }
        }
        PrintWriter err = new PrintWriter(System.err, true);
        List<String> out = new ArrayList<>();
        int size = Math.min(config.size(), 1 << 20);
        for (IoModel m : models) {
            if (Engines.unsupportedReason(m) != null) {
                continue;
            }
            err.println("bench: explain " + m.cliName() + " (" + MESSAGES + " messages of " + size + " B) for the report");
            try {
                Exchange.Traced t = ExplainTraces.traced(m, size, MESSAGES, err);
                out.add(ExplainTraces.json(t, Reading.of(t)));
            } catch (Exception e) {
                err.println("bench: explain " + m.cliName() + " failed, the report goes without it: " + e);
            }
        }
        return out;
    }
}
