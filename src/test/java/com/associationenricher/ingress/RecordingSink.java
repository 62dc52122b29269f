package com.associationenricher.ingress;

import com.associationenricher.events.avro.CrmObjectChangeEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A sink for HTTP tests: keeps what it is given, or refuses everything while {@code unavailable}; holds each call
 * until {@code gate} opens, to have requests in progress.
 */
final class RecordingSink implements ChangeEventSink {

    final List<CrmObjectChangeEvent> published = new CopyOnWriteArrayList<>();
    volatile boolean unavailable;
    volatile CountDownLatch gate = new CountDownLatch(0);
    final AtomicInteger waiting = new AtomicInteger();

    @Override
    public void publish(List<CrmObjectChangeEvent> events) {
        waiting.incrementAndGet();
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        waiting.decrementAndGet();
        if (unavailable) {
            throw new SinkUnavailableException("test: Kafka is down", null);
        }
        published.addAll(events);
    }

    @Override
    public void close() {
    }
}
