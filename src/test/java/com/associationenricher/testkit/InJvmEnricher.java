package com.associationenricher.testkit;

import com.associationenricher.config.EnricherConfig;
import com.associationenricher.hubspot.AssociationsReader;
import com.associationenricher.hubspot.AssociationsReaders;
import com.associationenricher.ops.EnricherMetrics;
import com.associationenricher.pipeline.EnricherService;
import java.time.Duration;
import org.awaitility.Awaitility;

/** One enricher instance in the test JVM with its own metrics: started, running, and stopped when the body returns. */
public final class InJvmEnricher {
    private InJvmEnricher() {
    }

    /** What a test does while the instance runs. */
    @FunctionalInterface
    public interface Body<T> {
        T run(EnricherMetrics metrics) throws Exception;
    }

    public static <T> T run(EnricherConfig config, Body<T> body) throws Exception {
        try (Instance instance = Instance.start(config)) {
            Awaitility.await("the enricher running").atMost(Duration.ofSeconds(90)).until(instance.service()::isRunning);
            return body.run(instance.metrics());
        }
    }

    /** One started instance, for a test that starts and stops several; {@link #close()} stops it and its HTTP client. */
    public record Instance(EnricherMetrics metrics, AssociationsReader reader, EnricherService service) implements AutoCloseable {
        /** Starts an instance without waiting for it to run (its first rebalance). */
        public static Instance start(EnricherConfig config) {
            EnricherMetrics metrics = EnricherMetrics.inMemory();
            AssociationsReader reader = AssociationsReaders.create(config.hubspot(), metrics);
            EnricherService service = null;
            try {
                service = new EnricherService(config, reader, metrics);
                service.start();
                return new Instance(metrics, reader, service);
            } catch (RuntimeException e) {
                if (service != null) {
                    service.close();
                }
                reader.close();
                throw e;
            }
        }

        @Override
        public void close() throws Exception {
            try (reader) {
                service.close();
            }
        }
    }
}
