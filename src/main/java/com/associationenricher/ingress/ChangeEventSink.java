package com.associationenricher.ingress;

import com.associationenricher.events.avro.CrmObjectChangeEvent;
import java.util.List;

/** Where accepted webhook events go; returns only once every event is durably stored. */
public interface ChangeEventSink extends AutoCloseable {

    /** @throws SinkUnavailableException when not every event was stored in time: the caller must not acknowledge */
    void publish(List<CrmObjectChangeEvent> events);

    @Override
    void close();
}
