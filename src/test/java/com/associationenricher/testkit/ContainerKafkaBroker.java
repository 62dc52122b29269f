package com.associationenricher.testkit;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/** The apache/kafka image under Testcontainers, for runs with {@code -Dit.kafka=testcontainers} on a Docker host. */
final class ContainerKafkaBroker implements RunningBroker {

    static final String IMAGE = "apache/kafka:4.1.0";

    private final KafkaContainer container;

    private ContainerKafkaBroker(KafkaContainer container) {
        this.container = container;
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    static ContainerKafkaBroker start() {
        KafkaContainer container = new KafkaContainer(IMAGE);
        container.start();
        return new ContainerKafkaBroker(container);
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public void close() {
        container.stop();
    }

    @Override
    public String toString() {
        return IMAGE + " container at " + bootstrapServers();
    }
}
