package com.associationenricher.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.tools.simulator.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class OutageAwareSchemaRegistryTest {
    final ManualClock clock = new ManualClock(Instant.parse("2026-05-01T10:00:00Z"));
    final AtomicBoolean down = new AtomicBoolean();
    final AtomicInteger calls = new AtomicInteger();
    final SchemaRegistry flaky = new SchemaRegistry() {
        @Override
        public int register(String subject, Schema schema) {
            return answer();
        }

        @Override
        public Schema schemaById(int id) {
            answer();
            return CrmObjectChangeEvent.getClassSchema();
        }

        private int answer() {
            calls.incrementAndGet();
            if (down.get()) {
                throw new SchemaRegistryUnavailableException("cannot connect", -1, null);
            }
            return 7;
        }
    };
    final OutageAwareSchemaRegistry registry = new OutageAwareSchemaRegistry(flaky, clock);

    @Test
    void anOutageCostsOneCallPerBackoffStepAndTheFirstAnswerEndsIt() {
        down.set(true);
        assertThatThrownBy(() -> registry.schemaById(1)).isInstanceOf(SchemaRegistryUnavailableException.class);
        for (int i = 0; i < 100; i++) {
            assertThatThrownBy(() -> registry.schemaById(2)).isInstanceOf(SchemaRegistryUnavailableException.class)
                    .hasMessageContaining("next attempt in");
        }
        assertThat(calls).hasValue(1);
        assertThat(registry.isAvailable()).isFalse();

        down.set(false);
        clock.advance(OutageAwareSchemaRegistry.FIRST_BACKOFF);
        assertThat(registry.register("s", CrmObjectChangeEvent.getClassSchema())).isEqualTo(7);
        assertThat(calls).hasValue(2);
        assertThat(registry.isAvailable()).isTrue();
    }

    @Test
    void whatWasAnsweredBeforeTheOutageIsStillAnsweredDuringIt() {
        int id = registry.register("out-value", CrmObjectChangeEvent.getClassSchema());
        registry.schemaById(3);
        down.set(true);
        assertThatThrownBy(() -> registry.schemaById(4)).isInstanceOf(SchemaRegistryUnavailableException.class);

        assertThat(registry.register("out-value", CrmObjectChangeEvent.getClassSchema())).isEqualTo(id);
        assertThat(registry.schemaById(3)).isEqualTo(CrmObjectChangeEvent.getClassSchema());
        assertThat(calls).hasValue(3);
    }

    @Test
    void theBackoffDoublesUpToItsMaximum() {
        down.set(true);
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> registry.schemaById(1)).isInstanceOf(SchemaRegistryUnavailableException.class);
            clock.advance(OutageAwareSchemaRegistry.MAX_BACKOFF);
        }
        assertThat(calls).hasValue(10);
        clock.advance(Duration.ofMillis(1));
        assertThatThrownBy(() -> registry.schemaById(1)).isInstanceOf(SchemaRegistryUnavailableException.class);
        clock.advance(OutageAwareSchemaRegistry.MAX_BACKOFF.minusMillis(1));
        assertThatThrownBy(() -> registry.schemaById(1)).hasMessageContaining("next attempt in");
        assertThat(calls).hasValue(11);
    }
}
