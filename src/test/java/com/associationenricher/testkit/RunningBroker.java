package com.associationenricher.testkit;

/** A Kafka broker the integration tests can connect to; closing it stops it. */
interface RunningBroker extends AutoCloseable {

    String bootstrapServers();

    /** Stops the broker; unchecked because JUnit closes it at the end of the run, where nobody can handle it. */
    @Override
    void close();
}
