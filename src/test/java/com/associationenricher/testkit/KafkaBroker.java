package com.associationenricher.testkit;

import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension giving integration tests one real Kafka broker per test JVM: the first test class annotated
 * {@code @ExtendWith(KafkaBroker.class)} starts it, later classes reuse it, and JUnit closes it when the whole run
 * ends (it lives in the root context's store). {@code -Dit.kafka=embedded} (default, CI) runs an in-JVM KRaft broker;
 * {@code -Dit.kafka=testcontainers} runs the apache/kafka image, and aborts the tests loudly when there is no Docker.
 * Tests reach it through {@link #bootstrapServers()} and the helpers in {@link Topics}.
 */
public final class KafkaBroker implements BeforeAllCallback {

    public static final String MODE_PROPERTY = "it.kafka";
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaBroker.class);

    private static volatile RunningBroker running;

    @Override
    public void beforeAll(ExtensionContext context) {
        String mode = mode();
        if (mode.equals("testcontainers") && !ContainerKafkaBroker.dockerAvailable()) {
            String message = "Testcontainers path skipped: no Docker engine (-D" + MODE_PROPERTY
                    + "=testcontainers needs one; use -D" + MODE_PROPERTY + "=embedded for the in-JVM broker)";
            System.err.println("!!! " + message + " -- " + context.getDisplayName());
            Assumptions.abort(message);
        }
        running = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(RunningBroker.class, key -> start(mode), RunningBroker.class);
    }

    /** The bootstrap servers of the running broker. */
    public static String bootstrapServers() {
        RunningBroker broker = running;
        if (broker == null) {
            throw new IllegalStateException("no Kafka broker is running: annotate the test class with @ExtendWith(KafkaBroker.class)");
        }
        return broker.bootstrapServers();
    }

    private static RunningBroker start(String mode) {
        long started = System.nanoTime();
        RunningBroker broker = mode.equals("testcontainers") ? ContainerKafkaBroker.start() : EmbeddedKraftBroker.start();
        System.err.printf("Started %s in %d ms for the integration tests%n", broker, (System.nanoTime() - started) / 1_000_000);
        return broker;
    }

    private static String mode() {
        String mode = System.getProperty(MODE_PROPERTY, "").trim().toLowerCase(Locale.ROOT);
        if (mode.isEmpty() || mode.equals("embedded")) {
            return "embedded";
        }
        if (mode.equals("testcontainers")) {
            return mode;
        }
        throw new IllegalArgumentException("-D" + MODE_PROPERTY + " must be 'embedded' or 'testcontainers', got '" + mode + "'");
    }
}
