package com.associationenricher.pipeline;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleConsumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.ThreadUtils;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code hubspot.rate-limit.scope=cluster}: keeps this instance's share of every portal's HubSpot budget equal to its
 * share of the lookup batcher's partitions (the topic it reads: the repartition topic, or the input when it is keyed by
 * object; both have the input's partition count), so all instances together pace at the configured budget however
 * many are up. The intake sub-topology's tasks do not count: they never call HubSpot, and may sit elsewhere. Recomputed when Kafka Streams changes state (a rebalance) and every {@code every} (an
 * assignment can move without this instance changing state); the partition count is read again now and then (topics
 * can grow). Runs on its own daemon thread: never on a stream thread.
 */
final class BudgetShareWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BudgetShareWatcher.class);
    private static final int RECOUNT_PARTITIONS_EVERY = 30;

    private final KafkaStreams streams;
    private final String inputTopic;
    private final String lookupTopic;
    private final Properties adminProperties;
    private final DoubleConsumer apply;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            ThreadUtils.createThreadFactory("budget-share", true));
    private volatile double current = Double.NaN;
    private int partitions;
    private int checks;

    /**
     * @param inputTopic  whose partition count is the total
     * @param lookupTopic the topic the lookup batcher's tasks read
     */
    BudgetShareWatcher(KafkaStreams streams, String inputTopic, String lookupTopic, Properties adminProperties,
            DoubleConsumer apply, MeterRegistry registry) {
        this.streams = streams;
        this.inputTopic = inputTopic;
        this.lookupTopic = lookupTopic;
        this.adminProperties = adminProperties;
        this.apply = apply;
        Gauge.builder("enricher.hubspot.budget.share", this, w -> Double.isNaN(w.current) ? 1.0 : w.current)
                .description("this instance's share of each portal's hubspot.rate-limit.requests").register(registry);
    }

    /**
     * This instance's share: the lookup partitions it owns over the topic's; 1 when the count is unknown. Owning none
     * counts as owning one: an instance whose tasks call HubSpot owns at least one, so a view of none is only behind
     * (as while its first assignment is made: tasks process before Kafka Streams reports them), and an instance that
     * really owns none makes no calls. A share of 0 paced such calls at one per period, and permits queued past the
     * pacer's longest wait deferred their task's ids.
     */
    static double share(Collection<TopicPartition> owned, String topic, int partitions) {
        if (partitions <= 0) {
            return 1.0;
        }
        long mine = owned.stream().filter(tp -> tp.topic().equals(topic)).mapToInt(TopicPartition::partition).distinct().count();
        return Math.min(1.0, (double) Math.max(1, mine) / partitions);
    }

    void start(Duration every) {
        thread.scheduleWithFixedDelay(this::recomputeSafely, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A state change may be a new assignment: look now rather than at the next periodic check. */
    void onStateChange() {
        if (!thread.isShutdown()) {
            thread.execute(this::recomputeSafely);
        }
    }

    private void recomputeSafely() {
        try {
            recompute();
        } catch (RuntimeException e) {
            // Metadata is not available in every state (e.g. while starting); the next check tries again.
            LOG.debug("budget share not recomputed: {}", e.toString());
        }
    }

    private void recompute() {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
            return;
        }
        if (partitions <= 0 || checks++ % RECOUNT_PARTITIONS_EVERY == 0) {
            partitions = countPartitions();
        }
        List<TopicPartition> owned = streams.metadataForLocalThreads().stream()
                .flatMap(thread -> thread.activeTasks().stream())
                .flatMap(task -> task.topicPartitions().stream())
                .toList();
        double share = share(owned, lookupTopic, partitions);
        if (share != current) {
            LOG.info("this instance owns {} of {}'s {} partitions: it paces at {} of hubspot.rate-limit.requests",
                    owned.stream().filter(tp -> tp.topic().equals(lookupTopic)).map(TopicPartition::partition).distinct().count(),
                    lookupTopic, partitions, share);
            current = share;
            apply.accept(share);
        }
    }

    private int countPartitions() {
        try (Admin admin = Admin.create(adminProperties)) {
            return admin.describeTopics(List.of(inputTopic)).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get(inputTopic).partitions().size();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("cannot count the partitions of {} ({}); keeping the budget share as it is", inputTopic, e.toString());
            return partitions;
        }
    }

    double current() {
        return current;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
