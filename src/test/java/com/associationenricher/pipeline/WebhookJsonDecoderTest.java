package com.associationenricher.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.events.avro.ChangeType;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.events.avro.DeadLetterReason;
import java.nio.charset.StandardCharsets;
import java.util.List;
import com.associationenricher.config.AssociationPairs;
import com.associationenricher.events.ObjectTypes;
import com.associationenricher.ops.EnricherMetrics;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WebhookJsonDecoderTest {
    final WebhookJsonDecoder decoder = new WebhookJsonDecoder();

    @Test
    void aClassicBodyOfSeveralEventsYieldsOneChangePerEvent() {
        List<DecodedInput> decoded = decode("""
                [{"eventId":1,"subscriptionId":9,"portalId":62515,"appId":1,"occurredAt":1700000000000,
                  "subscriptionType":"contact.propertyChange","attemptNumber":0,"objectId":123,
                  "changeSource":"CRM","propertyName":"email","propertyValue":"x@y.z"},
                 {"eventId":2,"portalId":62515,"occurredAt":1700000000001,"subscriptionType":"deal.creation","objectId":77}]
                """);

        assertThat(decoded).allMatch(DecodedInput::isValid);
        CrmObjectChangeEvent first = decoded.get(0).event();
        assertThat(first.getEventId()).isEqualTo("1");
        assertThat(first.getPortalId()).isEqualTo(62515);
        assertThat(first.getObjectType()).isEqualTo("contacts");
        assertThat(first.getObjectId()).isEqualTo("123");
        assertThat(first.getChangeType()).isEqualTo(ChangeType.UPDATED);
        assertThat(first.getPropertyName()).isEqualTo("email");
        assertThat(first.getOccurredAt().toEpochMilli()).isEqualTo(1700000000000L);
        assertThat(decoded.get(1).event().getObjectType()).isEqualTo("deals");
        assertThat(decoded.get(1).event().getChangeType()).isEqualTo(ChangeType.CREATED);
    }

    @Test
    void aSingleGenericEventMapsItsObjectTypeId() {
        assertThat(single("""
                {"eventId":5,"portalId":1,"occurredAt":1,"subscriptionType":"object.deletion","objectTypeId":"0-5","objectId":9}
                """)).satisfies(e -> {
            assertThat(e.getObjectType()).isEqualTo("tickets");
            assertThat(e.getChangeType()).isEqualTo(ChangeType.DELETED);
        });
        assertThat(single("""
                {"eventId":6,"portalId":1,"occurredAt":1,"subscriptionType":"object.restore","objectTypeId":"2-12345","objectId":9}
                """).getObjectType()).isEqualTo("2-12345");
    }

    @ParameterizedTest(name = "object.* of {0}")
    @MethodSource("everyTypeId")
    void genericEventsOfEveryStandardAndCustomTypeIdAreDecoded(String objectTypeId, String type) {
        for (String change : List.of("creation", "propertyChange", "deletion", "restore", "associationChange")) {
            CrmObjectChangeEvent event = single("""
                    {"eventId":5,"portalId":1,"occurredAt":1,"subscriptionType":"object.%s","objectTypeId":"%s",
                     "objectId":9,"fromObjectId":9,"toObjectId":10,"fromObjectTypeId":"%s","toObjectTypeId":"0-1"}
                    """.formatted(change, objectTypeId, objectTypeId));
            assertThat(event.getObjectType()).as(change).isEqualTo(type);
            assertThat(event.getObjectId()).isEqualTo("9");
        }
    }

    static Stream<Arguments> everyTypeId() {
        return Stream.concat(ObjectTypes.STANDARD.stream().map(t -> Arguments.of(t.typeId(), t.name())),
                Stream.of(Arguments.of("2-12345", "2-12345")));
    }

    @Test
    void engagementAssociationTypesAreReadFromTheirWords() {
        CrmObjectChangeEvent event = single("""
                {"eventId":7,"portalId":1,"occurredAt":1,"subscriptionType":"contact.associationChange",
                 "associationType":"CONTACT_TO_NOTE","fromObjectId":11,"toObjectId":22,"associationRemoved":false}
                """);
        assertThat(event.getToObjectType()).isEqualTo("notes");
    }

    @Test
    void eventsOfATypeNoPairLooksUpAreCountedAndSkippedNotDeadLettered() {
        EnricherMetrics metrics = EnricherMetrics.inMemory();
        WebhookJsonDecoder configured = new WebhookJsonDecoder(AssociationPairs.parse("notes:contacts,2-77:contacts"), metrics);

        List<DecodedInput> decoded = configured.decode("in", """
                [{"eventId":1,"portalId":1,"occurredAt":1,"subscriptionType":"object.creation","objectTypeId":"0-46","objectId":1},
                 {"eventId":2,"portalId":1,"occurredAt":1,"subscriptionType":"object.creation","objectTypeId":"0-47","objectId":2},
                 {"eventId":3,"portalId":1,"occurredAt":1,"subscriptionType":"object.creation","objectTypeId":"2-77","objectId":3},
                 {"eventId":4,"portalId":1,"occurredAt":1,"subscriptionType":"object.creation","objectTypeId":"2-78","objectId":4},
                 {"eventId":5,"portalId":1,"occurredAt":1,"subscriptionType":"object.creation","objectTypeId":"0-9999","objectId":5},
                 {"eventId":6,"portalId":1,"occurredAt":1,"subscriptionType":"contact.associationChange",
                  "associationType":"CONTACT_TO_NOTE","fromObjectId":6,"toObjectId":7},
                 {"eventId":7,"portalId":1,"occurredAt":1,"subscriptionType":"object.creation","objectTypeId":"zz","objectId":8}]
                """.getBytes(StandardCharsets.UTF_8));

        assertThat(decoded).filteredOn(DecodedInput::isValid).extracting(d -> d.event().getEventId())
                .as("notes, the configured custom object, and a contact-to-note change (its note end is looked up)")
                .containsExactly("1", "3", "6");
        assertThat(decoded).filteredOn(d -> !d.isValid()).singleElement()
                .satisfies(d -> assertThat(d.problem()).contains("unknown objectTypeId 'zz'"));
        assertThat(metrics.registry().counter("enricher.events.skipped", "type", "meetings").count()).isEqualTo(1);
        assertThat(metrics.registry().counter("enricher.events.skipped", "type", "custom").count()).isEqualTo(1);
        assertThat(metrics.registry().counter("enricher.events.skipped", "type", "unknown").count()).isEqualTo(1);
    }

    @Test
    void anAssociationChangeNamesBothEnds() {
        CrmObjectChangeEvent event = single("""
                {"eventId":7,"portalId":1,"occurredAt":1,"subscriptionType":"contact.associationChange",
                 "associationType":"CONTACT_TO_COMPANY","fromObjectId":11,"toObjectId":22,"associationRemoved":true,
                 "isPrimaryAssociation":false}
                """);
        assertThat(event.getObjectType()).isEqualTo("contacts");
        assertThat(event.getObjectId()).isEqualTo("11");
        assertThat(event.getToObjectType()).isEqualTo("companies");
        assertThat(event.getToObjectId()).isEqualTo("22");
        assertThat(event.getAssociationRemoved()).isTrue();
        assertThat(event.getChangeType()).isEqualTo(ChangeType.ASSOCIATION_CHANGED);

        CrmObjectChangeEvent lineItem = single("""
                {"eventId":8,"portalId":1,"occurredAt":1,"subscriptionType":"deal.associationChange",
                 "associationType":"DEAL_TO_LINE_ITEM","fromObjectId":3,"toObjectId":4,"associationRemoved":false}
                """);
        assertThat(lineItem.getToObjectType()).isEqualTo("line_items");
    }

    @Test
    void aMergeKeepsTheSurvivorAndListsEveryMergedAwayId() {
        CrmObjectChangeEvent merge = single("""
                {"eventId":9,"portalId":1,"occurredAt":1,"subscriptionType":"contact.merge","objectId":100,
                 "primaryObjectId":100,"mergedObjectIds":[101,102],"newObjectId":200,"numberOfPropertiesMoved":4}
                """);
        assertThat(merge.getObjectId()).isEqualTo("200");
        assertThat(merge.getMergedObjectIds()).containsExactlyInAnyOrder("100", "101", "102");

        CrmObjectChangeEvent classic = single("""
                {"eventId":10,"portalId":1,"occurredAt":1,"subscriptionType":"company.merge","objectId":5,
                 "primaryObjectId":5,"mergedObjectIds":[6]}
                """);
        assertThat(classic.getObjectId()).isEqualTo("5");
        assertThat(classic.getMergedObjectIds()).containsExactly("6");
    }

    @Test
    void oneBadElementIsRejectedAloneWithItsOwnBytes() {
        List<DecodedInput> decoded = decode("""
                [{"eventId":1,"portalId":1,"occurredAt":1,"subscriptionType":"contact.creation","objectId":1},
                 {"eventId":2,"portalId":1,"occurredAt":1,"subscriptionType":"planet.creation","objectId":2}]
                """);
        assertThat(decoded.get(0).isValid()).isTrue();
        assertThat(decoded.get(1).reason()).isEqualTo(DeadLetterReason.INVALID_EVENT);
        assertThat(decoded.get(1).problem()).contains("planet");
        assertThat(new String(decoded.get(1).raw(), StandardCharsets.UTF_8)).contains("\"eventId\":2");
    }

    @Test
    void anEventWithoutObjectIdIsInvalidWithAClearProblem() {
        List<DecodedInput> decoded = decode("""
                {"eventId":1,"portalId":1,"occurredAt":1,"subscriptionType":"contact.creation"}
                """);
        assertThat(decoded.get(0).reason()).isEqualTo(DeadLetterReason.INVALID_EVENT);
        assertThat(decoded.get(0).problem()).isEqualTo("webhook event has no objectId");
    }

    @Test
    void bodiesThatAreNotHubSpotJsonAreUndecodable() {
        assertThat(decode("{not json").get(0).reason()).isEqualTo(DeadLetterReason.UNDECODABLE_EVENT);
        assertThat(decode("42").get(0).reason()).isEqualTo(DeadLetterReason.UNDECODABLE_EVENT);
        assertThat(decode("{\"hello\":\"world\"}").get(0).reason()).isEqualTo(DeadLetterReason.INVALID_EVENT);
    }

    private CrmObjectChangeEvent single(String json) {
        List<DecodedInput> decoded = decode(json);
        assertThat(decoded).hasSize(1);
        assertThat(decoded.get(0).problem()).isNull();
        return decoded.get(0).event();
    }

    private List<DecodedInput> decode(String json) {
        return decoder.decode("in", json.getBytes(StandardCharsets.UTF_8));
    }
}
