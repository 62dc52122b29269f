package com.associationenricher.batching;

import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.events.avro.AssociationEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Two tasks of one instance (max-ids 3, max-wait 1 s) share calls of one group; each settles only its own ids. */
class CallCoalescerTest {
    final ScriptedReader reader = new ScriptedReader();

    @Test
    void idsOfOneGroupWaitingInTwoTasksShareOneCallAndEachTaskSettlesItsOwn() {
        CallCoalescer coalescer = new CallCoalescer(60_000);
        BatcherHarness a = task(coalescer);
        BatcherHarness b = task(coalescer);
        b.change("8", "e8");
        b.change("9", "e9");
        a.change("1", "e1");

        a.advance(Duration.ofSeconds(1));
        assertThat(reader.calls).as("a's call waits for b to add its ids").isEmpty();
        b.advance(Duration.ofMillis(100));

        assertThat(reader.calls).singleElement().satisfies(call -> assertThat(call.request().objectIds()).containsExactly("1", "8", "9"));
        assertThat(reader.withPermit).hasSize(1);
        answerAndSettle(a, b);

        assertThat(objectIds(a.associationEvents())).containsExactly("1");
        assertThat(objectIds(b.associationEvents())).containsExactly("8", "9");
        assertThat(keys(a)).isEmpty();
        assertThat(keys(b)).isEmpty();
        assertThat(batches(a, b)).isEqualTo(1);
    }

    @Test
    void tasksThatReachTheEndOfABacklogTogetherSendOneCallOpenedByOneOfThem() {
        CallCoalescer coalescer = new CallCoalescer(60_000);
        InputActivity intake = new InputActivity();
        BatcherHarness b = task(coalescer, intake);
        BatcherHarness a = task(coalescer, intake);
        a.changeWrittenAt(42, "1", "e1", a.now - 5_000);
        b.changeWrittenAt(42, "8", "e8", b.now - 5_000);

        a.advance(Duration.ofMillis(100));
        a.advance(Duration.ofMillis(100));
        assertThat(reader.permits).as("as many ids as b, which came first: b opens the call").isEmpty();
        b.advance(Duration.ofMillis(100));
        b.advance(Duration.ofMillis(100));
        assertThat(reader.permits).hasSize(1);
        assertThat(reader.calls).as("b's call waits for a to join").isEmpty();
        a.advance(Duration.ofMillis(100));

        assertThat(reader.calls).singleElement().satisfies(call -> assertThat(call.request().objectIds()).containsExactly("8", "1"));
        assertThat(b.metrics.registry().find("enricher.batches").tag("reason", "backlog_end").counter().count()).isEqualTo(1);
        answerAndSettle(a, b);
        assertThat(objectIds(a.associationEvents())).containsExactly("1");
        assertThat(objectIds(b.associationEvents())).containsExactly("8");
    }

    @Test
    void atTheEndOfABacklogOnlyTheTaskWithTheMostIdsOfTheGroupOpensItsCall() {
        CallCoalescer coalescer = new CallCoalescer(60_000);
        CallCoalescer.Lane a = coalescer.register();
        CallCoalescer.Lane b = coalescer.register();
        GroupKey group = new GroupKey(42, "deals", "contacts");
        a.waiting(Map.of(group, 300));
        b.waiting(Map.of(group, 500));

        assertThat(coalescer.leadsAtBacklogEnd(a, group, 300)).isFalse();
        assertThat(coalescer.leadsAtBacklogEnd(b, group, 500)).isTrue();
        assertThat(coalescer.leadsAtBacklogEnd(b, group, 0)).as("nothing to send").isFalse();
        b.waiting(Map.of(group, 300));
        assertThat(coalescer.leadsAtBacklogEnd(a, group, 300)).as("a tie: the earlier registered").isTrue();
        assertThat(coalescer.leadsAtBacklogEnd(b, group, 300)).isFalse();
    }

    @Test
    void aTaskThatClosedMeanwhileDropsItsShareAndKeepsItsIds() {
        CallCoalescer coalescer = new CallCoalescer(60_000);
        BatcherHarness a = task(coalescer);
        BatcherHarness b = task(coalescer);
        b.change("8", "e8");
        a.change("1", "e1");
        a.advance(Duration.ofSeconds(1));
        b.advance(Duration.ofMillis(100));
        assertThat(reader.calls).singleElement().satisfies(call -> assertThat(call.request().objectIds()).containsExactly("1", "8"));

        b.batcher.close();
        reader.last().answerFound();
        b.batcher.init(b.context);
        a.advance(Duration.ofMillis(100));
        b.advance(Duration.ofMillis(100));

        assertThat(objectIds(a.associationEvents())).containsExactly("1");
        assertThat(b.associationEvents()).isEmpty();
        assertThat(keys(b)).containsExactly("42:deals:8:contacts");
    }

    @Test
    void aSharedCallGoesWithWhatItHasWhenTheOtherTaskDoesNotAnswerInTime() {
        CallCoalescer coalescer = new CallCoalescer(50);
        BatcherHarness a = task(coalescer);
        BatcherHarness b = task(coalescer);
        b.change("8", "e8");
        a.change("1", "e1");
        a.advance(Duration.ofSeconds(1));

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> reader.calls.size() == 1);
        assertThat(reader.calls.get(0).request().objectIds()).containsExactly("1");
        b.advance(Duration.ofMillis(100));
        assertThat(reader.calls).hasSize(1);
    }

    @Test
    void aTaskAloneWithItsGroupSendsAtOnce() {
        CallCoalescer coalescer = new CallCoalescer(60_000);
        BatcherHarness a = task(coalescer);
        BatcherHarness b = task(coalescer);
        b.change("8", "e8");
        b.advance(Duration.ofMillis(100));
        a.change(43, "1", "e1"); // another portal: another group

        a.advance(Duration.ofSeconds(1));

        assertThat(reader.calls).singleElement().satisfies(call -> assertThat(call.request().portalId()).isEqualTo(43));
    }

    @Test
    void idsOfTwoTasksThatFillACallTogetherGoAtOnceInOneCallTheLargerTaskOpens() {
        CallCoalescer coalescer = new CallCoalescer(60_000);
        BatcherHarness a = task(coalescer);
        BatcherHarness b = task(coalescer);
        b.change("8", "e8");
        a.change("1", "e1");
        assertThat(reader.calls).as("2 of 3 ids: each task waits for max-wait").isEmpty();
        a.change("2", "e2");

        // a (2 waiting) and b (1 waiting, published at its last pass) fill a call of 3: a opens it at once, b joins.
        assertThat(reader.calls).as("b has not answered the ask yet").isEmpty();
        b.advance(Duration.ofMillis(100));

        assertThat(reader.calls).singleElement().satisfies(call -> assertThat(call.request().objectIds()).containsExactly("1", "2", "8"));
        assertThat(a.metrics.registry().find("enricher.batches").tag("reason", "shared_size").counter().count()).isEqualTo(1);
        answerAndSettle(a, b);
        assertThat(objectIds(a.associationEvents())).containsExactly("1", "2");
        assertThat(objectIds(b.associationEvents())).containsExactly("8");
        assertThat(batches(a, b)).isEqualTo(1);
    }

    @Test
    void theSmallerTaskDoesNotOpenASecondCallForIdsTheLargerOneWillTake() {
        CallCoalescer coalescer = new CallCoalescer(60_000);
        BatcherHarness a = task(coalescer);
        BatcherHarness b = task(coalescer);
        a.change("1", "e1");
        a.change("2", "e2");
        b.change("8", "e8");

        // b's 1 id and a's 2 fill a call, but a has more: a opens it on its next pass and b only joins.
        assertThat(reader.calls).isEmpty();
        a.advance(Duration.ofMillis(100));
        b.advance(Duration.ofMillis(100));

        assertThat(reader.calls).singleElement().satisfies(call -> assertThat(call.request().objectIds()).containsExactly("1", "2", "8"));
    }

    /** HubSpot answers the last call; each task then applies its part on its next pass. */
    private void answerAndSettle(BatcherHarness... tasks) {
        reader.last().answerFound();
        for (BatcherHarness task : tasks) {
            task.advance(Duration.ofMillis(100));
        }
    }

    private static double batches(BatcherHarness... tasks) {
        double sum = 0;
        for (BatcherHarness task : tasks) {
            sum += task.metrics.count("enricher.batches");
        }
        return sum;
    }

    private BatcherHarness task(CallCoalescer coalescer) {
        return task(coalescer, null);
    }

    private BatcherHarness task(CallCoalescer coalescer, InputActivity intake) {
        BatcherHarness task = new BatcherHarness(reader, coalescer, intake);
        task.batcher.init(task.context);
        return task;
    }

    private static List<String> objectIds(List<AssociationEvent> events) {
        return events.stream().map(AssociationEvent::getFromObjectId).toList();
    }

    private static List<String> keys(BatcherHarness task) {
        List<String> keys = new ArrayList<>();
        try (var all = task.store.all()) {
            all.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }
}
