package com.associationenricher.dlq;

import com.associationenricher.config.EnricherConfig;
import com.associationenricher.config.SchemaRegistrySettings;
import com.associationenricher.events.GenericAvroDecoder;
import com.associationenricher.events.SchemaRegistries;
import com.associationenricher.events.SchemaRegistry;

/** What every operator tool works with: the service's configuration, Kafka clients and the Schema Registry. */
public record ToolContext(EnricherConfig config, ToolClients clients, SchemaRegistry registry) {

    public static ToolContext of(EnricherConfig config) {
        SchemaRegistrySettings settings = config.schemaRegistry();
        SchemaRegistry registry = SchemaRegistries.connect(settings.url(),
                settings.basicAuthUserInfo().orElse(null), settings.bearerToken().orElse(null));
        return new ToolContext(config, ToolClients.from(config), registry);
    }

    public String deadLetterTopic() {
        return config.topics().deadLetter();
    }

    public DeadLetterSource deadLetters() {
        return new DeadLetterSource(clients, registry, deadLetterTopic());
    }

    public DeadLetterReplayer replayer() {
        return new DeadLetterReplayer(clients, registry, deadLetterTopic());
    }

    public GenericAvroDecoder decoder() {
        return new GenericAvroDecoder(registry);
    }
}
