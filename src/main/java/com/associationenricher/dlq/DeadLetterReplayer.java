package com.associationenricher.dlq;

import com.associationenricher.events.ChangeEventWriter;
import com.associationenricher.events.SchemaRegistry;
import dev.failsafe.RateLimiter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Re-publishes selected dead letters so the enricher tries them again: reads a bounded snapshot of the dead-letter
 * topic (dead letters of this very replay can never be read back), plans the records ({@link ReplayPlan}) and sends
 * them with an idempotent producer, optionally paced by a smooth Failsafe rate limiter. Success is reported only once
 * Kafka acknowledged every record. Replaying the same dead letters twice is harmless: the enricher's output is the
 * latest snapshot per key.
 */
public final class DeadLetterReplayer {

    private final ToolClients clients;
    private final DeadLetterSource source;
    private final ChangeEventWriter changeEvents;
    private final Clock clock;

    public DeadLetterReplayer(ToolClients clients, SchemaRegistry registry, String deadLetterTopic, Clock clock) {
        this.clients = clients;
        this.source = new DeadLetterSource(clients, registry, deadLetterTopic);
        this.changeEvents = new ChangeEventWriter(registry);
        this.clock = clock;
    }

    public DeadLetterReplayer(ToolClients clients, SchemaRegistry registry, String deadLetterTopic) {
        this(clients, registry, deadLetterTopic, Clock.systemUTC());
    }

    public ReplaySummary replay(ReplayRequest request) {
        return replay(request, ReplayObserver.NONE);
    }

    /**
     * @throws KafkaUnreachableException when Kafka does not answer in time
     * @throws IllegalStateException when some records were not acknowledged (replaying again is safe)
     */
    public ReplaySummary replay(ReplayRequest request, ReplayObserver observer) {
        ReplayPlan plan = new ReplayPlan(request.includeInvalid(), clock.instant());
        DeadLetterSource.Counts counts = source.read(request.filter(), new DeadLetterSource.Listener() {
            @Override
            public boolean matched(DeadLetterRecord record) {
                plan.offer(record);
                return true;
            }

            @Override
            public void unreadable(UnreadableRecord record) {
                observer.unreadable(record);
            }
        });
        List<ReplayItem> items = plan.items();
        if (request.dryRun()) {
            items.forEach(item -> observer.wouldSend(item, request.targetTopic()));
            return plan.summary(request.targetTopic(), true, counts.unreadable(), 0);
        }
        int sent = items.isEmpty() ? 0 : send(items, request, observer);
        return plan.summary(request.targetTopic(), false, counts.unreadable(), sent);
    }

    private int send(List<ReplayItem> items, ReplayRequest request, ReplayObserver observer) {
        String topic = request.targetTopic();
        RateLimiter<Object> pace = request.recordsPerSecond() > 0
                ? RateLimiter.smoothBuilder(request.recordsPerSecond(), Duration.ofSeconds(1)).build() : null;
        AtomicInteger acknowledged = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<Exception> firstFailure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = clients.producer()) {
            knownTopic(producer, topic);
            int handed = 0;
            for (ReplayItem item : items) {
                if (pace != null) {
                    acquire(pace, handed, items.size());
                }
                producer.send(item.toRecord(topic, changeEvents), (metadata, error) -> {
                    if (error == null) {
                        acknowledged.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, error);
                    }
                });
                observer.progress(++handed, items.size());
            }
            producer.flush();
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " of " + items.size() + " replayed records were not acknowledged by "
                    + "Kafka (" + acknowledged.get() + " were; replaying again is safe): " + firstFailure.get().getMessage());
        }
        return acknowledged.get();
    }

    private void knownTopic(KafkaProducer<byte[], byte[]> producer, String topic) {
        try {
            producer.partitionsFor(topic);
        } catch (TimeoutException e) {
            throw new IllegalStateException("topic '" + topic + "' is not known to Kafka at " + clients.bootstrapServers()
                    + " (it does not exist, or Kafka did not answer within " + clients.reachTimeout().toSeconds() + "s)", e);
        }
    }

    private static void acquire(RateLimiter<Object> pace, int handed, int total) {
        try {
            pace.acquirePermit();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("replay interrupted after " + handed + " of " + total + " records", e);
        }
    }
}
