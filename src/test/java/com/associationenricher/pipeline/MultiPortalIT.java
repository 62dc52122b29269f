package com.associationenricher.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.config.EnricherConfig;
import com.associationenricher.events.avro.Association;
import com.associationenricher.events.avro.AssociationDeadLetter;
import com.associationenricher.events.avro.AssociationEvent;
import com.associationenricher.events.avro.ChangeType;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.events.avro.DeadLetterReason;
import com.associationenricher.testkit.EnricherTestConfig;
import com.associationenricher.tools.simulator.AssociationTruth;
import com.associationenricher.tools.simulator.HubSpotSimulator;
import com.associationenricher.tools.simulator.SimulatorSettings;
import com.associationenricher.tools.simulator.TrueAssociation;
import com.associationenricher.testkit.ChangeEvents;
import com.associationenricher.testkit.InJvmEnricher;
import com.associationenricher.testkit.KafkaBroker;
import com.associationenricher.testkit.TestSerdes;
import com.associationenricher.testkit.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three portals on one enricher: one by static token, one by OAuth refresh token, one without credentials. Every answer
 * must be its own portal's (the simulator's truth depends on the portal of the token used), the unknown portal is never
 * called, and one portal's daily limit leaves the other at full speed.
 */
@ExtendWith(KafkaBroker.class)
class MultiPortalIT {
    static final long STATIC_PORTAL = 1001;
    static final long OAUTH_PORTAL = 2002;
    static final long UNKNOWN_PORTAL = 3003;

    @TempDir
    Path stateDir;

    @Test
    void everyLookupUsesItsOwnPortalsCredentialsAndBudget() throws Exception {
        String scope = Topics.uniqueName("registry");
        String input = Topics.uniqueName("changes");
        String output = Topics.uniqueName("associations");
        String dlq = Topics.uniqueName("dlq");
        var serdes = TestSerdes.enricherSerdes(scope);
        try (HubSpotSimulator hubspot = HubSpotSimulator.start(SimulatorSettings.builder()
                .token("pat-static", STATIC_PORTAL).latencyMs(5, 20).build())) {
            hubspot.registerRefreshToken("refresh-oauth", OAUTH_PORTAL);
            EnricherConfig config = EnricherTestConfig.onTestBroker(Topics.uniqueName("portals"), stateDir)
                    .registry("mock://" + scope)
                    .topics(input, output, dlq)
                    .hubspot(hubspot.baseUrl())
                    .with("topics.partitions", "2")
                    .with("associations.pairs", "contacts:companies")
                    .with("hubspot.portals." + STATIC_PORTAL + ".token", "pat-static")
                    .with("hubspot.oauth.client-id", "client-id")
                    .with("hubspot.oauth.client-secret", "client-secret")
                    .with("hubspot.portals." + OAUTH_PORTAL + ".refresh-token", "refresh-oauth")
                    .with("hubspot.daily-limit-pause", "3s")
                    .with("batch.max-wait", "200ms")
                    .build();
            InJvmEnricher.run(config, metrics -> {
                List<CrmObjectChangeEvent> first = new ArrayList<>();
                for (int i = 0; i < 60; i++) {
                    long portal = List.of(STATIC_PORTAL, OAUTH_PORTAL, UNKNOWN_PORTAL).get(i % 3);
                    first.add(event(portal, String.valueOf(1000 + i)));
                }
                ChangeEvents.produce(input, first, serdes.changeEvents().serializer());
                Map<String, AssociationEvent> table = awaitKeys(output, serdes, keys(first, STATIC_PORTAL, OAUTH_PORTAL));
                for (CrmObjectChangeEvent event : first) {
                    if (event.getPortalId() != UNKNOWN_PORTAL) {
                        assertThat(ids(table.get(key(event)))).as("own portal's truth for %s", key(event))
                                .isEqualTo(truth(event.getPortalId(), event.getObjectId()));
                    }
                }
                List<ConsumerRecord<String, AssociationDeadLetter>> letters = Topics.consumeUntil(dlq, new StringDeserializer(),
                        serdes.deadLetters().deserializer(), read -> read.size() >= 20, Duration.ofSeconds(30));
                assertThat(letters).extracting(ConsumerRecord::key).containsExactlyInAnyOrderElementsOf(keys(first, UNKNOWN_PORTAL));
                assertThat(letters).allSatisfy(r -> assertThat(r.value().getReason()).isEqualTo(DeadLetterReason.UNKNOWN_PORTAL));
                assertThat(hubspot.stats().callsOfPortal(UNKNOWN_PORTAL)).isZero();
                assertThat(hubspot.stats().callsOfPortal(STATIC_PORTAL)).isPositive();
                assertThat(hubspot.stats().callsOfPortal(OAUTH_PORTAL)).isPositive();

                // The static portal spends its daily limit: its ids wait, the OAuth portal's go through at full speed.
                hubspot.reachDailyLimit(STATIC_PORTAL);
                List<CrmObjectChangeEvent> second = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    second.add(event(i % 2 == 0 ? STATIC_PORTAL : OAUTH_PORTAL, String.valueOf(5000 + i)));
                }
                ChangeEvents.produce(input, second, serdes.changeEvents().serializer());
                long started = System.nanoTime();
                awaitKeys(output, serdes, keys(second, OAUTH_PORTAL));
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
                Map<String, AssociationEvent> now = awaitKeys(output, serdes, keys(second, OAUTH_PORTAL));
                assertThat(now.keySet()).doesNotContainAnyElementsOf(keys(second, STATIC_PORTAL));
                assertThat(metrics.pendingIds()).isGreaterThanOrEqualTo(20);

                hubspot.resetDailyLimit(STATIC_PORTAL);
                Map<String, AssociationEvent> after = awaitKeys(output, serdes, keys(second, STATIC_PORTAL));
                second.stream().filter(e -> e.getPortalId() == STATIC_PORTAL)
                        .forEach(e -> assertThat(ids(after.get(key(e)))).isEqualTo(truth(STATIC_PORTAL, e.getObjectId())));
                List<ConsumerRecord<String, AssociationDeadLetter>> allLetters = Topics.consumeUntil(dlq, new StringDeserializer(),
                        serdes.deadLetters().deserializer(), read -> read.size() >= 20, Duration.ofSeconds(10));
                assertThat(allLetters).as("no dead letter for the daily limit").hasSize(20);
                return null;
            });
        }
    }

    private static Map<String, AssociationEvent> awaitKeys(String output, com.associationenricher.pipeline.EnricherSerdes serdes, Set<String> keys) {
        List<ConsumerRecord<String, AssociationEvent>> read = Topics.consumeUntil(output, new StringDeserializer(),
                serdes.associationEvents().deserializer(),
                records -> records.stream().map(ConsumerRecord::key).collect(Collectors.toSet()).containsAll(keys),
                Duration.ofSeconds(60));
        Map<String, AssociationEvent> table = new HashMap<>();
        read.forEach(r -> table.put(r.key(), r.value()));
        return table;
    }

    private static Set<String> keys(List<CrmObjectChangeEvent> events, long... portals) {
        Set<Long> wanted = java.util.Arrays.stream(portals).boxed().collect(Collectors.toSet());
        return events.stream().filter(e -> wanted.contains(e.getPortalId())).map(MultiPortalIT::key).collect(Collectors.toSet());
    }

    private static String key(CrmObjectChangeEvent event) {
        return event.getPortalId() + ":contacts:" + event.getObjectId() + ":companies";
    }

    private static List<String> truth(long portal, String id) {
        return AssociationTruth.associations(portal, "contacts", id, "companies").stream().map(TrueAssociation::toObjectId).toList();
    }

    private static List<String> ids(AssociationEvent event) {
        return event.getAssociations().stream().map(Association::getToObjectId).toList();
    }


    private static CrmObjectChangeEvent event(long portal, String id) {
        return CrmObjectChangeEvent.newBuilder().setEventId(portal + "-" + id).setPortalId(portal).setObjectType("contacts")
                .setObjectId(id).setChangeType(ChangeType.UPDATED).setOccurredAt(Instant.now()).build();
    }
}
