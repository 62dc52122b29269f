package com.associationenricher.testkit;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node KRaft broker (combined broker and controller) inside the test JVM, the default for CI. Internal
 * topics get replication factor 1 and few partitions, so the first consumer group and first transaction do not wait
 * for 50 partitions to be created.
 */
final class EmbeddedKraftBroker implements RunningBroker {

    private final KafkaClusterTestKit cluster;

    private EmbeddedKraftBroker(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    static EmbeddedKraftBroker start() {
        KafkaClusterTestKit cluster = null;
        try {
            cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "5")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("transaction.state.log.num.partitions", "5")
                    .setConfigProp("share.coordinator.state.topic.replication.factor", "1")
                    .setConfigProp("share.coordinator.state.topic.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new EmbeddedKraftBroker(cluster);
        } catch (Exception e) {
            if (cluster != null) {
                closeQuietly(cluster);
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("cannot start the in-JVM KRaft broker for the integration tests", e);
        }
    }

    @Override
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    @Override
    public void close() {
        closeQuietly(cluster);
    }

    private static void closeQuietly(KafkaClusterTestKit cluster) {
        try {
            cluster.close();
        } catch (Exception e) {
            System.err.println("in-JVM KRaft broker did not close cleanly: " + e);
        }
    }

    @Override
    public String toString() {
        return "in-JVM KRaft broker at " + bootstrapServers();
    }
}
