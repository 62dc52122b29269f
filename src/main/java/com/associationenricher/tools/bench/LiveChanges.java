package com.associationenricher.tools.bench;

import com.associationenricher.events.avro.AssociationEvent;
import com.associationenricher.events.avro.ChangeType;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.pipeline.EnricherSerdes;
import com.associationenricher.tools.simulator.ObjectUniverse;
import com.associationenricher.tools.simulator.TrueAssociation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The live traffic of the backfill scenario and what the harness sees of it: a steady stream of real association
 * changes (the simulator's contact gets a new company, then its change event is produced, as a webhook would follow
 * it), and a read_committed follower of the output topic that measures each live change's delay: from the change to
 * the first association event of its key that shows the new company (a backfill lookup of that contact may show it
 * first; the live change's own answer is then suppressed as unchanged). It also counts the events the backfill's own
 * changes caused.
 */
final class LiveChanges implements AutoCloseable {
    static final String LIVE = "live-";

    private final BenchProducer producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final EnricherSerdes serdes;
    private final String output;
    /** Output key to the live change not seen yet on it. */
    private final Map<String, Change> open = new ConcurrentHashMap<>();
    private final AtomicLong superseded = new AtomicLong();
    private final List<Long> delaysMs = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong sourceEvents = new AtomicLong();
    private final AtomicBoolean producing = new AtomicBoolean();
    private Thread thread;

    LiveChanges(String bootstrap, String input, String output, EnricherSerdes serdes) {
        this.producer = new BenchProducer(bootstrap, input, serdes);
        this.serdes = serdes;
        this.output = output;
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(output, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(output, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** From now on, {@code perSecond} changes of random contacts with ids in [firstId, firstId + count). */
    void startProducing(ObjectUniverse universe, long portalId, long firstId, long count, int perSecond) {
        producing.set(true);
        thread = new Thread(() -> {
            Random random = new Random(7);
            long start = System.nanoTime();
            for (long i = 0; producing.get(); i++) {
                String id = Long.toString(firstId + (long) (random.nextDouble() * count));
                String company = Long.toString(1_000_000 + random.nextInt(1_000_000_000));
                String eventId = LIVE + i;
                // Stamped before the change: a lookup that sees it cannot be earlier.
                if (open.put(portalId + ":contacts:" + id + ":companies", new Change(company, System.currentTimeMillis())) != null) {
                    superseded.incrementAndGet();
                }
                universe.setAssociations(portalId, "contacts", id, "companies", List.of(new TrueAssociation(company, "contact_to_company")));
                producer.sendAll(List.of(CrmObjectChangeEvent.newBuilder().setEventId(eventId).setPortalId(portalId)
                        .setObjectType("contacts").setObjectId(id).setChangeType(ChangeType.UPDATED)
                        .setOccurredAt(Instant.now()).build()));
                long next = start + (i + 1) * 1_000_000_000L / perSecond;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait); // pacing the producer, not awaiting a condition
                }
            }
        }, "bench-live-changes");
        thread.setDaemon(true);
        thread.start();
    }

    void stopProducing() throws InterruptedException {
        producing.set(false);
        if (thread != null) {
            thread.join(10_000);
        }
    }

    /** Reads what has arrived on the output topic; call from one thread only. */
    void poll(Duration timeout) {
        var deserializer = serdes.associationEvents().deserializer();
        for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
            if (record.value() == null) {
                continue;
            }
            AssociationEvent event = deserializer.deserialize(output, record.value());
            Change change = open.get(record.key());
            if (change != null && event.getAssociations().stream().anyMatch(a -> a.getToObjectId().equals(change.company()))
                    && open.remove(record.key(), change)) {
                delaysMs.add(record.timestamp() - change.madeAtMs());
            }
            if (event.getTriggeringEventIds().stream().anyMatch(id -> !id.startsWith(LIVE))) {
                sourceEvents.incrementAndGet();
            }
        }
    }

    /** Association events caused (at least partly) by a backfill or reconcile change event. */
    long sourceEvents() {
        return sourceEvents.get();
    }

    /** Live changes produced whose association event has not been read yet. */
    int unanswered() {
        return open.size();
    }

    long produced() {
        return delaysMs.size() + open.size() + superseded.get();
    }

    /** Live changes overtaken by a newer change of the same contact before either was seen: not measured. */
    long superseded() {
        return superseded.get();
    }

    private record Change(String company, long madeAtMs) {
    }

    List<Long> delaysMs() {
        synchronized (delaysMs) {
            return new ArrayList<>(delaysMs);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopProducing();
        producer.close();
        consumer.close(Duration.ofSeconds(5));
    }
}
