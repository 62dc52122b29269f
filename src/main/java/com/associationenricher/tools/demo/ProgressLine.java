package com.associationenricher.tools.demo;

import com.associationenricher.ops.EnricherMetrics;
import com.associationenricher.tools.simulator.HubSpotSimulator;
import java.io.PrintWriter;

/** The demo's live line: events in, batches, API calls, association events out, dead letters, calls per second. */
final class ProgressLine {
    private static final long EVERY_NANOS = 500_000_000L;
    private final PrintWriter out;
    private final EnricherMetrics metrics;
    private final HubSpotSimulator hubspot;
    private final TopicWatcher watcher;
    private final long started = System.nanoTime();
    private long lastPrinted;

    ProgressLine(PrintWriter out, EnricherMetrics metrics, HubSpotSimulator hubspot, TopicWatcher watcher) {
        this.out = out;
        this.metrics = metrics;
        this.hubspot = hubspot;
        this.watcher = watcher;
    }

    void maybePrint(int produced) {
        if (System.nanoTime() - lastPrinted >= EVERY_NANOS) {
            print(produced);
        }
    }

    void print(int produced) {
        lastPrinted = System.nanoTime();
        double seconds = DemoRun.seconds(started);
        long calls = hubspot.stats().totalCalls();
        out.printf("\r  produced %5d | events in %5.0f | batches %4.0f | API calls %4d | association events %5d | tombstones %4d | dead letters %4d | %5.1f calls/s ",
                produced, metrics.count("enricher.events.in"), metrics.count("enricher.batches"), calls,
                watcher.associationRecords(), watcher.tombstoneRecords(), watcher.deadLetterRecords(), calls / Math.max(seconds, 0.001));
        out.flush();
    }
}
