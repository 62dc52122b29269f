package com.associationenricher.pipeline;

import java.util.OptionalLong;
import java.util.Properties;

/**
 * The largest output record the producer and the broker accept: the producer's {@code max.request.size} (also as
 * {@code producer.max.request.size}) from the {@code kafka.*} settings, and the output topic's
 * {@code max.message.bytes} (the broker's default when unknown), less room for the batch header and record headers.
 */
final class OutputLimits {
    static final long KAFKA_DEFAULT_MAX_REQUEST_SIZE = 1_048_576;
    static final long BROKER_DEFAULT_MESSAGE_MAX_BYTES = 1_048_588;
    static final long OVERHEAD_BYTES = 1_024;
    static final long DEFAULT_MAX_RECORD_BYTES = KAFKA_DEFAULT_MAX_REQUEST_SIZE - OVERHEAD_BYTES;

    private OutputLimits() {
    }

    static long maxRecordBytes(Properties kafka, OptionalLong topicMaxMessageBytes) {
        String value = kafka.getProperty("producer.max.request.size", kafka.getProperty("max.request.size"));
        long requestSize = value == null ? KAFKA_DEFAULT_MAX_REQUEST_SIZE : Long.parseLong(value.trim());
        return Math.min(requestSize, topicMaxMessageBytes.orElse(BROKER_DEFAULT_MESSAGE_MAX_BYTES)) - OVERHEAD_BYTES;
    }
}
