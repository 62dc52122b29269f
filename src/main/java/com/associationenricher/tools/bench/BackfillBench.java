package com.associationenricher.tools.bench;

import com.associationenricher.tools.demo.KafkaBrokerProcess;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Only the backfill and reconcile scenarios, on a broker of their own: {@code java -cp
 * target/association-enricher-tools.jar com.associationenricher.tools.bench.BackfillBench [scale] [output dir]}
 * (scale 1: 1,000,000 objects; 0.2 is --quick's 200,000). For a branch without {@code bench --scenario}.
 */
public final class BackfillBench {

    private BackfillBench() {
    }

    public static void main(String[] args) throws Exception {
        double scale = args.length > 0 ? Double.parseDouble(args[0]) : 0.2;
        Path output = Path.of(args.length > 1 ? args[1] : "target/bench-backfill");
        PrintWriter out = new PrintWriter(System.out, true);
        BenchReport report = new BenchReport(new BenchRun.Options(scale, 1, output));
        Path brokerDir = Files.createTempDirectory("bench-broker-");
        try (KafkaBrokerProcess kafka = KafkaBrokerProcess.format(brokerDir)) {
            new BackfillScenario(kafka.bootstrapServers(), scale, out).run(report, true);
        }
        report.write(out);
        System.exit(0);
    }
}
