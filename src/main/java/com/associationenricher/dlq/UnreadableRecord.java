package com.associationenricher.dlq;

/** A record of the dead-letter topic that is not a readable dead letter (not Avro, unknown schema id, tombstone). */
public record UnreadableRecord(String topic, int partition, long offset, String problem) {

    public String describe() {
        return "skipped unreadable record at " + topic + " partition " + partition + " offset " + offset + ": " + problem;
    }
}
