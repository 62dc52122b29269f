package com.associationenricher.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.events.avro.ChangeType;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.events.avro.DeadLetterReason;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

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
