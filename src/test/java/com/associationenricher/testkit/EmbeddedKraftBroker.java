package com.associationenricher.testkit;

import com.associationenricher.tools.demo.InJvmKafka;

/** The in-JVM KRaft broker (the demo's), the default for CI. */
final class EmbeddedKraftBroker implements RunningBroker {
    private final InJvmKafka kafka;

    private EmbeddedKraftBroker(InJvmKafka kafka) {
        this.kafka = kafka;
    }

    static EmbeddedKraftBroker start() {
        return new EmbeddedKraftBroker(InJvmKafka.start());
    }

    @Override
    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Override
    public void close() {
        kafka.close();
    }

    @Override
    public String toString() {
        return kafka.toString();
    }
}
