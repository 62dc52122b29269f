package com.associationenricher.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.events.SchemaRegistry;
import com.associationenricher.events.SchemaRegistryUnavailableException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class OutputSchemasTest {

    @Test
    void everyWrittenTopicIsRegisteredOnceTheRegistryAnswers() {
        AtomicInteger failuresLeft = new AtomicInteger(3);
        Map<String, Schema> registered = new ConcurrentHashMap<>();
        SchemaRegistry registry = new SchemaRegistry() {
            @Override
            public int register(String subject, Schema schema) {
                if (failuresLeft.getAndDecrement() > 0) {
                    throw new SchemaRegistryUnavailableException("cannot connect", -1, null);
                }
                registered.put(subject, schema);
                return registered.size();
            }

            @Override
            public Schema schemaById(int id) {
                throw new UnsupportedOperationException();
            }
        };
        Map<String, Schema> subjects = OutputSchemas.subjects("app", "out", "dlq");

        OutputSchemas.register(registry, subjects, () -> false);

        assertThat(registered).isEqualTo(subjects);
        assertThat(registered).containsKeys("out-value", "dlq-value", "app-by-object-repartition-value",
                "app-pending-lookups-changelog-value");
    }
}
