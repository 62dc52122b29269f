package com.associationenricher.pipeline;

import com.associationenricher.batching.BatchPolicy;
import com.associationenricher.batching.InputActivity;
import com.associationenricher.config.AssociationPairs;
import com.associationenricher.config.CustomObjectNames;
import com.associationenricher.config.EnricherConfig;
import com.associationenricher.config.InputFormat;
import com.associationenricher.config.RateLimitScope;
import com.associationenricher.events.OutageAwareSchemaRegistry;
import com.associationenricher.events.SchemaRegistries;
import com.associationenricher.events.SchemaRegistry;
import com.associationenricher.hubspot.AssociationsReader;
import com.associationenricher.ops.EnricherMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.OptionalLong;
import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.Producer;
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
    private final OutageAwareSchemaRegistry registry;
    private KafkaStreams streams;
    private KafkaStreamsMetrics streamsMetrics;
    private BudgetShareWatcher budgetShare;
    private InputLagWatcher inputLag;
    private Producer<byte[], byte[]> refusedOutputProducer;
    private volatile boolean failed;
    private volatile boolean closing;

    public EnricherService(EnricherConfig config, AssociationsReader reader, EnricherMetrics metrics) {
        this.config = config;
        this.reader = reader;
        this.metrics = metrics;
        this.registry = new OutageAwareSchemaRegistry(registry(config));
    }

    public static BatchPolicy batchPolicy(EnricherConfig config) {
        var batch = config.batch();
        return new BatchPolicy(batch.maxIds(), batch.maxWait(), batch.maxInFlight(), batch.flushInterval(),
                config.hubspot().maxAttempts(), config.dlqTransientMaxAge(), batch.orderMemory(), batch.flushAtBacklogEnd());
    }

    public static Topology topology(EnricherConfig config, AssociationsReader reader, EnricherMetrics metrics) {
        return topology(config, registry(config), reader, metrics,
                OutputLimits.maxRecordBytes(config.kafkaProperties(), OptionalLong.empty()), InputPartitioning.TRUSTED);
    }

    static Topology topology(EnricherConfig config, SchemaRegistry registry, AssociationsReader reader, EnricherMetrics metrics,
                             long maxRecordBytes, InputPartitioning inputPartitioning) {
        return topology(config, registry, reader, metrics, maxRecordBytes, inputPartitioning, new InputActivity());
    }

    private static Topology topology(EnricherConfig config, SchemaRegistry registry, AssociationsReader reader,
                                     EnricherMetrics metrics, long maxRecordBytes, InputPartitioning inputPartitioning,
                                     InputActivity intakeActivity) {
        EnricherSerdes serdes = EnricherSerdes.using(registry);
        // Custom objects named p<portalId>_<name> become their 2-<n> ids here, before anything is read.
        AssociationPairs pairs = CustomObjectNames.resolve(config.associationPairs(), config.hubspot());
        InputDecoder avro = new AvroInputDecoder(serdes.changeEvents().deserializer());
        InputDecoder decoder = config.inputFormat() == InputFormat.HUBSPOT_WEBHOOK_JSON
                ? new ToolRecordsAwareDecoder(new WebhookJsonDecoder(pairs, metrics), avro)
                : avro;
        var topics = config.topics();
        var settings = new EnricherTopology.Settings(topics.input(), topics.output(), topics.deadLetter(),
                config.inputKeyedByObject(), batchPolicy(config), pairs,
                config.outputMaxAssociationsPerEvent(), maxRecordBytes, config.outputEmitUnchanged(), inputPartitioning);
        return EnricherTopology.build(settings, serdes, decoder, reader, metrics, intakeActivity);
    }

    /**
     * Checks the topics, registers the output schemas (waiting while the registry is unavailable) and starts the
     * stream.
     */
    public void start() {
        Properties properties = config.kafkaProperties();
        Properties admin = new Properties();
        properties.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key.toString())) {
                admin.put(key, value);
            }
        });
        TopicProvisioner.ensure(admin, config.topics());
        OptionalLong outputTopicLimit = OutputTopicLimit.maxMessageBytes(admin, config.topics().output());
        properties.putIfAbsent(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        OutputSchemas.register(registry, OutputSchemas.subjects(properties.getProperty(StreamsConfig.APPLICATION_ID_CONFIG),
                config.topics().output(), config.topics().deadLetter()), () -> closing);
        InputPartitioning partitioning = config.inputKeyedByObject()
                ? InputPartitioning.of(admin, config.topics().input()) : InputPartitioning.TRUSTED;
        startStreams(properties, admin, OutputLimits.maxRecordBytes(properties, outputTopicLimit), partitioning);
    }

    private synchronized void startStreams(Properties properties, Properties admin, long maxRecordBytes,
                                           InputPartitioning partitioning) {
        if (closing) {
            return;
        }
        properties.putIfAbsent(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        StreamsDefaults.apply(properties, config.rocksDbMemoryMb());
        properties.putIfAbsent(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetteringProductionHandler.class.getName());
        properties.put(DeadLetteringProductionHandler.TARGET, refusedOutputTarget());
        InputActivity intakeActivity = new InputActivity();
        streams = new KafkaStreams(topology(config, registry, reader, metrics, maxRecordBytes, partitioning, intakeActivity), properties);
        inputLag = new InputLagWatcher(streams, intakeActivity);
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
        inputLag.start(config.batch().flushInterval());
    }

    private DeadLetteringProductionHandler.Target refusedOutputTarget() {
        EnricherSerdes serdes = EnricherSerdes.using(registry);
        refusedOutputProducer = RefusedOutputProducer.create(config.kafkaProperties(), config.topics().deadLetter());
        return new DeadLetteringProductionHandler.Target(config.topics().output(), config.topics().deadLetter(),
                serdes.deadLetters().serializer(), metrics, refusedOutputProducer);
    }

    private static SchemaRegistry registry(EnricherConfig config) {
        var registrySettings = config.schemaRegistry();
        return SchemaRegistries.connect(registrySettings.url(),
                registrySettings.basicAuthUserInfo().orElse(null), registrySettings.bearerToken().orElse(null));
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

    /** Running, and the Schema Registry answers (while it does not, input with unseen schema ids waits). */
    public boolean isReady() {
        return isRunning() && registry.isAvailable();
    }

    /** True once the instance gave up (threads kept failing, or Streams reached ERROR): exit non-zero. */
    public boolean hasFailed() {
        return failed || state() == KafkaStreams.State.ERROR;
    }

    public void close(Duration timeout) {
        closing = true;
        closeStreams(timeout);
    }

    private synchronized void closeStreams(Duration timeout) {
        if (budgetShare != null) {
            budgetShare.close();
            budgetShare = null;
        }
        if (inputLag != null) {
            inputLag.close();
            inputLag = null;
        }
        if (streams != null) {
            streams.close(closeOptions(config.kafkaProperties(), timeout));
            streams = null;
        }
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        if (refusedOutputProducer != null) {
            refusedOutputProducer.close(timeout);
            refusedOutputProducer = null;
        }
    }

    @Override
    public void close() {
        close(config.shutdownTimeout());
    }

    /**
     * A graceful stop leaves the consumer group, so the remaining instances take over this one's tasks at once
     * instead of after the session timeout (45 s by default: a rolling update or scale-in would leave those
     * partitions unprocessed that long). With static membership (group.instance.id) it stays, as that set-up asks.
     */
    static org.apache.kafka.streams.CloseOptions closeOptions(java.util.Properties kafka, Duration timeout) {
        boolean staticMember = kafka.stringPropertyNames().stream().anyMatch(name -> name.endsWith("group.instance.id"));
        return org.apache.kafka.streams.CloseOptions.timeout(timeout).withGroupMembershipOperation(staticMember
                ? org.apache.kafka.streams.CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP
                : org.apache.kafka.streams.CloseOptions.GroupMembershipOperation.LEAVE_GROUP);
    }
}
