package com.associationenricher.batching;

import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.hubspot.BatchReadRequest;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A group's call takes its ids when its pacer permit is granted, not when it is flushed (max-ids 3, max-wait 1 s). */
class LateBindingTest {
    final BatcherHarness harness = new BatcherHarness();
    final ScriptedReader reader = harness.reader;

    @BeforeEach
    void start() {
        reader.gatePermits = true;
        harness.batcher.init(harness.context);
    }

    @Test
    void idsArrivingWhileThePermitIsAwaitedShareTheCall() {
        harness.change("1", "e1");
        harness.advance(Duration.ofSeconds(1));
        assertThat(reader.permits).hasSize(1);
        assertThat(reader.calls).isEmpty();

        harness.change("2", "e2");
        harness.change("3", "e3");
        harness.change("4", "e4");
        reader.permits.get(0).complete(null);
        harness.advance(Duration.ofMillis(100));

        assertThat(reader.calls).singleElement().satisfies(call -> assertThat(call.request().objectIds()).containsExactly("1", "2", "3"));
        assertThat(reader.withPermit).extracting(BatchReadRequest::objectIds).containsExactly(java.util.List.of("1", "2", "3"));
    }

    @Test
    void aGroupAsksForOnePermitPerMaxIdsWaitingAndNoMoreThanMaxInFlight() {
        for (int i = 1; i <= 9; i++) {
            harness.change(String.valueOf(i), "e" + i);
        }
        assertThat(reader.permits).hasSize(2);
        reader.permits.forEach(permit -> permit.complete(null));
        harness.advance(Duration.ofMillis(100));

        assertThat(reader.calls).extracting(call -> call.request().objectIds())
                .containsExactly(java.util.List.of("1", "2", "3"), java.util.List.of("4", "5", "6"));
    }

    @Test
    void aRefusedPermitSendsThePlainReadSoTheReaderDefersTheIds() {
        harness.change("1", "e1");
        harness.advance(Duration.ofSeconds(1));
        reader.permits.get(0).completeExceptionally(new IllegalStateException("pacing backlog"));
        harness.advance(Duration.ofMillis(100));

        assertThat(reader.calls).singleElement().satisfies(call -> assertThat(call.request().objectIds()).containsExactly("1"));
        assertThat(reader.withPermit).isEmpty();
    }

    @Test
    void aPermitGrantedAfterTheTaskClosedIsNotUsed() {
        harness.change("1", "e1");
        harness.advance(Duration.ofSeconds(1));
        harness.batcher.close();
        harness.batcher.init(harness.context);
        reader.permits.get(0).complete(null);
        harness.advance(Duration.ofMillis(100));

        assertThat(reader.calls).isEmpty();
        assertThat(reader.permits).hasSize(2);
        reader.permits.get(1).complete(null);
        harness.advance(Duration.ofMillis(100));
        assertThat(reader.calls).singleElement().satisfies(call -> assertThat(call.request().objectIds()).containsExactly("1"));
    }
}
