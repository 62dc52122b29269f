package com.associationenricher.cli;

import com.associationenricher.config.EnricherConfig;
import com.associationenricher.config.LogFormat;
import com.associationenricher.hubspot.AssociationsReader;
import com.associationenricher.hubspot.AssociationsReaders;
import com.associationenricher.ops.EnricherMetrics;
import com.associationenricher.ops.JsonLogging;
import com.associationenricher.ops.OpsServer;
import com.associationenricher.pipeline.EnricherService;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code run}: the service itself. Starts the pipeline, the health and metrics endpoint, and stays up until SIGTERM
 * (graceful: in-flight calls are abandoned, their ids stay in the store and are fetched after restart) or until the
 * pipeline gives up, which exits 1 so the orchestrator restarts the pod.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the enricher: consume change events, write association events and dead letters.")
public final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Mixin
    ConfigOption configOption;

    @Override
    public Integer call() throws Exception {
        EnricherConfig config = configOption.load();
        if (config.logFormat() == LogFormat.JSON) {
            JsonLogging.useJson();
        }
        LOG.info("Starting with {}", config);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        EnricherMetrics metrics = new EnricherMetrics(registry);

        CountDownLatch stopped = new CountDownLatch(1);
        try (AssociationsReader reader = AssociationsReaders.create(config.hubspot(), metrics);
             EnricherService service = new EnricherService(config, reader, metrics);
             OpsServer ops = new OpsServer("0.0.0.0", config.opsPort(), registry,
                     () -> service.isReady() && reader.available())) {
            Thread shutdown = new Thread(() -> {
                LOG.info("Shutdown requested; closing within {}", config.shutdownTimeout());
                service.close(config.shutdownTimeout());
                LOG.info("Shut down cleanly; ids still pending are fetched again after restart");
                stopped.countDown();
            }, "enricher-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdown);
            service.start();
            while (!stopped.await(1, TimeUnit.SECONDS)) {
                if (service.hasFailed()) {
                    LOG.error("The pipeline failed; exiting so the process is restarted");
                    Runtime.getRuntime().removeShutdownHook(shutdown);
                    service.close(Duration.ofSeconds(10));
                    return 1;
                }
            }
            return 0;
        }
    }
}
