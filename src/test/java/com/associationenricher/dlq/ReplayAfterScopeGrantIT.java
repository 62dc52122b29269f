package com.associationenricher.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.cli.Main;
import com.associationenricher.config.EnricherConfig;
import com.associationenricher.events.avro.AssociationDeadLetter;
import com.associationenricher.events.avro.AssociationEvent;
import com.associationenricher.events.avro.ChangeType;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.events.avro.DeadLetterReason;
import com.associationenricher.pipeline.ObjectChanges;
import com.associationenricher.tools.simulator.AssociationTruth;
import com.associationenricher.tools.simulator.HubSpotSimulator;
import com.associationenricher.tools.simulator.SimulatorSettings;
import com.associationenricher.tools.simulator.TrueAssociation;
import com.associationenricher.testkit.InJvmEnricher;
import com.associationenricher.testkit.KafkaBroker;
import com.associationenricher.testkit.TestSerdes;
import com.associationenricher.testkit.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runbook end to end: a scope is missing, the ids are dead-lettered; the scope is granted, the operator runs
 * {@code dlq replay --reason MISSING_SCOPES} (the real command), and the pipeline emits their associations. Under
 * either {@code input.format}: replay writes Avro change events, which the intake reads whatever the format says.
 */
@ExtendWith(KafkaBroker.class)
class ReplayAfterScopeGrantIT {
    static final long PORTAL = 555;

    @TempDir
    Path work;

    @ParameterizedTest(name = "input.format={0}")
    @ValueSource(strings = {"avro", "hubspot-webhook-json"})
    void replayingMissingScopeDeadLettersAfterTheGrantFillsTheTable(String inputFormat) throws Exception {
        String scope = Topics.uniqueName("registry");
        String input = Topics.uniqueName("changes");
        String output = Topics.uniqueName("associations");
        String dlq = Topics.uniqueName("dlq");
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("kafka.bootstrap.servers", KafkaBroker.bootstrapServers());
        settings.put("kafka.application.id", Topics.uniqueName("replay"));
        settings.put("kafka.state.dir", work.resolve("state").toString());
        settings.put("kafka.commit.interval.ms", "200");
        settings.put("schema-registry.url", "mock://" + scope);
        settings.put("topics.input", input);
        settings.put("topics.output", output);
        settings.put("topics.dead-letter", dlq);
        settings.put("topics.partitions", "2");
        settings.put("input.format", inputFormat);
        settings.put("hubspot.portals." + PORTAL + ".token", "replay-token");
        settings.put("associations.pairs", "tickets:contacts,contacts:companies");
        settings.put("batch.max-wait", "200ms");

        try (HubSpotSimulator hubspot = HubSpotSimulator.start(SimulatorSettings.builder()
                .token("replay-token", PORTAL).missingScopes("tickets").build())) {
            settings.put("hubspot.base-url", hubspot.baseUrl());
            EnricherConfig config = EnricherConfig.fromMap(settings);
            var serdes = TestSerdes.enricherSerdes(scope);
            InJvmEnricher.run(config, metrics -> {
                List<CrmObjectChangeEvent> tickets = IntStream.range(0, 20).mapToObj(i -> event("tickets", String.valueOf(2000 + i * 7))).toList();
                List<CrmObjectChangeEvent> contacts = IntStream.range(0, 5).mapToObj(i -> event("contacts", String.valueOf(3000 + i * 7))).toList();
                produce(input, inputFormat, tickets, serdes);
                produce(input, inputFormat, contacts, serdes);
                Set<String> ticketKeys = tickets.stream().map(t -> PORTAL + ":tickets:" + t.getObjectId() + ":contacts").collect(Collectors.toSet());

                List<ConsumerRecord<String, AssociationDeadLetter>> letters = Topics.consumeUntil(dlq, new StringDeserializer(),
                        serdes.deadLetters().deserializer(), read -> read.size() >= ticketKeys.size(), Duration.ofSeconds(60));
                assertThat(letters).extracting(ConsumerRecord::key).containsExactlyInAnyOrderElementsOf(ticketKeys);
                assertThat(letters).allSatisfy(r -> assertThat(r.value().getReason()).isEqualTo(DeadLetterReason.MISSING_SCOPES));

                hubspot.grantScopes("tickets");
                Path configFile = work.resolve("tools.properties");
                Files.writeString(configFile, settings.entrySet().stream().filter(e -> !e.getKey().startsWith("hubspot."))
                        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n")));
                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                int exit = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                        .execute("dlq", "replay", "--reason", "MISSING_SCOPES", "--config", configFile.toString());
                assertThat(exit).as("replay output:%n%s%n%s", out, err).isZero();
                assertThat(out.toString()).contains("20 dead letters -> 20 change events");

                List<ConsumerRecord<String, AssociationEvent>> table = Topics.consumeUntil(output, new StringDeserializer(),
                        serdes.associationEvents().deserializer(),
                        read -> read.stream().map(ConsumerRecord::key).collect(Collectors.toSet()).containsAll(ticketKeys),
                        Duration.ofSeconds(60));
                Map<String, AssociationEvent> latest = new HashMap<>();
                table.forEach(r -> latest.put(r.key(), r.value()));
                for (CrmObjectChangeEvent ticket : tickets) {
                    List<String> truth = AssociationTruth.associations(PORTAL, "tickets", ticket.getObjectId(), "contacts")
                            .stream().map(TrueAssociation::toObjectId).toList();
                    assertThat(latest.get(PORTAL + ":tickets:" + ticket.getObjectId() + ":contacts").getAssociations())
                            .extracting(a -> a.getToObjectId()).containsExactlyElementsOf(truth);
                }
                return null;
            });
        }
    }

    private static void produce(String topic, String inputFormat, List<CrmObjectChangeEvent> events,
                                com.associationenricher.pipeline.EnricherSerdes serdes) {
        if (inputFormat.equals("hubspot-webhook-json")) {
            Topics.produce(topic, new StringSerializer(), new StringSerializer(),
                    events.stream().map(e -> KeyValue.pair(ObjectChanges.objectKey(e), webhookJson(e))).toList());
            return;
        }
        Topics.produce(topic, new StringSerializer(), serdes.changeEvents().serializer(),
                events.stream().map(e -> KeyValue.pair(ObjectChanges.objectKey(e), e)).toList());
    }

    /** The event as HubSpot's webhook would carry it (generic form, object type by its id). */
    private static String webhookJson(CrmObjectChangeEvent event) {
        String typeId = event.getObjectType().equals("tickets") ? "0-5" : "0-1";
        return "[{\"eventId\":" + Math.abs(event.getEventId().hashCode()) + ",\"portalId\":" + event.getPortalId()
                + ",\"occurredAt\":" + event.getOccurredAt().toEpochMilli()
                + ",\"subscriptionType\":\"object.propertyChange\",\"objectTypeId\":\"" + typeId
                + "\",\"objectId\":" + event.getObjectId() + ",\"propertyName\":\"subject\",\"propertyValue\":\"x\"}]";
    }

    private static CrmObjectChangeEvent event(String type, String id) {
        return CrmObjectChangeEvent.newBuilder().setEventId(type + "-" + id).setPortalId(PORTAL).setObjectType(type)
                .setObjectId(id).setChangeType(ChangeType.UPDATED).setOccurredAt(Instant.now()).build();
    }
}
