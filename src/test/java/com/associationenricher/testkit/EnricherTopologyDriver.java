package com.associationenricher.testkit;

import com.associationenricher.events.avro.AssociationDeadLetter;
import com.associationenricher.events.avro.AssociationEvent;
import com.associationenricher.hubspot.AssociationsReader;
import com.associationenricher.ops.EnricherMetrics;
import com.associationenricher.pipeline.AvroInputDecoder;
import com.associationenricher.pipeline.EnricherSerdes;
import com.associationenricher.pipeline.EnricherTopology;
import com.associationenricher.pipeline.InputDecoder;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The whole enricher topology (Avro input unless told otherwise) on a TopologyTestDriver, each driver with its own fresh state directory
 * ({@link StateDirs#fresh()}), so parallel test JVMs never share a RocksDB lock; plus the topics tests talk to.
 */
public final class EnricherTopologyDriver {
    private EnricherTopologyDriver() {
    }

    public static TopologyTestDriver start(String applicationId, EnricherTopology.Settings settings, EnricherSerdes serdes,
            AssociationsReader reader, EnricherMetrics metrics, Instant startAt) {
        return start(applicationId, settings, serdes, new AvroInputDecoder(serdes.changeEvents().deserializer()), reader,
                metrics, startAt);
    }

    /** The same with another input decoder (input.format=hubspot-webhook-json decodes as EnricherService sets it up). */
    public static TopologyTestDriver start(String applicationId, EnricherTopology.Settings settings, EnricherSerdes serdes,
            InputDecoder decoder, AssociationsReader reader, EnricherMetrics metrics, Instant startAt) {
        var topology = EnricherTopology.build(settings, serdes, decoder, reader, metrics);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, StateDirs.fresh());
        return new TopologyTestDriver(topology, props, startAt);
    }

    /** The change-event input: raw bytes, as the enricher reads them. */
    public static TestInputTopic<byte[], byte[]> input(TopologyTestDriver driver, String topic) {
        return driver.createInputTopic(topic, new ByteArraySerializer(), new ByteArraySerializer());
    }

    public static TestOutputTopic<String, AssociationEvent> associationEvents(TopologyTestDriver driver, String topic,
            EnricherSerdes serdes) {
        return driver.createOutputTopic(topic, new StringDeserializer(), serdes.associationEvents().deserializer());
    }

    public static TestOutputTopic<String, AssociationDeadLetter> deadLetters(TopologyTestDriver driver, String topic,
            EnricherSerdes serdes) {
        return driver.createOutputTopic(topic, new StringDeserializer(), serdes.deadLetters().deserializer());
    }
}
