package com.associationenricher.delta;

import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.config.EnricherConfig;
import com.associationenricher.events.avro.Association;
import com.associationenricher.events.avro.AssociationEvent;
import com.associationenricher.events.avro.ChangeType;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.ops.EnricherMetrics;
import com.associationenricher.pipeline.EnricherSerdes;
import com.associationenricher.testkit.EnricherTestConfig;
import com.associationenricher.testkit.InJvmEnricher;
import com.associationenricher.tools.simulator.AssociationTruth;
import com.associationenricher.tools.simulator.HubSpotSimulator;
import com.associationenricher.tools.simulator.SimulatorSettings;
import com.associationenricher.testkit.KafkaBroker;
import com.associationenricher.testkit.TestSerdes;
import com.associationenricher.testkit.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The last-emitted store is rebuilt from its changelog: an instance that starts with no local state (a new pod, a
 * wiped disk) still knows what each key last said, so it suppresses an unchanged answer and reports a change
 * against the event written before the restart. Real broker, the HubSpot simulator over HTTP.
 */
@ExtendWith(KafkaBroker.class)
class LastEmittedRestoreIT {
    static final long PORTAL = 555001;
    static final String TOKEN = "restore-token";

    @TempDir
    Path work;
    final String scope = Topics.uniqueName("registry");
    final String application = Topics.uniqueName("restore");
    final String input = Topics.uniqueName("restore-in");
    final String output = Topics.uniqueName("restore-out");
    final String dlq = Topics.uniqueName("restore-dlq");
    int eventSeq;

    @Test
    void aRestartWithoutLocalStateStillComparesWithTheLastEventWrittenBeforeIt() throws Exception {
        String objectId = idWithAssociations();
        String unseen = String.valueOf(Long.parseLong(objectId) + 1);
        String key = PORTAL + ":contacts:" + objectId + ":companies";
        EnricherSerdes serdes = TestSerdes.enricherSerdes(scope);
        try (HubSpotSimulator hubspot = HubSpotSimulator.start(SimulatorSettings.builder().token(TOKEN, PORTAL).latencyMs(5, 20).build())) {
            List<Association> v3Associations = run(hubspot, "v3", "state-1", metrics -> {
                change(serdes, objectId);
                AssociationEvent first = eventsOf(serdes, key, 1).get(0);
                assertThat(first.getAdded()).isEqualTo(first.getAssociations()).isNotEmpty();
                return first.getAssociations();
            });

            run(hubspot, "v3", "state-2", metrics -> {
                change(serdes, objectId);
                change(serdes, unseen);
                Awaitility.await("the unchanged answer after the restart suppressed, as the store rebuilt from its changelog says")
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> metrics.count("enricher.association.events.suppressed") >= 1);
                eventsOf(serdes, PORTAL + ":contacts:" + unseen + ":companies", 1);
                assertThat(eventsOf(serdes, key, 1)).as("the unchanged answer after the restart wrote nothing").hasSize(1);
                return null;
            });

            // v4 answers carry type ids and labels instead of v3's type name: every association changed its type.
            run(hubspot, "v4", "state-3", metrics -> {
                change(serdes, objectId);
                AssociationEvent relabelled = eventsOf(serdes, key, 2).get(1);
                assertThat(relabelled.getRemoved()).as("removed, as written before the restart").isEqualTo(v3Associations);
                assertThat(relabelled.getAdded()).isEqualTo(relabelled.getAssociations());
                assertThat(relabelled.getAssociations()).allSatisfy(a -> assertThat(a.getTypeId()).isNotNull());
                return null;
            });
        }
    }

    /** One enricher instance with its own, empty state directory; stopped when {@code body} returns. */
    private <T> T run(HubSpotSimulator hubspot, String api, String stateDir, Function<EnricherMetrics, T> body) throws Exception {
        EnricherConfig config = EnricherTestConfig.onTestBroker(application, work.resolve(stateDir))
                .registry("mock://" + scope)
                .topics(input, output, dlq)
                .hubspot(hubspot.baseUrl())
                .with("topics.partitions", "2")
                .with("associations.pairs", "contacts:companies")
                .with("hubspot.token", TOKEN)
                .with("hubspot.portal-id", String.valueOf(PORTAL))
                .with("hubspot.associations-api", api)
                .with("batch.max-wait", "100ms")
                .build();
        return InJvmEnricher.run(config, body::apply);
    }

    private void change(EnricherSerdes serdes, String objectId) {
        eventSeq++;
        CrmObjectChangeEvent event = CrmObjectChangeEvent.newBuilder()
                .setEventId("restore-" + eventSeq)
                .setPortalId(PORTAL)
                .setObjectType("contacts")
                .setObjectId(objectId)
                .setChangeType(ChangeType.UPDATED)
                .setOccurredAt(Instant.now())
                .build();
        Topics.produce(input, new StringSerializer(), serdes.changeEvents().serializer(),
                List.of(KeyValue.pair(PORTAL + ":contacts:" + objectId, event)));
    }

    private List<AssociationEvent> eventsOf(EnricherSerdes serdes, String key, int atLeast) {
        return Topics.consumeUntil(output, new StringDeserializer(), serdes.associationEvents().deserializer(),
                        read -> read.stream().filter(r -> r.key().equals(key)).count() >= atLeast, Duration.ofSeconds(60))
                .stream().filter(r -> r.key().equals(key)).map(ConsumerRecord::value).toList();
    }

    private static String idWithAssociations() {
        return IntStream.range(100, 200).mapToObj(String::valueOf)
                .filter(id -> AssociationTruth.associations(PORTAL, "contacts", id, "companies").size() >= 2)
                .findFirst().orElseThrow();
    }
}
