package com.associationenricher.batching;

import static org.assertj.core.api.Assertions.assertThat;
import com.associationenricher.config.AssociationPairs;
import com.associationenricher.dlq.DeadLetterHeaders;
import com.associationenricher.events.avro.AssociationDeadLetter;
import com.associationenricher.events.avro.AssociationEvent;
import com.associationenricher.events.avro.ChangeType;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.events.avro.DeadLetterReason;
import com.associationenricher.hubspot.FailureDetail;
import com.associationenricher.hubspot.IdOutcome;
import com.associationenricher.ops.EnricherMetrics;
import com.associationenricher.pipeline.AvroInputDecoder;
import com.associationenricher.pipeline.EnricherSerdes;
import com.associationenricher.pipeline.EnricherTopology;
import com.associationenricher.testkit.TestSerdes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Live changes are served before backfill and reconcile: ids only a BACKFILL or RECONCILE event asked for wait while
 * a live change's ids are due, ride along in the same calls, and become live when a live change touches them.
 */
class LiveTrafficFirstTest {
    static final long PORTAL = 42;
    static final BatchPolicy POLICY = new BatchPolicy(3, Duration.ofSeconds(1), 2, Duration.ofMillis(100), 3, Duration.ofHours(1), Duration.ofHours(1));
    static final AssociationPairs PAIRS = AssociationPairs.parse("deals:contacts");

    final ScriptedReader reader = new ScriptedReader();
    final EnricherMetrics metrics = EnricherMetrics.inMemory();
    EnricherSerdes serdes;
    TopologyTestDriver driver;
    TestInputTopic<byte[], byte[]> input;
    int eventSeq;

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path stateDir;

    @BeforeEach
    void start() {
        serdes = TestSerdes.enricherSerdes("live-first-" + UUID.randomUUID());
        var settings = new EnricherTopology.Settings("in", "out", "dlq", false, POLICY, PAIRS);
        var topology = EnricherTopology.build(settings, serdes, new AvroInputDecoder(serdes.changeEvents().deserializer()), reader, metrics);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "live-first-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        // Its own state directory: other test JVMs on this machine must not share the RocksDB lock.
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(topology, props, Instant.ofEpochMilli(1_000_000));
        input = driver.createInputTopic("in", new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aLiveChangeIsSentBeforeBackfillIdsThatWereQueuedFirst() {
        for (int id = 1; id <= 9; id++) {
            send(event(String.valueOf(id), "BACKFILL"));
        }
        // Two slots: [1,2,3] and [4,5,6] in flight, 7, 8, 9 wait.
        assertThat(reader.calls).hasSize(2);
        send(event("100", null));
        assertThat(metrics.waitingIds("bulk")).isEqualTo(3);
        assertThat(metrics.waitingIds("live")).isEqualTo(1);

        reader.calls.get(0).answerFound();
        driver.advanceWallClockTime(Duration.ofMillis(100));

        assertThat(reader.calls).hasSize(3);
        assertThat(reader.last().request().objectIds()).containsExactly("100", "7", "8");
        assertThat(metrics.waitingIds("live")).isZero();
        assertThat(metrics.waitingIds("bulk")).isEqualTo(1);
    }

    @Test
    void aBackfillIdThatALiveChangeTouchesBecomesLive() {
        send(event("1", "RECONCILE"), event("2", "BACKFILL"));
        assertThat(metrics.waitingIds("bulk")).isEqualTo(2);

        send(event("2", "CRM"));

        assertThat(metrics.waitingIds("bulk")).isEqualTo(1);
        assertThat(metrics.waitingIds("live")).isEqualTo(1);
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(reader.calls).singleElement()
                .satisfies(call -> assertThat(call.request().objectIds()).containsExactly("2", "1"));
    }

    private void send(CrmObjectChangeEvent... events) {
        for (CrmObjectChangeEvent event : events) {
            input.pipeInput(null, serdes.changeEvents().serializer().serialize("in", event));
        }
    }

    private CrmObjectChangeEvent event(String id, String changeSource) {
        eventSeq++;
        return CrmObjectChangeEvent.newBuilder()
                .setEventId("e" + eventSeq)
                .setPortalId(PORTAL)
                .setObjectType("deals")
                .setObjectId(id)
                .setChangeType(ChangeType.UPDATED)
                .setOccurredAt(Instant.ofEpochMilli(999_000 + eventSeq))
                .setChangeSource(changeSource)
                .build();
    }
}
