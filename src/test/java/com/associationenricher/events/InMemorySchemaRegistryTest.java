package com.associationenricher.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.associationenricher.events.avro.AssociationEvent;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import java.util.UUID;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryTest {

    private final String scope = "scope-" + UUID.randomUUID();

    @Test
    void sameScopeUrlGivesTheSameRegistrySoProducerAndStreamsAgreeOnIds() {
        SchemaRegistry producerSide = SchemaRegistries.connect("mock://" + scope, null, null);
        SchemaRegistry streamsSide = SchemaRegistries.connect("mock://" + scope, null, null);

        int id = producerSide.register("changes-value", CrmObjectChangeEvent.getClassSchema());

        assertThat(streamsSide).isSameAs(producerSide);
        assertThat(streamsSide.schemaById(id)).isEqualTo(CrmObjectChangeEvent.getClassSchema());
    }

    @Test
    void differentScopesDoNotShareIds() {
        SchemaRegistry one = SchemaRegistries.connect("mock://" + scope + "-a", null, null);
        SchemaRegistry other = SchemaRegistries.connect("mock://" + scope + "-b", null, null);

        one.register("changes-value", CrmObjectChangeEvent.getClassSchema());

        assertThatThrownBy(() -> other.schemaById(1)).isInstanceOf(SchemaRegistryException.class).hasMessageContaining("40403");
    }

    @Test
    void idsStartAtOneAndTheSameSchemaKeepsItsIdAcrossSubjects() {
        var registry = InMemorySchemaRegistry.scope(scope);

        int first = registry.register("changes-value", CrmObjectChangeEvent.getClassSchema());
        int second = registry.register("associations-value", AssociationEvent.getClassSchema());
        int again = registry.register("other-changes-value", CrmObjectChangeEvent.getClassSchema());

        assertThat(first).isEqualTo(1);
        assertThat(second).isEqualTo(2);
        assertThat(again).isEqualTo(1);
    }

    @Test
    void incompatibleNewVersionIsRejectedLikeARealRegistry() {
        var registry = InMemorySchemaRegistry.scope(scope);
        Schema withoutEventId = SchemaVariants.withoutFields(CrmObjectChangeEvent.getClassSchema(), "eventId");
        registry.register("changes-value", withoutEventId);

        assertThatThrownBy(() -> registry.register("changes-value", CrmObjectChangeEvent.getClassSchema()))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("subject 'changes-value'")
                .hasMessageContaining("incompatible")
                .hasMessageContaining("eventId")
                .satisfies(e -> assertThat(((SchemaRegistryException) e).errorCode()).isEqualTo(409));
    }

    @Test
    void unknownIdIsNotFound() {
        assertThatThrownBy(() -> InMemorySchemaRegistry.scope(scope).schemaById(5))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("schema id 5")
                .hasMessageContaining("mock://" + scope)
                .satisfies(e -> assertThat(((SchemaRegistryException) e).isNotFound()).isTrue());
    }
}
