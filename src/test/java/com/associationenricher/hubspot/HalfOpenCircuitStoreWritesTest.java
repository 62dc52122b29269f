package com.associationenricher.hubspot;

import static com.associationenricher.hubspot.ResilienceFixtures.fast;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.associationenricher.batching.BatchPolicy;
import com.associationenricher.config.AssociationPairs;
import com.associationenricher.events.avro.ChangeType;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.hubspot.ScriptedHubSpotServer.Answer;
import com.associationenricher.ops.EnricherMetrics;
import com.associationenricher.pipeline.EnricherSerdes;
import com.associationenricher.pipeline.EnricherTopology;
import com.associationenricher.testkit.EnricherTopologyDriver;
import com.associationenricher.testkit.TestSerdes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The batcher over the real resilient reader while a portal's circuit is half-open: the one probe hangs, every other
 * call is rejected by the breaker and deferred with no delay left, tick after tick. The driver's wall clock follows
 * the real one, since the reader's deferrals are in real time.
 */
class HalfOpenCircuitStoreWritesTest {
    static final String APP = "half-open";
    static final BatchPolicy POLICY = new BatchPolicy(1, Duration.ofMillis(100), 8, Duration.ofMillis(100), 8, Duration.ofHours(1), Duration.ofHours(1));

    final ScriptedHubSpotServer server = ScriptedHubSpotServer.start();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final SharedCallLimits shared = ResilienceFixtures.shared(registry);
    final EnricherSerdes serdes = TestSerdes.enricherSerdes("half-open-" + UUID.randomUUID());
    final ResilientAssociationsReader reader = ResilienceFixtures.reader(server.baseUrl(), new StaticTokenProvider("token"),
            fast().withTimeouts(Duration.ofSeconds(15), Duration.ofSeconds(2))
                    .withRetries(0, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofMillis(10))
                    .withBreaker(3, 5, Duration.ofMillis(300), 1), shared);
    TopologyTestDriver driver;
    TestInputTopic<byte[], byte[]> input;
    long clock = System.currentTimeMillis();
    final AtomicInteger eventSeq = new AtomicInteger();

    @AfterEach
    void stop() throws Exception {
        driver.close();
        reader.close();
        shared.close();
        server.close();
    }

    @Test
    void idsDeferredByAHalfOpenCircuitAreNotRewrittenToTheChangelogOnEveryTick() {
        var settings = new EnricherTopology.Settings("in", "out", "dlq", false, POLICY, AssociationPairs.parse("deals:companies"));
        driver = EnricherTopologyDriver.start(APP, settings, serdes, reader, EnricherMetrics.inMemory(), Instant.ofEpochMilli(clock));
        input = EnricherTopologyDriver.input(driver, "in");
        TestOutputTopic<String, byte[]> changelog = driver.createOutputTopic(APP + "-pending-lookups-changelog",
                new StringDeserializer(), new ByteArrayDeserializer());

        for (int i = 0; i < 3; i++) {
            server.answer(Answer.status(503));
        }
        for (int id = 1; id <= 3; id++) {
            change(id);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> reader.circuitBreaker().isOpen());
        for (int id = 4; id <= 10; id++) {
            change(id);
        }
        server.respondWith(request -> ResilienceFixtures.found(ResilienceFixtures.idsOf(request)).delay(Duration.ofSeconds(6)));
        await().atMost(Duration.ofSeconds(3)).until(() -> reader.circuitBreaker().getRemainingDelay().isZero());
        followRealClock();
        changelog.readKeyValuesToList();

        // Three seconds of half-open circuit: one probe hangs, the other calls are deferred with no delay left.
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100)).during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> {
                    followRealClock();
                    return true;
                });

        assertThat(server.requests()).as("only the probe reached HubSpot").hasSize(4);
        assertThat(reader.circuitBreaker().isHalfOpen()).isTrue();
        assertThat(registry.find(HubSpotCallMetrics.DEFERRALS).counters().stream().mapToDouble(c -> c.count()).sum())
                .as("deferrals while half-open").isGreaterThan(20);
        assertThat(changelog.readKeyValuesToList().size()).as("pending-lookups changelog records while half-open").isZero();
    }

    /** Moves the driver's wall clock to now, running the punctuator once. */
    private void followRealClock() {
        long now = System.currentTimeMillis();
        driver.advanceWallClockTime(Duration.ofMillis(Math.max(now - clock, 0)));
        clock = Math.max(now, clock);
    }

    private void change(int id) {
        CrmObjectChangeEvent event = CrmObjectChangeEvent.newBuilder()
                .setEventId("e" + eventSeq.incrementAndGet())
                .setPortalId(42)
                .setObjectType("deals")
                .setObjectId(String.valueOf(id))
                .setChangeType(ChangeType.UPDATED)
                .setOccurredAt(Instant.ofEpochMilli(clock))
                .build();
        input.pipeInput(null, serdes.changeEvents().serializer().serialize("in", event));
        followRealClock();
    }
}
