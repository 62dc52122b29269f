package com.associationenricher.ingress;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The ingress's meters: {@code ingress.requests{outcome}}, {@code ingress.events.produced} and
 * {@code ingress.request.duration{outcome}}. Every outcome's counter exists from the start, so a dashboard shows 0
 * rather than nothing.
 */
public final class IngressMetrics {

    private final MeterRegistry registry;
    private final Map<IngressOutcome, Counter> requests = new EnumMap<>(IngressOutcome.class);
    private final Counter eventsProduced;

    public IngressMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (IngressOutcome outcome : IngressOutcome.values()) {
            requests.put(outcome, Counter.builder("ingress.requests").tag("outcome", outcome.tag())
                    .description("webhook requests by outcome").register(registry));
        }
        this.eventsProduced = Counter.builder("ingress.events.produced")
                .description("webhook events acknowledged by Kafka").register(registry);
    }

    public void request(IngressOutcome outcome, Duration took) {
        requests.get(outcome).increment();
        Timer.builder("ingress.request.duration").tag("outcome", outcome.tag()).register(registry).record(took);
    }

    public void eventsProduced(int count) {
        eventsProduced.increment(count);
    }

    public double requests(IngressOutcome outcome) {
        return requests.get(outcome).count();
    }

    public double eventsProduced() {
        return eventsProduced.count();
    }

    public MeterRegistry registry() {
        return registry;
    }
}
