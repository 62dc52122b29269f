package com.associationenricher.cli;

import com.associationenricher.config.EnricherConfig;
import com.associationenricher.config.LogFormat;
import com.associationenricher.config.SchemaRegistrySettings;
import com.associationenricher.events.ConfluentAvroSerde;
import com.associationenricher.events.SchemaRegistries;
import com.associationenricher.events.SchemaRegistry;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.ingress.ChangeEventSink;
import com.associationenricher.ingress.IngressMetrics;
import com.associationenricher.ingress.KafkaChangeEventSink;
import com.associationenricher.ingress.SignatureVerifier;
import com.associationenricher.ingress.WebhookIngress;
import com.associationenricher.ops.JsonLogging;
import com.associationenricher.ops.OpsServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ingest-webhooks}: receives HubSpot's webhook batches over HTTP and produces them to the input topic. On
 * SIGTERM it stops taking requests, lets those in progress finish, then flushes and closes the producer.
 */
@Command(name = "ingest-webhooks", mixinStandardHelpOptions = true,
        description = "Receive HubSpot webhooks (signature-checked) and produce them to the input topic.")
public final class IngestWebhooksCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(IngestWebhooksCommand.class);

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Properties or YAML file of configuration keys; ENRICHER_* environment variables override it.")
    Path configFile;

    /** @throws com.associationenricher.config.ConfigException listing every wrong key (exit 2 via CommandErrors) */
    @Override
    public Integer call() throws InterruptedException {
        EnricherConfig config = EnricherConfig.loadForIngress(configFile, System.getenv());
        if (config.logFormat() == LogFormat.JSON) {
            JsonLogging.useJson();
        }
        LOG.info("Starting the webhook ingress with {}", config);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        IngressMetrics metrics = new IngressMetrics(registry);
        SchemaRegistrySettings registrySettings = config.schemaRegistry();
        SchemaRegistry schemas = SchemaRegistries.connect(registrySettings.url(),
                registrySettings.basicAuthUserInfo().orElse(null), registrySettings.bearerToken().orElse(null));
        ChangeEventSink sink = KafkaChangeEventSink.create(config.kafkaProperties(), config.topics().input(),
                ConfluentAvroSerde.forValues(schemas, CrmObjectChangeEvent.class).serializer(),
                config.ingress().kafkaTimeout());
        WebhookIngress ingress;
        OpsServer ops;
        try {
            ingress = WebhookIngress.start(config.ingress(), SignatureVerifier.from(config.ingress(), Clock.systemUTC()),
                    sink, metrics);
            WebhookIngress started = ingress;
            ops = new OpsServer("0.0.0.0", config.opsPort(), registry, started::isServing);
        } catch (Exception e) {
            sink.close();
            throw new IllegalStateException("cannot start the webhook ingress: " + e.getMessage(), e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        WebhookIngress running = ingress;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Stopping: finishing requests in progress, then flushing the producer");
            running.close();
            sink.close();
            ops.close();
            stopped.countDown();
        }, "ingress-shutdown"));
        stopped.await();
        return 0;
    }
}
