package com.associationenricher.batching;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The batcher across a task's suspension and revival: Kafka Streams calls {@code close()} and later {@code init()} on
 * the same processor instance, so nothing of the first life may leak into the second.
 */
class LookupBatcherLifecycleTest {
    final BatcherHarness harness = new BatcherHarness();
    final ScriptedReader reader = harness.reader;

    @Test
    void idsPendingBeforeSuspensionAreSentAndSettledAfterRevival() {
        harness.batcher.init(harness.context);
        harness.change("7", "e1");
        harness.change("8", "e2");
        harness.advance(Duration.ofSeconds(1));
        assertThat(reader.calls).singleElement().satisfies(call -> assertThat(call.request().objectIds()).containsExactly("7", "8"));

        harness.batcher.close();
        harness.batcher.init(harness.context);
        reader.calls.get(0).answerFound();
        harness.advance(Duration.ofMillis(100));
        assertThat(harness.associationEvents()).as("an answer of the first life is not applied in the second").isEmpty();
        assertThat(harness.store.approximateNumEntries()).isEqualTo(2);

        harness.advance(Duration.ofSeconds(1));
        assertThat(reader.calls).hasSize(2);
        assertThat(reader.last().request().objectIds()).containsExactlyInAnyOrder("7", "8");
        reader.last().answerFound();
        harness.advance(Duration.ofMillis(100));

        assertThat(harness.associationEvents()).extracting(e -> e.getFromObjectId()).containsExactlyInAnyOrder("7", "8");
        assertThat(harness.store.approximateNumEntries()).isZero();
        assertThat(harness.metrics.pendingIds()).isZero();
        assertThat(harness.metrics.registry().get("enricher.batches.in.flight").gauge().value()).isZero();
    }

    @Test
    void aRevivedTaskUsesAllItsInFlightSlotsAgain() {
        harness.batcher.init(harness.context);
        for (int i = 1; i <= 6; i++) {
            harness.change(String.valueOf(i), "e" + i);
        }
        assertThat(reader.calls).hasSize(2);

        harness.batcher.close();
        harness.batcher.init(harness.context);
        harness.advance(Duration.ofSeconds(1));

        assertThat(reader.calls).as("both slots are free after revival").hasSize(4);
    }

    /**
     * A task that comes back holding waiting ids (its store restored after a restart, a rebalance, or a move to
     * another instance) and takes nothing more: those ids are the end of what its earlier life read. They go once the
     * input is quiet for two punctuations, not a whole {@code batch.max-wait} after they were taken, which with a long
     * max-wait left the last ids of a backlog waiting after a scale-out in the middle of it.
     */
    @Test
    void aRevivedTaskThatTakesNothingMoreSendsItsWaitingIdsAtTheBacklogsEnd() {
        BatcherHarness instance = new BatcherHarness(new ScriptedReader(), null, new InputActivity());
        instance.batcher.init(instance.context);
        instance.change("7", "e1");
        instance.batcher.close();
        instance.advance(Duration.ofMillis(300));

        instance.batcher.init(instance.context);
        instance.advance(Duration.ofMillis(100));
        assertThat(instance.reader.calls).as("one quiet punctuation is not the end yet").isEmpty();
        instance.advance(Duration.ofMillis(100));

        assertThat(instance.reader.calls).as("500 ms after it was taken, half batch.max-wait").singleElement()
                .satisfies(call -> assertThat(call.request().objectIds()).containsExactly("7"));
        assertThat(instance.metrics.registry().find("enricher.batches").tag("reason", "backlog_end").counter().count()).isEqualTo(1);
    }

    @Test
    void aRevivedTaskThatTakesALiveRecordKeepsTheFullWait() {
        BatcherHarness instance = new BatcherHarness(new ScriptedReader(), null, new InputActivity());
        instance.batcher.init(instance.context);
        instance.change("7", "e1");
        instance.batcher.close();

        instance.batcher.init(instance.context);
        instance.change("8", "e2");
        for (int tick = 0; tick < 9; tick++) {
            instance.advance(Duration.ofMillis(100));
        }
        assertThat(instance.reader.calls).as("nine quiet punctuations: live traffic fills calls by waiting").isEmpty();
        instance.advance(Duration.ofMillis(100));
        assertThat(instance.reader.calls).singleElement()
                .satisfies(call -> assertThat(call.request().objectIds()).containsExactlyInAnyOrder("7", "8"));
        assertThat(instance.metrics.registry().find("enricher.batches").tag("reason", "time").counter().count()).isEqualTo(1);
    }

    /** Another task of the instance learns of a revived task's restored waiting ids at once, not at its first punctuation. */
    @Test
    void aRevivedTasksWaitingIdsAreKnownToTheOtherTasksAtInit() {
        CallCoalescer coalescer = new CallCoalescer(60_000);
        BatcherHarness instance = new BatcherHarness(new ScriptedReader(), coalescer, new InputActivity());
        instance.batcher.init(instance.context);
        instance.change("7", "e1");
        instance.change("8", "e2");
        instance.batcher.close();

        instance.batcher.init(instance.context);
        CallCoalescer.Lane other = coalescer.register();
        GroupKey group = new GroupKey(42, "deals", "contacts");
        assertThat(coalescer.fillsCallTogether(other, group, 3, 5)).as("3 waiting there and the 2 restored here fill a call of 5")
                .isTrue();
    }
}
