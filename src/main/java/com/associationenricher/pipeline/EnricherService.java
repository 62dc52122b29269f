package com.associationenricher.pipeline;

import com.associationenricher.batching.BatchPolicy;
import com.associationenricher.config.EnricherConfig;
import com.associationenricher.config.InputFormat;
import com.associationenricher.config.RateLimitScope;
import com.associationenricher.events.SchemaRegistries;
import com.associationenricher.events.SchemaRegistry;
import com.associationenricher.hubspot.AssociationsReader;
import com.associationenricher.ops.EnricherMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the Kafka Streams lifecycle of one enricher instance: checks the topics, builds the topology from the
 * configuration, starts it, replaces a stream thread that dies (a few times), and shuts the client down when threads
 * keep dying, so the orchestrator restarts the process.
 */
public final class EnricherService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EnricherService.class);
    static final int MAX_THREAD_REPLACEMENTS = 3;
    static final Duration REPLACEMENT_WINDOW = Duration.ofMinutes(10);
    static final Duration BUDGET_SHARE_CHECK = Duration.ofSeconds(1);

    private final EnricherConfig config;
    private final AssociationsReader reader;
    private final EnricherMetrics metrics;
    private final Deque<Instant> threadFailures = new ArrayDeque<>();
    private KafkaStreams streams;
    private KafkaStreamsMetrics streamsMetrics;
    private BudgetShareWatcher budgetShare;
    private volatile boolean failed;

    public EnricherService(EnricherConfig config, AssociationsReader reader, EnricherMetrics metrics) {
        this.config = config;
        this.reader = reader;
        this.metrics = metrics;
    }

    public static BatchPolicy batchPolicy(EnricherConfig config) {
        var batch = config.batch();
        return new BatchPolicy(batch.maxIds(), batch.maxWait(), batch.maxInFlight(), batch.flushInterval(),
                config.hubspot().maxAttempts(), config.dlqTransientMaxAge(), batch.orderMemory());
    }

    public static Topology topology(EnricherConfig config, AssociationsReader reader, EnricherMetrics metrics) {
        var registrySettings = config.schemaRegistry();
        SchemaRegistry registry = SchemaRegistries.connect(registrySettings.url(),
                registrySettings.basicAuthUserInfo().orElse(null), registrySettings.bearerToken().orElse(null));
        EnricherSerdes serdes = EnricherSerdes.using(registry);
        InputDecoder decoder = config.inputFormat() == InputFormat.HUBSPOT_WEBHOOK_JSON
                ? new WebhookJsonDecoder()
                : new AvroInputDecoder(serdes.changeEvents().deserializer());
        var topics = config.topics();
        var settings = new EnricherTopology.Settings(topics.input(), topics.output(), topics.deadLetter(),
                config.inputKeyedByObject(), batchPolicy(config), config.associationPairs());
        return EnricherTopology.build(settings, serdes, decoder, reader, metrics);
    }

    public synchronized void start() {
        Properties properties = config.kafkaProperties();
        Properties admin = new Properties();
        properties.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key.toString())) {
                admin.put(key, value);
            }
        });
        TopicProvisioner.ensure(admin, config.topics());
        properties.putIfAbsent(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        properties.putIfAbsent(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        streams = new KafkaStreams(topology(config, reader, metrics), properties);
        streams.setUncaughtExceptionHandler(this::onStreamThreadFailure);
        if (config.rateLimitScope() == RateLimitScope.CLUSTER) {
            String lookupTopic = config.inputKeyedByObject() ? config.topics().input()
                    : properties.getProperty(StreamsConfig.APPLICATION_ID_CONFIG) + "-" + EnricherTopology.REPARTITION + "-repartition";
            budgetShare = new BudgetShareWatcher(streams, config.topics().input(), lookupTopic, admin, reader::shareBudget,
                    metrics.registry());
        }
        BudgetShareWatcher shareWatcher = budgetShare;
        streams.setStateListener((now, before) -> {
            LOG.info("Kafka Streams state {} -> {}", before, now);
            if (shareWatcher != null) {
                shareWatcher.onStateChange();
            }
            if (now == KafkaStreams.State.ERROR) {
                failed = true;
            }
        });
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(metrics.registry());
        streams.start();
        if (budgetShare != null) {
            budgetShare.start(BUDGET_SHARE_CHECK);
        }
    }

    private synchronized StreamThreadExceptionResponse onStreamThreadFailure(Throwable failure) {
        metrics.registry().counter("enricher.stream.thread.failures").increment();
        Instant now = Instant.now();
        threadFailures.addLast(now);
        while (!threadFailures.isEmpty() && threadFailures.peekFirst().isBefore(now.minus(REPLACEMENT_WINDOW))) {
            threadFailures.removeFirst();
        }
        if (threadFailures.size() > MAX_THREAD_REPLACEMENTS) {
            LOG.error("Stream threads failed {} times within {}; shutting down so the process is restarted",
                    threadFailures.size(), REPLACEMENT_WINDOW, failure);
            failed = true;
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        LOG.error("A stream thread failed; replacing it", failure);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    public KafkaStreams.State state() {
        return streams == null ? KafkaStreams.State.CREATED : streams.state();
    }

    public boolean isRunning() {
        return state() == KafkaStreams.State.RUNNING;
    }

    /** True once the instance gave up (threads kept failing, or Streams reached ERROR): exit non-zero. */
    public boolean hasFailed() {
        return failed || state() == KafkaStreams.State.ERROR;
    }

    public synchronized void close(Duration timeout) {
        if (budgetShare != null) {
            budgetShare.close();
            budgetShare = null;
        }
        if (streams != null) {
            streams.close(new KafkaStreams.CloseOptions().timeout(timeout));
            streams = null;
        }
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
    }

    @Override
    public void close() {
        close(config.shutdownTimeout());
    }
}
