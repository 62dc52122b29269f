package com.associationenricher.batching;

import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.events.AssociationKey;
import java.util.List;
import org.junit.jupiter.api.Test;

class PendingIndexTest {
    static final int MAX_IDS = 3;
    static final long MAX_WAIT = 1000;

    final PendingIndex index = new PendingIndex();

    @Test
    void aFullGroupIsTakenAtOnceOldestFirst() {
        add(42, "deals", "3", 30);
        add(42, "deals", "1", 10);
        assertThat(take(40, 8)).isEmpty();

        add(42, "deals", "2", 20);

        assertThat(take(40, 8)).singleElement().satisfies(batch -> {
            assertThat(batch.reason()).isEqualTo(FlushReason.SIZE);
            assertThat(batch.objectIds()).containsExactly("3", "1", "2");
            assertThat(batch.group()).isEqualTo(new GroupKey(42, "deals", "contacts"));
        });
    }

    @Test
    void aGroupIsDueWhenItsOldestIdHasWaitedMaxWait() {
        add(42, "deals", "1", 0);
        assertThat(take(MAX_WAIT - 1, 8)).isEmpty();

        assertThat(take(MAX_WAIT, 8)).singleElement().satisfies(batch -> {
            assertThat(batch.reason()).isEqualTo(FlushReason.TIME);
            assertThat(batch.objectIds()).containsExactly("1");
        });
    }

    @Test
    void aTakenIdIsInFlightAndNotQueuedAgainUntilAnswered() {
        add(42, "deals", "1", 0);
        take(MAX_WAIT, 8);
        AssociationKey key = key(42, "deals", "1");
        assertThat(index.isInFlight(key)).isTrue();

        index.addWaiting(key, 0);
        assertThat(take(2 * MAX_WAIT, 8)).isEmpty();
        assertThat(index.waitingCount()).isZero();

        index.answered(key);
        assertThat(index.isKnown(key)).isFalse();
        index.addWaiting(key, 0);
        assertThat(take(2 * MAX_WAIT, 8)).singleElement().satisfies(batch -> assertThat(batch.objectIds()).containsExactly("1"));
    }

    @Test
    void aBackingOffIdIsDueAtOnceWhenItsBackoffEnds() {
        AssociationKey key = key(42, "deals", "1");
        index.backOff(key, 5000);
        index.addWaiting(key, 0);
        index.releaseDueBackoffs(4999);
        assertThat(take(4999, 8)).isEmpty();

        index.releaseDueBackoffs(5000);

        assertThat(take(5000, 8)).singleElement().satisfies(batch -> assertThat(batch.objectIds()).containsExactly("1"));
    }

    @Test
    void aLaterBackoffOfTheSameIdSupersedesTheEarlierOne() {
        AssociationKey key = key(42, "deals", "1");
        index.backOff(key, 5000);
        index.backOff(key, 9000);

        index.releaseDueBackoffs(6000);
        assertThat(index.waitingCount()).isZero();
        index.releaseDueBackoffs(9000);
        assertThat(index.waitingCount()).isOne();
    }

    @Test
    void removeForgetsWaitingAndBackingOffIdsButNotInFlightOnes() {
        add(42, "deals", "1", 0);
        index.backOff(key(42, "deals", "2"), 5000);
        add(42, "deals", "3", 0);
        take(MAX_WAIT, 8);
        add(42, "deals", "4", 0);

        index.remove(key(42, "deals", "2"));
        index.remove(key(42, "deals", "3"));
        index.remove(key(42, "deals", "4"));

        assertThat(index.isKnown(key(42, "deals", "2"))).isFalse();
        assertThat(index.isKnown(key(42, "deals", "4"))).isFalse();
        assertThat(index.isInFlight(key(42, "deals", "3"))).isTrue();
        index.releaseDueBackoffs(10_000);
        assertThat(index.waitingCount()).isZero();
    }

    @Test
    void groupsJustServedGoToTheBackSoABusyGroupCannotStarveTheOthers() {
        for (int i = 0; i < 9; i++) {
            add(42, "deals", "d" + i, 0);
        }
        add(42, "contacts", "c1", 0);
        add(7, "deals", "x1", 0);

        List<PendingIndex.ReadyBatch> first = take(MAX_WAIT, 2);
        List<PendingIndex.ReadyBatch> second = take(MAX_WAIT, 2);

        assertThat(first).extracting(PendingIndex.ReadyBatch::group)
                .containsExactly(new GroupKey(42, "deals", "contacts"), new GroupKey(42, "deals", "contacts"));
        assertThat(second).extracting(PendingIndex.ReadyBatch::group)
                .containsExactly(new GroupKey(42, "contacts", "contacts"), new GroupKey(7, "deals", "contacts"));
    }

    @Test
    void aPausedPortalIsSkippedAndTheOthersServed() {
        add(42, "deals", "1", 0);
        add(7, "deals", "2", 0);

        List<PendingIndex.ReadyBatch> ready = index.takeReady(MAX_WAIT, MAX_IDS, MAX_WAIT, 8, portal -> portal == 42);

        assertThat(ready).extracting(b -> b.group().portalId()).containsExactly(7L);
        assertThat(index.waitingCount()).isOne();
    }

    private List<PendingIndex.ReadyBatch> take(long now, int slots) {
        return index.takeReady(now, MAX_IDS, MAX_WAIT, slots, portal -> false);
    }

    private void add(long portal, String type, String id, long since) {
        index.addWaiting(key(portal, type, id), since);
    }

    private static AssociationKey key(long portal, String type, String id) {
        return new AssociationKey(portal, type, id, "contacts");
    }
}
