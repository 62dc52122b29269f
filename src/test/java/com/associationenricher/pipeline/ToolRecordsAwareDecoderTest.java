package com.associationenricher.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.events.InMemorySchemaRegistry;
import com.associationenricher.events.avro.ChangeType;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.events.avro.DeadLetterReason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ToolRecordsAwareDecoderTest {
    final EnricherSerdes serdes = EnricherSerdes.using(InMemorySchemaRegistry.scope("decoder-" + UUID.randomUUID()));
    final ToolRecordsAwareDecoder decoder = new ToolRecordsAwareDecoder(new WebhookJsonDecoder(),
            new AvroInputDecoder(serdes.changeEvents().deserializer()));

    @Test
    void anAvroChangeEventIsReadUnderWebhookJsonInput() {
        CrmObjectChangeEvent event = CrmObjectChangeEvent.newBuilder().setEventId("replay-1").setPortalId(5)
                .setObjectType("tickets").setObjectId("42").setChangeType(ChangeType.UPDATED)
                .setOccurredAt(Instant.ofEpochMilli(1_700_000_000_000L)).setChangeSource("BACKFILL").build();

        List<DecodedInput> decoded = decoder.decode("in", serdes.changeEvents().serializer().serialize("in", event));

        assertThat(decoded).singleElement().extracting(DecodedInput::event).isEqualTo(event);
    }

    @Test
    void webhookJsonIsStillDecodedAsJson() {
        List<DecodedInput> decoded = decoder.decode("in", """
                [{"eventId":1,"portalId":5,"occurredAt":1,"subscriptionType":"contact.creation","objectId":9}]
                """.getBytes(StandardCharsets.UTF_8));

        assertThat(decoded).singleElement().satisfies(d -> assertThat(d.event().getObjectId()).isEqualTo("9"));
    }

    @Test
    void aBrokenAvroFrameIsAnUndecodableEventNotJsonNonsense() {
        List<DecodedInput> decoded = decoder.decode("in", new byte[] {0, 0, 0, 0, 99, 1});

        assertThat(decoded).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo(DeadLetterReason.UNDECODABLE_EVENT);
            assertThat(d.problem()).doesNotContain("not JSON");
        });
    }
}
