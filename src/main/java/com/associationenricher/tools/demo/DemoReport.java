package com.associationenricher.tools.demo;

import com.associationenricher.events.GenericAvroDecoder;
import java.io.PrintWriter;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The demo's closing summary table and a few decoded records of each topic. */
final class DemoReport {
    private final PrintWriter out;

    DemoReport(PrintWriter out) {
        this.out = out;
    }

    void print(DemoRun.Outcome outcome, TopicWatcher watcher, GenericAvroDecoder decoder, String output, String deadLetters,
               double seconds) {
        out.println();
        out.println("Summary");
        row("change events produced", outcome.events() + " (+1 undecodable record)");
        row("output keys expected", outcome.expectedKeys());
        row("association events", outcome.associationRecords());
        row("  associations added/removed", outcome.associationsAdded() + " / " + outcome.associationsRemoved());
        row("unchanged answers not written", outcome.unchangedNotWritten());
        row("tombstones (deleted/merged)", outcome.tombstones());
        row("dead letters", outcome.deadLetters());
        outcome.deadLettersByReason().forEach((reason, count) -> row("  " + reason, count));
        row("pre-existing contacts", outcome.backfilled() + " backfilled (" + outcome.backfillListCalls()
                + " list calls), " + outcome.backfilledKeysInTable() + " of " + outcome.backfillKeys() + " keys in the table");
        row("HubSpot API calls", outcome.apiCalls());
        row("ids accounted for", outcome.unsettled().isEmpty()
                ? "all " + outcome.expectedKeys() + " (output or dead-letter topic)"
                : "MISSING " + outcome.unsettled().size() + ", e.g. " + outcome.unsettled().stream().limit(5).toList());
        row("elapsed", String.format("%.1f s", seconds));
        out.println();
        printSamples(output, watcher.samples(output), decoder);
        printSamples(deadLetters, watcher.samples(deadLetters), decoder);
        out.flush();
    }

    private void printSamples(String topic, List<ConsumerRecord<String, byte[]>> records, GenericAvroDecoder decoder) {
        out.println("Records of " + topic + ":");
        records.forEach(record -> out.println("  " + record.key() + " => "
                + (record.value() == null ? "null (tombstone)" : decoder.toJson(topic, record.value()))));
        out.println();
    }

    private void row(String label, Object value) {
        out.printf("  %-30s %s%n", label, value);
    }
}
