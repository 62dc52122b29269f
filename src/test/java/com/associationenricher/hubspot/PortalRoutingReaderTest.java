package com.associationenricher.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.events.avro.DeadLetterReason;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PortalRoutingReaderTest {

    /** A portal reader that is up or down, and answers nothing: routing is all this test looks at. */
    record Portal(boolean available) implements AssociationsReader {
        @Override
        public CompletableFuture<BatchReadResult> read(BatchReadRequest request) {
            return CompletableFuture.completedFuture(new BatchReadResult(Map.of()));
        }
    }

    @Test
    void aPortalWithoutCredentialsIsNeverCalledAndItsIdsAreDeadLettered() {
        var reader = new PortalRoutingReader(Map.of(1L, new Portal(true)));

        BatchReadResult result = reader.read(new BatchReadRequest(2, "contacts", "companies", List.of("7", "8"))).join();

        assertThat(result.outcomes()).containsOnlyKeys("7", "8").allSatisfy((id, outcome) -> {
            assertThat(outcome).isInstanceOf(IdOutcome.Failed.class);
            assertThat(((IdOutcome.Failed) outcome).detail().reason()).isEqualTo(DeadLetterReason.UNKNOWN_PORTAL);
        });
    }

    @Test
    void theInstanceStaysAvailableWhileAnyPortalCanBeCalled() {
        assertThat(new PortalRoutingReader(Map.of(1L, new Portal(false), 2L, new Portal(true))).available()).isTrue();
        assertThat(new PortalRoutingReader(Map.of(1L, new Portal(false), 2L, new Portal(false))).available()).isFalse();
    }
}
