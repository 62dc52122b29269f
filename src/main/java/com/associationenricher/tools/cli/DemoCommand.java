package com.associationenricher.tools.cli;

import com.associationenricher.tools.demo.DemoRun;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code demo}: see the product work in under a minute with nothing installed but Java. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a real Kafka broker, the HubSpot simulator and the enricher in this process on a generated stream of change events.")
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--events", defaultValue = "3000", description = "Change events to generate (default: ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--produce-seconds", defaultValue = "5", description = "Spread the events over this many seconds (default: ${DEFAULT-VALUE}).")
    int produceSeconds;

    @Option(names = "--timeout-seconds", defaultValue = "40", description = "Give up waiting for every id after this long (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--follow", description = "Keep running after the summary until Ctrl-C.")
    boolean follow;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter progress = spec.commandLine().getErr();
        DemoRun.Outcome outcome = new DemoRun(new DemoRun.Options(events, Duration.ofSeconds(produceSeconds),
                Duration.ofSeconds(timeoutSeconds), follow), out, progress).run();
        return outcome.unsettled().isEmpty() ? 0 : 1;
    }
}
