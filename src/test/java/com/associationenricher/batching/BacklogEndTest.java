package com.associationenricher.batching;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * When a batcher task takes its backlog to be read to its end: behind, and two punctuations in a row that found it and
 * the instance's intake quiet for a flush interval (100 ms here).
 */
class BacklogEndTest {
    static final BatchPolicy POLICY = new BatchPolicy(1000, Duration.ofSeconds(1), 8, Duration.ofMillis(100), 3,
            Duration.ofHours(1), Duration.ofHours(1));
    static final long NOW = 1_000_000;

    final InputActivity intake = new InputActivity();
    final BacklogEnd end = new BacklogEnd(POLICY, intake);

    @Test
    void aTaskBehindIsAtTheEndAfterTwoQuietPunctuations() {
        intake.took(NOW);
        end.took(NOW, NOW - 1_000);

        end.punctuated(NOW + 99);
        assertThat(end.reached()).isFalse();
        end.punctuated(NOW + 100);
        assertThat(end.reached()).as("one quiet punctuation").isFalse();
        end.punctuated(NOW + 200);
        assertThat(end.reached()).isTrue();
    }

    @Test
    void oneQuietPunctuationAfterALongCommitIsNotTheEnd() {
        end.took(NOW, NOW - 5_000);
        end.punctuated(NOW + 300);
        end.took(NOW + 310, NOW - 4_000);
        end.punctuated(NOW + 400);
        assertThat(end.reached()).as("a record came between the two").isFalse();
        end.punctuated(NOW + 410);
        assertThat(end.reached()).isFalse();
        end.punctuated(NOW + 510);
        assertThat(end.reached()).isTrue();
    }

    @Test
    void notWhileTheInstancesIntakeStillTakesInput() {
        end.took(NOW, NOW - 5_000);
        intake.took(NOW + 150);

        end.punctuated(NOW + 200);
        end.punctuated(NOW + 300);
        assertThat(end.reached()).as("the intake's changes are on their way to the batcher").isFalse();
        end.punctuated(NOW + 400);
        assertThat(end.reached()).isTrue();
    }

    @Test
    void notWhileAConsumerOfTheInstanceHasRecordsLeftToRead() {
        end.took(NOW, NOW - 5_000);
        intake.inputCaughtUp(false);
        end.punctuated(NOW + 100);
        end.punctuated(NOW + 200);
        assertThat(end.reached()).as("a stall in the middle of a backlog").isFalse();

        intake.inputCaughtUp(true);
        end.punctuated(NOW + 300);
        assertThat(end.reached()).isFalse();
        end.punctuated(NOW + 400);
        assertThat(end.reached()).isTrue();
    }

    @Test
    void aRecordTakenWithinMaxWaitOfBeingWrittenIsLiveTraffic() {
        end.took(NOW, NOW - 999);
        end.punctuated(NOW + 5_000);
        end.punctuated(NOW + 10_000);
        assertThat(end.reached()).isFalse();
        end.took(NOW, NOW + 50);
        end.punctuated(NOW + 5_000);
        end.punctuated(NOW + 10_000);
        assertThat(end.reached()).as("a producer's clock ahead of ours").isFalse();
    }

    @Test
    void anIntakeThatTookNothingYetIsQuiet() {
        end.took(NOW, NOW - 5_000);
        end.punctuated(NOW + 100);
        end.punctuated(NOW + 200);
        assertThat(end.reached()).isTrue();
    }

    @Test
    void aNewLifeOfTheTaskWithNothingWaitingStartsNotBehind() {
        end.took(NOW, NOW - 5_000);
        end.revived(false);
        end.punctuated(NOW + 5_000);
        end.punctuated(NOW + 10_000);
        assertThat(end.reached()).isFalse();
    }

    @Test
    void aNewLifeOfTheTaskHoldingWaitingIdsStartsBehindUntilItTakesARecord() {
        end.revived(true);
        end.punctuated(NOW + 100);
        end.punctuated(NOW + 200);
        assertThat(end.reached()).as("nothing taken since the ids of the earlier life").isTrue();

        end.revived(true);
        end.took(NOW + 250, NOW + 250);
        end.punctuated(NOW + 400);
        end.punctuated(NOW + 500);
        assertThat(end.reached()).as("a live record decides by its own age").isFalse();
    }

    @Test
    void switchedOffOrWithoutAnIntakeToAskItNeverIs() {
        BatchPolicy off = new BatchPolicy(1000, Duration.ofSeconds(1), 8, Duration.ofMillis(100), 3,
                Duration.ofHours(1), Duration.ofHours(1), false);
        for (BacklogEnd never : new BacklogEnd[] {new BacklogEnd(off, intake), new BacklogEnd(POLICY, null)}) {
            never.took(NOW, NOW - 5_000);
            never.punctuated(NOW + 5_000);
            never.punctuated(NOW + 10_000);
            assertThat(never.reached()).isFalse();
        }
    }
}
