package com.associationenricher.backfill;

import com.associationenricher.config.EnricherConfig;
import com.associationenricher.dlq.ToolClients;
import com.associationenricher.dlq.ToolContext;
import com.associationenricher.events.SchemaRegistry;
import com.associationenricher.hubspot.ObjectListers;
import com.associationenricher.pipeline.TopicProvisioner;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * What backfill and reconcile share for one run: the configuration, the topics (created like the enricher's, plus the
 * compacted progress topic), an idempotent producer, the checkpoints of earlier runs, and one paced object lister per
 * portal. Closing it closes them all.
 */
public final class RunContext implements AutoCloseable {

    private final EnricherConfig config;
    private final ToolClients clients;
    private final SchemaRegistry registry;
    private final KafkaProducer<byte[], byte[]> producer;
    private final ObjectListers listers;
    private final ProgressCheckpoints checkpoints;
    private final ChangeEventWriter writer;

    private RunContext(EnricherConfig config, ToolClients clients, SchemaRegistry registry, KafkaProducer<byte[], byte[]> producer,
            ObjectListers listers, ProgressCheckpoints checkpoints) {
        this.config = config;
        this.clients = clients;
        this.registry = registry;
        this.producer = producer;
        this.listers = listers;
        this.checkpoints = checkpoints;
        this.writer = new ChangeEventWriter(producer, registry, config.topics().input(), clients.reachTimeout().toMillis() * 4);
    }

    public static RunContext open(EnricherConfig config, MeterRegistry meters) {
        ToolContext tools = ToolContext.of(config);
        ToolClients clients = tools.clients();
        Properties admin = new Properties();
        config.kafkaProperties().forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key.toString())) {
                admin.put(key, value);
            }
        });
        TopicProvisioner.ensure(admin, config.topics());
        String progressTopic = ProgressCheckpoints.topicFor(config.topics().output());
        boolean created = ProgressTopic.ensure(admin, progressTopic, config.topics());
        KafkaProducer<byte[], byte[]> producer = clients.producer();
        try {
            ProgressCheckpoints checkpoints = created ? ProgressCheckpoints.empty(clients, producer, progressTopic)
                    : ProgressCheckpoints.load(clients, producer, progressTopic);
            ObjectListers listers = ObjectListers.create(config.hubspot(), config.backfillRateLimitRequests(), meters);
            return new RunContext(config, clients, tools.registry(), producer, listers, checkpoints);
        } catch (RuntimeException e) {
            producer.close(Duration.ofSeconds(5));
            throw e;
        }
    }

    public EnricherConfig config() {
        return config;
    }

    ToolClients clients() {
        return clients;
    }

    ObjectListers listers() {
        return listers;
    }

    ProgressCheckpoints checkpoints() {
        return checkpoints;
    }

    ChangeEventWriter writer() {
        return writer;
    }

    /** Total HTTP calls of every portal's lister so far. */
    public long listCalls() {
        return listers.byPortal().values().stream().mapToLong(lister -> lister.httpCalls()).sum();
    }

    ObjectSweep sweep(SweepObserver observer) {
        Duration period = config.hubspot().rateLimitPeriod();
        return new ObjectSweep(writer, checkpoints, observer, Clock.systemUTC(), config.hubspot().maxAttempts(),
                period.compareTo(Duration.ofSeconds(5)) > 0 ? period : Duration.ofSeconds(5), config.hubspot().dailyLimitPause());
    }

    @Override
    public void close() {
        listers.close();
        producer.close(Duration.ofSeconds(10));
    }
}
