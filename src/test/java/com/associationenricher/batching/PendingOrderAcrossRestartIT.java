package com.associationenricher.batching;

import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.config.EnricherConfig;
import com.associationenricher.events.avro.AssociationEvent;
import com.associationenricher.events.avro.ChangeType;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.ops.EnricherMetrics;
import com.associationenricher.pipeline.EnricherSerdes;
import com.associationenricher.testkit.ChangeEvents;
import com.associationenricher.testkit.EnricherTestConfig;
import com.associationenricher.testkit.InJvmEnricher;
import com.associationenricher.testkit.KafkaBroker;
import com.associationenricher.testkit.TestSerdes;
import com.associationenricher.testkit.Topics;
import com.associationenricher.tools.simulator.AssociationTruth;
import com.associationenricher.tools.simulator.HubSpotSimulator;
import com.associationenricher.tools.simulator.SimulatorSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * While a key waits for its lookup, its newest change time lives only in its pending entry ({@link ChangeOrder}: the
 * {@code last-changes} store gets it when the entry leaves). That time must survive a restart: an instance that starts
 * with no local state (its stores rebuilt from their changelogs) still refuses a deletion older than the pending
 * change, and still applies a newer one. Real broker, the HubSpot simulator over HTTP, slow until the restart.
 */
@ExtendWith(KafkaBroker.class)
class PendingOrderAcrossRestartIT {
    static final long PORTAL = 555002;
    static final String TOKEN = "order-restart-token";

    @TempDir
    Path work;
    final String scope = Topics.uniqueName("registry");
    final String application = Topics.uniqueName("order-restart");
    final String input = Topics.uniqueName("order-restart-in");
    final String output = Topics.uniqueName("order-restart-out");
    final String dlq = Topics.uniqueName("order-restart-dlq");
    int eventSeq;

    @Test
    void aPendingChangeOutlivesARestartWithoutLocalStateAndStillOrdersLateDeletions() throws Exception {
        List<String> ids = idsWithAssociations(2);
        String kept = ids.get(0);
        String deleted = ids.get(1);
        EnricherSerdes serdes = TestSerdes.enricherSerdes(scope);
        Instant changedAt = Instant.now();
        // Calls take 20 s (under the 30 s request timeout) until the restart: both lookups are still pending at the stop.
        try (HubSpotSimulator hubspot = HubSpotSimulator.start(SimulatorSettings.builder().token(TOKEN, PORTAL)
                .latencyMs(20_000, 20_000).build())) {
            run(hubspot, "state-1", metrics -> {
                change(serdes, kept, ChangeType.UPDATED, changedAt);
                change(serdes, deleted, ChangeType.UPDATED, changedAt);
                Awaitility.await("both lookups in flight").atMost(Duration.ofSeconds(60))
                        .until(() -> hubspot.stats().totalCalls() >= 1 && metrics.pendingIds() == 2);
                assertThat(metrics.count("enricher.association.events")).as("nothing answered before the stop").isZero();
            });

            // After the restart calls take 5 s: the deletions below reach the restored entries while they still wait.
            hubspot.update(settings -> settings.toBuilder().latencyMs(5_000, 5_000).build());
            run(hubspot, "state-2", metrics -> {
                // A deletion older than the pending change arrives late; another, newer than it, arrives in time.
                change(serdes, kept, ChangeType.DELETED, changedAt.minusSeconds(10));
                change(serdes, deleted, ChangeType.DELETED, changedAt.plusSeconds(10));
                Awaitility.await("the older deletion refused as stale, the newer one applied").atMost(Duration.ofSeconds(60))
                        .until(() -> metrics.count("enricher.changes.stale") >= 1 && metrics.count("enricher.tombstones") >= 1);
                assertThat(metrics.count("enricher.association.events"))
                        .as("both deletions met the restored entries while they waited (else this test checks nothing)").isZero();
                Awaitility.await("the pending lookup looked up again and answered").atMost(Duration.ofSeconds(60))
                        .until(() -> metrics.count("enricher.association.events") >= 1 && metrics.pendingIds() == 0);
            });
        }

        List<ConsumerRecord<String, AssociationEvent>> records = Topics.consumeUntil(output, new StringDeserializer(),
                serdes.associationEvents().deserializer(), read -> !valuesOf(read, kept).isEmpty() && endsInTombstone(valuesOf(read, deleted)),
                Duration.ofSeconds(60));
        List<AssociationEvent> keptRecords = valuesOf(records, kept);
        assertThat(keptRecords).as("the kept key: its association event, never a tombstone").isNotEmpty().doesNotContainNull();
        assertThat(keptRecords.get(keptRecords.size() - 1).getAssociations()).isNotEmpty();
        List<AssociationEvent> deletedRecords = valuesOf(records, deleted);
        assertThat(deletedRecords).as("the deleted key ends in a tombstone").isNotEmpty();
        assertThat(deletedRecords.get(deletedRecords.size() - 1)).isNull();
    }

    /** One enricher instance with its own, empty state directory; stopped when {@code body} returns. */
    private void run(HubSpotSimulator hubspot, String stateDir, Consumer<EnricherMetrics> body) throws Exception {
        EnricherConfig config = EnricherTestConfig.onTestBroker(application, work.resolve(stateDir))
                .registry("mock://" + scope)
                .topics(input, output, dlq)
                .hubspot(hubspot.baseUrl())
                .with("topics.partitions", "2")
                .with("associations.pairs", "contacts:companies")
                .with("hubspot.token", TOKEN)
                .with("hubspot.portal-id", String.valueOf(PORTAL))
                .with("batch.max-wait", "100ms")
                .build();
        InJvmEnricher.run(config, metrics -> {
            body.accept(metrics);
            return null;
        });
    }

    private void change(EnricherSerdes serdes, String objectId, ChangeType type, Instant occurredAt) {
        eventSeq++;
        CrmObjectChangeEvent event = CrmObjectChangeEvent.newBuilder()
                .setEventId("order-restart-" + eventSeq)
                .setPortalId(PORTAL)
                .setObjectType("contacts")
                .setObjectId(objectId)
                .setChangeType(type)
                .setOccurredAt(occurredAt)
                .build();
        ChangeEvents.produce(input, List.of(event), serdes.changeEvents().serializer());
    }

    private static boolean endsInTombstone(List<AssociationEvent> values) {
        return !values.isEmpty() && values.get(values.size() - 1) == null;
    }

    private static List<AssociationEvent> valuesOf(List<ConsumerRecord<String, AssociationEvent>> records, String objectId) {
        String key = PORTAL + ":contacts:" + objectId + ":companies";
        // Stream.toList keeps nulls: a tombstone is a null value.
        return records.stream().filter(r -> r.key().equals(key)).map(ConsumerRecord::value).toList();
    }

    private static List<String> idsWithAssociations(int count) {
        return IntStream.range(100, 300).mapToObj(String::valueOf)
                .filter(id -> !AssociationTruth.associations(PORTAL, "contacts", id, "companies").isEmpty())
                .limit(count).toList();
    }
}
