package com.associationenricher.pipeline;

import java.util.Properties;

/**
 * The largest output record the producer and the broker accept, from the {@code kafka.*} settings: the producer's
 * {@code max.request.size} (also as {@code producer.max.request.size}) and the broker's default
 * {@code message.max.bytes}, less room for the batch header and record headers.
 */
final class OutputLimits {
    static final long KAFKA_DEFAULT_MAX_REQUEST_SIZE = 1_048_576;
    static final long BROKER_DEFAULT_MESSAGE_MAX_BYTES = 1_048_588;
    static final long OVERHEAD_BYTES = 1_024;
    static final long DEFAULT_MAX_RECORD_BYTES = KAFKA_DEFAULT_MAX_REQUEST_SIZE - OVERHEAD_BYTES;

    private OutputLimits() {
    }

    static long maxRecordBytes(Properties kafka) {
        String value = kafka.getProperty("producer.max.request.size", kafka.getProperty("max.request.size"));
        long requestSize = value == null ? KAFKA_DEFAULT_MAX_REQUEST_SIZE : Long.parseLong(value.trim());
        return Math.min(requestSize, BROKER_DEFAULT_MESSAGE_MAX_BYTES) - OVERHEAD_BYTES;
    }
}
