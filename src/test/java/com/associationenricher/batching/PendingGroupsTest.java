package com.associationenricher.batching;

import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.ops.EnricherMetrics;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the batcher keeps per group and per portal stays bounded by what is pending now, not by what ever was. */
class PendingGroupsTest {
    final BatcherHarness harness = new BatcherHarness();

    @Test
    void aGroupIsForgottenWhenItsLastPendingIdIsSettled() {
        harness.metrics.portalsServed(Set.of(42L));
        harness.batcher.init(harness.context);
        for (long portal = 1000; portal < 1050; portal++) {
            harness.change(portal, "7", "e" + portal);
        }
        assertThat(harness.batcher.groupsWithPendingIds()).isEqualTo(50);
        harness.advance(Duration.ofSeconds(1));
        harness.advance(Duration.ofSeconds(1));
        while (harness.reader.calls.stream().anyMatch(c -> !c.answer().isDone())) {
            harness.reader.calls.stream().filter(c -> !c.answer().isDone()).forEach(ScriptedReader.Call::answerFound);
            harness.advance(Duration.ofMillis(100));
        }

        assertThat(harness.associationEvents()).hasSize(50);
        assertThat(harness.batcher.groupsWithPendingIds()).isZero();
        assertThat(harness.metrics.registry().find("enricher.pending.ids").gauges()).singleElement()
                .satisfies(gauge -> {
                    assertThat(gauge.getId().getTag("portal")).isEqualTo(EnricherMetrics.OTHER_PORTAL);
                    assertThat(gauge.value()).isZero();
                });
    }
}
