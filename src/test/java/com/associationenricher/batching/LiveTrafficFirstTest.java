package com.associationenricher.batching;

import static org.assertj.core.api.Assertions.assertThat;
import com.associationenricher.config.AssociationPairs;
import com.associationenricher.events.avro.ChangeType;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.ops.EnricherMetrics;
import com.associationenricher.pipeline.EnricherSerdes;
import com.associationenricher.pipeline.EnricherTopology;
import com.associationenricher.testkit.EnricherTopologyDriver;
import com.associationenricher.testkit.TestSerdes;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
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

    @BeforeEach
    void start() {
        serdes = TestSerdes.enricherSerdes("live-first-" + UUID.randomUUID());
        var settings = new EnricherTopology.Settings("in", "out", "dlq", false, POLICY, PAIRS);
        driver = EnricherTopologyDriver.start("live-first-test", settings, serdes, reader, metrics, Instant.ofEpochMilli(1_000_000));
        input = EnricherTopologyDriver.input(driver, "in");
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
