package com.associationenricher.ingress;

import com.associationenricher.events.avro.CrmObjectChangeEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A sink for HTTP tests: keeps what it is given, or refuses everything while {@code unavailable}. */
final class RecordingSink implements ChangeEventSink {

    final List<CrmObjectChangeEvent> published = new CopyOnWriteArrayList<>();
    volatile boolean unavailable;

    @Override
    public void publish(List<CrmObjectChangeEvent> events) {
        if (unavailable) {
            throw new SinkUnavailableException("test: Kafka is down", null);
        }
        published.addAll(events);
    }

    @Override
    public void close() {
    }
}
