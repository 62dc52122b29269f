package com.associationenricher.batching;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When a batcher task takes its backlog to be read to its end: behind, quiet itself, and the instance's intake quiet. */
class BacklogEndTest {
    static final BatchPolicy POLICY = new BatchPolicy(1000, Duration.ofSeconds(1), 8, Duration.ofMillis(100), 3,
            Duration.ofHours(1), Duration.ofHours(1));
    static final long NOW = 1_000_000;

    final InputActivity intake = new InputActivity();
    final BacklogEnd end = new BacklogEnd(POLICY, intake);

    @Test
    void aTaskBehindIsAtTheEndAfterTwoFlushIntervalsWithNoRecordAnywhere() {
        intake.took(NOW);
        end.took(NOW, NOW - 1_000);

        assertThat(end.reached(NOW + 199)).isFalse();
        assertThat(end.reached(NOW + 200)).isTrue();
    }

    @Test
    void notWhileTheInstancesIntakeStillTakesInput() {
        end.took(NOW, NOW - 5_000);
        intake.took(NOW + 150);

        assertThat(end.reached(NOW + 300)).as("the intake's changes are on their way to the batcher").isFalse();
        assertThat(end.reached(NOW + 350)).isTrue();
    }

    @Test
    void aRecordTakenWithinMaxWaitOfBeingWrittenIsLiveTraffic() {
        end.took(NOW, NOW - 999);
        assertThat(end.reached(NOW + 10_000)).isFalse();
        end.took(NOW, NOW + 50);
        assertThat(end.reached(NOW + 10_000)).as("a producer's clock ahead of ours").isFalse();
    }

    @Test
    void aNewLifeOfTheTaskStartsNotBehind() {
        end.took(NOW, NOW - 5_000);
        end.reset();
        assertThat(end.reached(NOW + 10_000)).isFalse();
    }

    @Test
    void switchedOffOrWithoutAnIntakeToAskItNeverIs() {
        BatchPolicy off = new BatchPolicy(1000, Duration.ofSeconds(1), 8, Duration.ofMillis(100), 3,
                Duration.ofHours(1), Duration.ofHours(1), false);
        for (BacklogEnd never : new BacklogEnd[] {new BacklogEnd(off, intake), new BacklogEnd(POLICY, null)}) {
            never.took(NOW, NOW - 5_000);
            assertThat(never.reached(NOW + 10_000)).isFalse();
        }
    }
}
