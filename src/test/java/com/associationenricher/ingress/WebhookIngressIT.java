package com.associationenricher.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.config.EnricherConfig;
import com.associationenricher.events.ConfluentAvroSerde;
import com.associationenricher.events.InMemorySchemaRegistry;
import com.associationenricher.events.avro.ChangeType;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.testkit.KafkaBroker;
import com.associationenricher.testkit.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The ingress against a real broker: what HubSpot posts ends up on the input topic, keyed by object, in Avro. */
@ExtendWith(KafkaBroker.class)
class WebhookIngressIT {

    static final String SECRET = "it-app-secret";

    @Test
    void aSignedBatchIsOnTheInputTopicWhenAnsweredOk() throws Exception {
        String topic = Topics.uniqueName("ingress-input");
        String scope = Topics.uniqueName("ingress-it");
        Topics.create(3, topic);
        EnricherConfig config = EnricherConfig.fromMapForIngress(Map.of(
                "kafka.bootstrap.servers", KafkaBroker.bootstrapServers(),
                "schema-registry.url", "mock://" + scope,
                "topics.input", topic,
                "ingress.port", "0",
                "ingress.app-secrets", "42=" + SECRET));
        ConfluentAvroSerde<CrmObjectChangeEvent> serde =
                ConfluentAvroSerde.forValues(InMemorySchemaRegistry.scope(scope), CrmObjectChangeEvent.class);
        IngressMetrics metrics = new IngressMetrics(new SimpleMeterRegistry());
        String body = """
                [{"eventId":1,"portalId":62515,"appId":42,"occurredAt":1700000000000,"subscriptionType":"contact.creation","objectId":11},
                 {"eventId":2,"portalId":62515,"appId":42,"occurredAt":1700000000001,"subscriptionType":"company.deletion","objectId":22},
                 {"eventId":3,"portalId":62515,"appId":42,"occurredAt":1700000000002,"subscriptionType":"contact.associationChange",
                  "associationType":"CONTACT_TO_COMPANY","fromObjectId":11,"toObjectId":22,"associationRemoved":false}]""";

        try (KafkaChangeEventSink sink = KafkaChangeEventSink.create(config.kafkaProperties(), topic, serde.serializer(),
                config.ingress().kafkaTimeout());
             WebhookIngress ingress = WebhookIngress.start(config.ingress(),
                     SignatureVerifier.from(config.ingress(), Clock.systemUTC()), sink, metrics)) {
            URI url = URI.create("http://localhost:" + ingress.port() + "/webhooks/hubspot");
            long now = System.currentTimeMillis();
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url)
                    .header("X-HubSpot-Signature-v3", HubSpotSigner.v3(SECRET, "POST", url.toString(), body, now))
                    .header("X-HubSpot-Request-Timestamp", String.valueOf(now))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(metrics.eventsProduced()).isEqualTo(3);
        }

        List<ConsumerRecord<String, CrmObjectChangeEvent>> records =
                Topics.consumeAtLeast(topic, 3, new StringDeserializer(), serde.deserializer());
        assertThat(records).extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrder("62515:contacts:11", "62515:companies:22", "62515:contacts:11");
        assertThat(records).extracting(record -> record.value().getChangeType())
                .containsExactlyInAnyOrder(ChangeType.CREATED, ChangeType.DELETED, ChangeType.ASSOCIATION_CHANGED);
        assertThat(records).filteredOn(record -> record.value().getChangeType() == ChangeType.ASSOCIATION_CHANGED)
                .singleElement().satisfies(record -> assertThat(record.value().getToObjectId()).isEqualTo("22"));
    }
}
