package com.associationenricher.batching;

import static org.assertj.core.api.Assertions.assertThat;

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

/** The ordering rules of {@link ChangeOrder} and its bounded forgetting, over a real (in-memory) Kafka Streams store. */
class ChangeOrderTest {
    static final long MEMORY = Duration.ofHours(1).toMillis();
    static final long T = 10_000_000;

    KeyValueStore<String, LastChange> store;
    ChangeOrder order;

    @BeforeEach
    void start() {
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ChangeOrder.STORE), Serdes.String(), LastChange.serde())
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        order = new ChangeOrder(countingReads(store), MEMORY, 10);
    }

    final AtomicInteger reads = new AtomicInteger();

    /** The store, its reads counted. */
    @SuppressWarnings("unchecked")
    KeyValueStore<String, LastChange> countingReads(KeyValueStore<String, LastChange> real) {
        return (KeyValueStore<String, LastChange>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {KeyValueStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("get")) {
                        reads.incrementAndGet();
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** The rule for a key with no pending entry, its time remembered at once: what the batcher does over a key's life. */
    boolean admit(String key, long occurredAt, boolean deletion) {
        if (deletion) {
            return order.admitDeletion(key, occurredAt, null);
        }
        ChangeOrder.Admission admission = order.admitLookup(key, occurredAt, null);
        if (!admission.admitted()) {
            return false;
        }
        order.remember(key, occurredAt, admission == ChangeOrder.Admission.ADMITTED_NEWEST);
        return true;
    }

    @Test
    void aChangeOfAKeyWithAPendingEntryReadsAndWritesNothing() {
        admit("k", T + 10, true);
        assertThat(order.admitLookup("k", T, T + 20)).as("the entry was made after the deletion").isEqualTo(ChangeOrder.Admission.ADMITTED);
        assertThat(store.get("k")).isEqualTo(new LastChange(T + 10, true));
    }

    @Test
    void aChangeOfAKeyWithoutAPendingEntryIsCheckedButNotWrittenUntilItsEntryLeaves() {
        admit("k", T, true);
        assertThat(order.admitLookup("k", T, null)).isEqualTo(ChangeOrder.Admission.REFUSED);
        assertThat(order.admitLookup("k", T + 1, null)).isEqualTo(ChangeOrder.Admission.ADMITTED_NEWEST);
        assertThat(store.get("k")).isEqualTo(new LastChange(T, true));

        order.remember("k", T + 1, true);
        assertThat(store.get("k")).isEqualTo(new LastChange(T + 1, false));
        order.remember("k", T - 5, false);
        assertThat(store.get("k")).as("an older time does not move the clock back").isEqualTo(new LastChange(T + 1, false));
    }

    @Test
    void aLookupAdmittedWithNothingNewerRememberedIsRememberedWithoutARead() {
        assertThat(order.admitLookup("new", T, null)).isEqualTo(ChangeOrder.Admission.ADMITTED_NEWEST);
        admit("after-deletion", T - 1, true);
        assertThat(order.admitLookup("after-deletion", T, null)).isEqualTo(ChangeOrder.Admission.ADMITTED_NEWEST);
        admit("same-instant", T, false);
        assertThat(order.admitLookup("same-instant", T, null)).isEqualTo(ChangeOrder.Admission.ADMITTED_NEWEST);
        admit("older", T + 5, false);
        assertThat(order.admitLookup("older", T, null)).as("a newer change is remembered").isEqualTo(ChangeOrder.Admission.ADMITTED);
        assertThat(order.admitLookup("pending", T, T)).as("nothing read, nothing known").isEqualTo(ChangeOrder.Admission.ADMITTED);

        int before = reads.get();
        order.remember("new", T + 3, true);
        order.remember("after-deletion", T, true);
        assertThat(reads.get()).as("no read for what admission already showed").isEqualTo(before);
        assertThat(store.get("new")).isEqualTo(new LastChange(T + 3, false));
        assertThat(store.get("after-deletion")).isEqualTo(new LastChange(T, false));

        order.remember("older", T, false);
        assertThat(reads.get()).isEqualTo(before + 1);
        assertThat(store.get("older")).as("the newer change stays").isEqualTo(new LastChange(T + 5, false));
    }

    @Test
    void aDeletionOlderThanTheChangeAPendingEntryHoldsIsIgnored() {
        admit("k", T - 100, false);
        assertThat(order.admitDeletion("k", T - 1, T)).isFalse();
        assertThat(store.get("k")).isEqualTo(new LastChange(T - 100, false));
        assertThat(order.admitDeletion("k", T, T)).as("one at the same instant wins").isTrue();
        assertThat(store.get("k")).isEqualTo(new LastChange(T, true));
    }

    @Test
    void aDeletionOlderThanTheRememberedChangeIsIgnoredEvenWhenThePendingEntryIsOlder() {
        admit("k", T, false);
        assertThat(order.admitDeletion("k", T - 1, T - 50)).isFalse();
        assertThat(store.get("k")).isEqualTo(new LastChange(T, false));
    }

    @Test
    void aChangeAtTheSameInstantAsADeletionIsRefused() {
        assertThat(admit("k", T, true)).isTrue();
        assertThat(admit("k", T, false)).isFalse();
        assertThat(store.get("k")).isEqualTo(new LastChange(T, true));
    }

    @Test
    void aChangeOlderThanADeletionIsRefusedAndANewerOneAdmitted() {
        admit("k", T, true);
        assertThat(admit("k", T - 1, false)).isFalse();
        assertThat(admit("k", T + 1, false)).isTrue();
        assertThat(store.get("k")).isEqualTo(new LastChange(T + 1, false));
    }

    @Test
    void aDeletionOlderThanTheNewestChangeIsIgnoredButOneAtTheSameInstantWins() {
        admit("k", T, false);
        assertThat(admit("k", T - 1, true)).isFalse();
        assertThat(admit("k", T, true)).isTrue();
        assertThat(store.get("k")).isEqualTo(new LastChange(T, true));
    }

    @Test
    void anOlderChangeAfterANewerOneIsStillLookedUpButDoesNotMoveTheClockBack() {
        admit("k", T, false);
        assertThat(admit("k", T - 5, false)).isTrue();
        assertThat(store.get("k")).isEqualTo(new LastChange(T, false));
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
    void sweepsResumeWhereTheyStoppedOverTheRocksDbStoreToo(@TempDir Path stateDir) {
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>(new Properties(), new TaskId(0, 0), stateDir.toFile());
        store = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ChangeOrder.STORE), Serdes.String(), LastChange.serde())
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        try {
            order = new ChangeOrder(store, MEMORY, 10);
            repeatedSweepsForgetEveryOldEntryAndKeepTheRecentOnes();
        } finally {
            store.close();
        }
    }

    @Test
    void repeatedSweepsForgetEveryOldEntryAndKeepTheRecentOnes() {
        for (int i = 0; i < 25; i++) {
            admit(String.format("old-%02d", i), T, false);
            admit(String.format("new-%02d", i), T + MEMORY, i % 3 == 0);
        }
        List<ChangeOrder.Sweep> sweeps = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sweeps.add(order.forgetOlderThan(T + MEMORY + 1));
        }

        assertThat(sweeps).allSatisfy(sweep -> assertThat(sweep.visited()).isLessThanOrEqualTo(10));
        assertThat(sweeps.stream().mapToInt(ChangeOrder.Sweep::forgotten).sum()).isEqualTo(25);
        List<String> left = new ArrayList<>();
        try (var all = store.all()) {
            all.forEachRemaining(kv -> left.add(kv.key));
        }
        assertThat(left).hasSize(25).allMatch(key -> key.startsWith("new-"));
    }
}
