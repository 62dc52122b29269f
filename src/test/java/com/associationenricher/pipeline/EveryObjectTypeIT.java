package com.associationenricher.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.associationenricher.config.EnricherConfig;
import com.associationenricher.events.avro.Association;
import com.associationenricher.events.avro.AssociationEvent;
import com.associationenricher.testkit.EnricherTestConfig;
import com.associationenricher.tools.simulator.AssociationTruth;
import com.associationenricher.tools.simulator.Endpoint;
import com.associationenricher.tools.simulator.HubSpotSimulator;
import com.associationenricher.tools.simulator.SchemasEndpoint;
import com.associationenricher.tools.simulator.SimulatorSettings;
import com.associationenricher.tools.simulator.TrueAssociation;
import com.associationenricher.testkit.InJvmEnricher;
import com.associationenricher.testkit.KafkaBroker;
import com.associationenricher.testkit.TestSerdes;
import com.associationenricher.testkit.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Notes, calls and a custom object configured by name, end to end: generic webhook events on a real broker, the
 * name resolved against the simulator's schemas, lookups through the dated API with its labels, and an event of a
 * subscribed but unconfigured type (meetings) counted and skipped.
 */
@ExtendWith(KafkaBroker.class)
class EveryObjectTypeIT {
    static final long PORTAL = SimulatorSettings.DEFAULT_PORTAL_ID;
    static final String CARS = "p" + PORTAL + "_cars";

    @TempDir
    Path stateDir;

    @Test
    void notesCallsAndANamedCustomObjectGetTheirAssociationsWithLabels() throws Exception {
        String scope = Topics.uniqueName("registry");
        String input = Topics.uniqueName("webhooks");
        String output = Topics.uniqueName("associations");
        var serdes = TestSerdes.enricherSerdes(scope);
        try (HubSpotSimulator hubspot = HubSpotSimulator.start(SimulatorSettings.builder().latencyMs(5, 20).build())) {
            EnricherConfig config = EnricherTestConfig.onTestBroker(Topics.uniqueName("every-type"), stateDir)
                    .registry("mock://" + scope)
                    .topics(input, output, Topics.uniqueName("dlq"))
                    .hubspot(hubspot.baseUrl())
                    .with("input.format", "hubspot-webhook-json")
                    .with("topics.partitions", "2")
                    .with("associations.pairs", "notes:contacts,calls:contacts," + CARS + ":contacts,contacts:" + CARS)
                    .with("hubspot.associations-api", "2026-03")
                    .with("hubspot.portals." + PORTAL + ".token", SimulatorSettings.DEFAULT_TOKEN)
                    .with("batch.max-wait", "200ms")
                    .build();
            InJvmEnricher.run(config, metrics -> {
                Topics.produce(input, new StringSerializer(), new StringSerializer(), List.of(KeyValue.pair("batch-1", """
                        [%s,%s,%s,%s,%s]""".formatted(
                        event(1, "object.propertyChange", "0-46", 2017), event(2, "object.creation", "0-48", 3001),
                        event(3, "object.propertyChange", SchemasEndpoint.CARS, 4007),
                        event(4, "object.creation", "0-1", 5001), event(5, "object.creation", "0-47", 6001)))));

                Map<String, AssociationEvent> table = awaitKeys(output, serdes, Set.of(
                        PORTAL + ":notes:2017:contacts", PORTAL + ":calls:3001:contacts",
                        PORTAL + ":" + SchemasEndpoint.CARS + ":4007:contacts", PORTAL + ":contacts:5001:" + SchemasEndpoint.CARS));

                assertThat(ids(table.get(PORTAL + ":notes:2017:contacts"))).isEqualTo(truth("notes", "2017", "contacts"));
                assertThat(ids(table.get(PORTAL + ":calls:3001:contacts"))).isEqualTo(truth("calls", "3001", "contacts"));
                assertThat(ids(table.get(PORTAL + ":" + SchemasEndpoint.CARS + ":4007:contacts")))
                        .isEqualTo(truth(SchemasEndpoint.CARS, "4007", "contacts"));
                assertThat(ids(table.get(PORTAL + ":contacts:5001:" + SchemasEndpoint.CARS)))
                        .isEqualTo(truth("contacts", "5001", SchemasEndpoint.CARS));
                assertThat(table.get(PORTAL + ":notes:2017:contacts").getAssociations())
                        .as("the note's first contact is labelled, beside its unlabelled type")
                        .anySatisfy(a -> {
                            assertThat(a.getLabel()).isEqualTo("Primary");
                            assertThat(a.getCategory()).isEqualTo("USER_DEFINED");
                        })
                        .anySatisfy(a -> assertThat(a.getLabel()).isNull());
                assertThat(table.keySet()).noneMatch(key -> key.contains("meetings"));
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                        metrics.registry().counter("enricher.events.skipped", "type", "meetings").count()).isEqualTo(1));
                assertThat(hubspot.stats().calls(Endpoint.SCHEMAS)).as("the name is resolved once").isEqualTo(1);
                return null;
            });
        }
    }

    private static String event(int eventId, String subscriptionType, String objectTypeId, long objectId) {
        return """
                {"eventId":%d,"subscriptionId":9,"portalId":%d,"appId":7,"occurredAt":%d,"subscriptionType":"%s",
                 "attemptNumber":0,"objectTypeId":"%s","objectId":%d,"changeSource":"CRM"}"""
                .formatted(eventId, PORTAL, System.currentTimeMillis(), subscriptionType, objectTypeId, objectId);
    }

    private static Map<String, AssociationEvent> awaitKeys(String output, EnricherSerdes serdes, Set<String> keys) {
        List<ConsumerRecord<String, AssociationEvent>> read = Topics.consumeUntil(output, new StringDeserializer(),
                serdes.associationEvents().deserializer(),
                records -> records.stream().map(ConsumerRecord::key).collect(Collectors.toSet()).containsAll(keys),
                Duration.ofSeconds(60));
        Map<String, AssociationEvent> table = new HashMap<>();
        read.forEach(r -> table.put(r.key(), r.value()));
        return table;
    }

    private static List<String> truth(String from, String id, String to) {
        return AssociationTruth.associations(PORTAL, from, id, to).stream().map(TrueAssociation::toObjectId).toList();
    }

    /** The associated ids in order; a labelled association appears once per type, so once here. */
    private static List<String> ids(AssociationEvent event) {
        return event.getAssociations().stream().map(Association::getToObjectId).distinct().toList();
    }
}
