package com.associationenricher.batching;

import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.delta.AssociationDeltaProcessor;
import com.associationenricher.delta.LastEmitted;
import com.associationenricher.delta.LastEmittedFixtures;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ordering rules of {@link ChangeOrder}, its bounded forgetting, and its move of an older build's
 * {@code last-changes} store into {@code last-emitted}, over real (in-memory and RocksDB) Kafka Streams stores.
 */
class ChangeOrderTest {
    static final long MEMORY = Duration.ofHours(1).toMillis();
    static final long T = 10_000_000;

    final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    KeyValueStore<String, LastEmitted> store;
    KeyValueStore<String, LastChange> legacy;
    ChangeOrder order;

    @BeforeEach
    void start() {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(AssociationDeltaProcessor.STORE), Serdes.String(), LastEmitted.serde())
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        legacy = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ChangeOrder.LEGACY_STORE), Serdes.String(), LastChange.serde())
                .withLoggingDisabled().build();
        legacy.init(context.getStateStoreContext(), legacy);
        order = new ChangeOrder(store, counting(legacy, legacyReads), MEMORY, 10);
    }

    final AtomicInteger legacyReads = new AtomicInteger();

    /** The store, its reads (get, all, range) counted. */
    @SuppressWarnings("unchecked")
    static <V> KeyValueStore<String, V> counting(KeyValueStore<String, V> real, AtomicInteger reads) {
        return (KeyValueStore<String, V>) Proxy.newProxyInstance(ChangeOrderTest.class.getClassLoader(),
                new Class<?>[] {KeyValueStore.class}, (proxy, method, args) -> {
                    if (List.of("get", "all", "range").contains(method.getName())) {
                        reads.incrementAndGet();
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** The change an entry remembers, null when none. */
    static LastChange changeOf(LastEmitted entry) {
        return entry == null || !entry.hasChange() ? null : new LastChange(entry.changeAt(), entry.deleted());
    }

    LastChange change(String key) {
        return changeOf(store.get(key));
    }

    /** The rule for a key with no pending entry, its time remembered at once: what the batcher does over a key's life. */
    boolean admit(String key, long occurredAt, boolean deletion) {
        if (deletion) {
            return order.admitDeletion(key, occurredAt, null);
        }
        if (!order.admitLookup(key, occurredAt, null)) {
            return false;
        }
        order.remember(key, occurredAt);
        return true;
    }

    /** A key with an event, as the delta processor leaves it before the batcher remembers the change. */
    void withEvent(String key) {
        store.put(key, LastEmittedFixtures.withEvent("7"));
    }

    @Test
    void aChangeOfAKeyWithAPendingEntryReadsAndWritesNothing() {
        admit("k", T + 10, true);
        assertThat(order.admitLookup("k", T, T + 20)).as("the entry was made after the deletion").isTrue();
        assertThat(change("k")).isEqualTo(new LastChange(T + 10, true));
    }

    @Test
    void aChangeOfAKeyWithoutAPendingEntryIsCheckedButNotWrittenUntilItsEntryLeaves() {
        admit("k", T, true);
        assertThat(order.admitLookup("k", T, null)).isFalse();
        assertThat(order.admitLookup("k", T + 1, null)).isTrue();
        assertThat(change("k")).isEqualTo(new LastChange(T, true));

        order.remember("k", T + 1);
        assertThat(change("k")).isEqualTo(new LastChange(T + 1, false));
        order.remember("k", T - 5);
        assertThat(change("k")).as("an older time does not move the clock back").isEqualTo(new LastChange(T + 1, false));
    }

    @Test
    void rememberingAChangeKeepsTheKeysLastEvent() {
        withEvent("k");
        order.remember("k", T);
        assertThat(change("k")).isEqualTo(new LastChange(T, false));
        assertThat(store.get("k").hasEmitted()).as("the event the delta processor wrote").isTrue();
        assertThat(LastEmittedFixtures.ids(store.get("k"))).containsExactly("7");
    }

    @Test
    void aDeletionForgetsTheKeysLastEvent() {
        withEvent("k");
        order.remember("k", T);
        assertThat(order.admitDeletion("k", T + 1, null)).isTrue();
        assertThat(store.get("k").hasEmitted()).as("its next event lists everything as added").isFalse();
        assertThat(change("k")).isEqualTo(new LastChange(T + 1, true));
    }

    @Test
    void aDeletionOlderThanTheChangeAPendingEntryHoldsIsIgnored() {
        admit("k", T - 100, false);
        assertThat(order.admitDeletion("k", T - 1, T)).isFalse();
        assertThat(change("k")).isEqualTo(new LastChange(T - 100, false));
        assertThat(order.admitDeletion("k", T, T)).as("one at the same instant wins").isTrue();
        assertThat(change("k")).isEqualTo(new LastChange(T, true));
    }

    @Test
    void aDeletionOlderThanTheRememberedChangeIsIgnoredEvenWhenThePendingEntryIsOlder() {
        admit("k", T, false);
        assertThat(order.admitDeletion("k", T - 1, T - 50)).isFalse();
        assertThat(change("k")).isEqualTo(new LastChange(T, false));
    }

    @Test
    void aChangeAtTheSameInstantAsADeletionIsRefused() {
        assertThat(admit("k", T, true)).isTrue();
        assertThat(admit("k", T, false)).isFalse();
        assertThat(change("k")).isEqualTo(new LastChange(T, true));
    }

    @Test
    void aChangeOlderThanADeletionIsRefusedAndANewerOneAdmitted() {
        admit("k", T, true);
        assertThat(admit("k", T - 1, false)).isFalse();
        assertThat(admit("k", T + 1, false)).isTrue();
        assertThat(change("k")).isEqualTo(new LastChange(T + 1, false));
    }

    @Test
    void aDeletionOlderThanTheNewestChangeIsIgnoredButOneAtTheSameInstantWins() {
        admit("k", T, false);
        assertThat(admit("k", T - 1, true)).isFalse();
        assertThat(admit("k", T, true)).isTrue();
        assertThat(change("k")).isEqualTo(new LastChange(T, true));
    }

    @Test
    void anOlderChangeAfterANewerOneIsStillLookedUpButDoesNotMoveTheClockBack() {
        admit("k", T, false);
        assertThat(admit("k", T - 5, false)).isTrue();
        assertThat(change("k")).isEqualTo(new LastChange(T, false));
    }

    @Test
    void anEntryOfTheFormerFormatHasAnEventAndNoChange() {
        store.put("k", LastEmittedFixtures.formerFormat("7"));
        assertThat(admit("k", T - 1, true)).as("no change is known to refuse it").isTrue();
        assertThat(store.get("k").hasEmitted()).isFalse();
    }

    @Test
    void oneSweepVisitsAtMostItsBudget() {
        for (int i = 0; i < 25; i++) {
            admit(String.format("old-%02d", i), T, i % 2 == 0);
        }

        ChangeOrder.Sweep sweep = order.forgetOlderThan(T + MEMORY + 1);

        assertThat(sweep.visited()).isEqualTo(10);
        assertThat(sweep.forgotten()).isEqualTo(10);
        assertThat(store.approximateNumEntries()).isEqualTo(15);
    }

    @Test
    void aSweepVisitsOnlyWhatAPassInHalfTheMemoryNeeds() {
        long memory = Duration.ofSeconds(10).toMillis();
        order = new ChangeOrder(store, null, memory, 10_000);
        for (int i = 0; i < 1_000; i++) {
            order.admitDeletion(String.format("old-%04d", i), T, null);
        }

        ChangeOrder.Sweep first = order.forgetOlderThan(T + memory + 1);
        assertThat(first.visited()).as("1,000 keys over the 5 one-second sweeps of half the memory").isEqualTo(200);
        assertThat(first.forgotten()).isEqualTo(200);
        for (int i = 0; i < 4; i++) {
            order.forgetOlderThan(T + memory + 1);
        }
        assertThat(store.approximateNumEntries()).as("one pass in half the memory forgets them all").isZero();
    }

    @Test
    void theSweepsPaceStaysBetweenItsFloorAndTheBudget() {
        ChangeOrder hourLong = new ChangeOrder(store, null, MEMORY, ChangeOrder.SWEEP_BUDGET);
        assertThat(hourLong.visitsPerSweep(16_000)).as("1,800 sweeps in half an hour: 9 keys, raised to the floor")
                .isEqualTo(ChangeOrder.MIN_SWEEP_VISITS);
        assertThat(hourLong.visitsPerSweep(9_000_000)).isEqualTo(5_000);
        assertThat(hourLong.visitsPerSweep(100_000_000)).as("the budget caps it").isEqualTo(ChangeOrder.SWEEP_BUDGET);
        assertThat(new ChangeOrder(store, null, 1_000, ChangeOrder.SWEEP_BUDGET).visitsPerSweep(5_000))
                .as("a memory under 10 s sweeps every tenth of it: 5 sweeps in half").isEqualTo(1_000);
    }

    @Test
    void sweepsResumeWhereTheyStoppedOverTheRocksDbStoreToo(@TempDir Path stateDir) {
        MockProcessorContext<Object, Object> rocksContext = new MockProcessorContext<>(new Properties(), new TaskId(0, 0), stateDir.toFile());
        store = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(AssociationDeltaProcessor.STORE), Serdes.String(), LastEmitted.serde())
                .withLoggingDisabled().build();
        store.init(rocksContext.getStateStoreContext(), store);
        try {
            order = new ChangeOrder(store, null, MEMORY, 10);
            repeatedSweepsForgetEveryOldEntryAndKeepTheRecentOnesAndEveryEvent();
        } finally {
            store.close();
        }
    }

    @Test
    void repeatedSweepsForgetEveryOldEntryAndKeepTheRecentOnesAndEveryEvent() {
        for (int i = 0; i < 25; i++) {
            admit(String.format("old-%02d", i), T, false);
            admit(String.format("new-%02d", i), T + MEMORY, i % 3 == 0);
        }
        for (int i = 0; i < 5; i++) {
            withEvent(String.format("event-%02d", i));
            order.remember(String.format("event-%02d", i), T);
        }
        List<ChangeOrder.Sweep> sweeps = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            sweeps.add(order.forgetOlderThan(T + MEMORY + 1));
        }

        assertThat(sweeps).allSatisfy(sweep -> assertThat(sweep.visited()).isLessThanOrEqualTo(10));
        assertThat(sweeps.stream().mapToInt(ChangeOrder.Sweep::forgotten).sum()).isEqualTo(25);
        List<String> left = new ArrayList<>();
        try (var all = store.all()) {
            all.forEachRemaining(kv -> left.add(kv.key));
        }
        assertThat(left).hasSize(30).allMatch(key -> key.startsWith("new-") || key.startsWith("event-"));
        assertThat(change("event-00")).as("a key with an event keeps its time").isEqualTo(new LastChange(T, false));
    }

    @Test
    void whileTheOlderBuildsStoreHasEntriesAdmissionReadsBothAndTheNewerTimeWins() {
        legacy.put("deleted-before", new LastChange(T, true));
        legacy.put("changed-before", new LastChange(T + 5, false));
        order = new ChangeOrder(store, counting(legacy, legacyReads), MEMORY, 10);
        store.put("changed-before", LastEmitted.changedAt(T));

        assertThat(order.admitLookup("deleted-before", T, null)).as("the deletion the older build applied").isFalse();
        assertThat(order.admitLookup("deleted-before", T + 1, null)).isTrue();
        assertThat(order.admitDeletion("changed-before", T + 2, null)).as("the older build's change is newer").isFalse();

        order.remember("changed-before", T + 3);
        assertThat(change("changed-before")).as("not written: the older build's T+5 is newer").isEqualTo(new LastChange(T, false));
        order.remember("deleted-before", T + 1);
        assertThat(change("deleted-before")).isEqualTo(new LastChange(T + 1, false));
        assertThat(order.admitLookup("deleted-before", T, null)).isTrue();
    }

    @Test
    void sweepsMoveTheOlderBuildsStoreIntoLastEmittedThenNeverReadItAgain() {
        for (int i = 0; i < 15; i++) {
            legacy.put(String.format("recent-%02d", i), new LastChange(T + MEMORY, i % 2 == 0));
        }
        legacy.put("old", new LastChange(T, true));
        legacy.put("newer-here", new LastChange(T + MEMORY, true));
        legacy.put("with-event", new LastChange(T + MEMORY, false));
        order = new ChangeOrder(store, counting(legacy, legacyReads), MEMORY, 10);
        store.put("newer-here", LastEmitted.changedAt(T + MEMORY + 7));
        withEvent("with-event");

        int sweeps = 0;
        while (legacy.approximateNumEntries() > 0 && sweeps < 10) {
            order.forgetOlderThan(T + MEMORY + 1);
            sweeps++;
        }

        assertThat(sweeps).as("18 entries at 10 a sweep").isEqualTo(2);
        assertThat(change("recent-00")).isEqualTo(new LastChange(T + MEMORY, true));
        assertThat(change("recent-01")).isEqualTo(new LastChange(T + MEMORY, false));
        assertThat(store.get("old")).as("older than the memory: dropped").isNull();
        assertThat(change("newer-here")).as("the newer time stays").isEqualTo(new LastChange(T + MEMORY + 7, false));
        assertThat(change("with-event")).isEqualTo(new LastChange(T + MEMORY, false));
        assertThat(LastEmittedFixtures.ids(store.get("with-event"))).containsExactly("7");

        int reads = legacyReads.get();
        admit("recent-03", T + MEMORY + 10, false);
        admit("other", T + MEMORY + 10, true);
        order.forgetOlderThan(T + MEMORY + 2);
        assertThat(legacyReads.get()).as("an empty older store is not read again").isEqualTo(reads);
    }

    @Test
    void anEmptyOlderStoreIsNeverRead() {
        legacyReads.set(0);
        ChangeOrder fresh = new ChangeOrder(store, counting(legacy, legacyReads), MEMORY, 10);
        int afterStart = legacyReads.get();
        fresh.admitLookup("k", T, null);
        fresh.admitDeletion("k", T, null);
        fresh.remember("j", T);
        fresh.forgetOlderThan(T);
        assertThat(afterStart).as("one look at start").isEqualTo(1);
        assertThat(legacyReads.get()).isEqualTo(afterStart);
    }
}
