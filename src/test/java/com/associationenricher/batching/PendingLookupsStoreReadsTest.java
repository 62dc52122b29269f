package com.associationenricher.batching;

import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.events.AssociationKey;
import com.associationenricher.events.avro.ChangeType;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.events.avro.DeadLetterReason;
import com.associationenricher.events.avro.PendingLookup;
import com.associationenricher.hubspot.FailureDetail;
import com.associationenricher.ops.EnricherMetrics;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * Store reads are the expensive part of a pending id's life (in RocksDB a read of a key that is not there is the
 * costliest of all), so {@link PendingLookups} reads only what it cannot know: a new id and an answer read nothing,
 * and an id that changes while in flight is updated in place. The store here copies on every read and write, as a
 * serialising store does, so a shared object cannot hide a lost write.
 */
class PendingLookupsStoreReadsTest {
    static final GroupKey GROUP = new GroupKey(1L, "contacts", "companies");
    static final AssociationKey KEY = GROUP.keyOf("7");

    final CountingStore counting = new CountingStore();
    final PendingLookups pending = new PendingLookups(counting.store(), EnricherMetrics.inMemory());

    @Test
    void aNewIdCostsNoRead() {
        enqueue(pending, KEY, change("e1", 100), 1_000);
        enqueue(pending, GROUP.keyOf("8"), change("e2", 100), 1_000);

        assertThat(counting.reads).hasValue(0);
        assertThat(counting.entries).containsOnlyKeys(KEY.toString(), GROUP.keyOf("8").toString());
    }

    @Test
    void anAnsweredIdIsReadOnceWhenSentAndLeavesTheStoreWithoutAnotherRead() {
        enqueue(pending, KEY, change("e1", 100), 1_000);
        InFlightBatch call = pending.takeFrom(GROUP, 10);
        assertThat(counting.reads).hasValue(1);

        InFlightBatch.Sent sent = call.sent().get("7");
        PendingLookup lookup = pending.answered(KEY, sent);
        pending.finish(KEY, lookup, sent, 2_000);

        assertThat(lookup.getTriggeringEventIds()).containsExactly("e1");
        assertThat(counting.reads).hasValue(1);
        assertThat(counting.entries).isEmpty();
    }

    @Test
    void aChangeWhileInFlightIsWrittenAndTheIdIsLookedUpAgain() {
        enqueue(pending, KEY, change("e1", 100), 1_000);
        InFlightBatch first = pending.takeFrom(GROUP, 10);
        enqueue(pending, KEY, change("e2", 200), 1_500);
        assertThat(counting.reads).as("the entry in flight is known without a read").hasValue(1);
        assertThat(counting.entries.get(KEY.toString()).getTriggeringEventIds()).containsExactly("e1", "e2");

        InFlightBatch.Sent sent = first.sent().get("7");
        PendingLookup lookup = pending.answered(KEY, sent);
        pending.finish(KEY, lookup, sent, 2_000);

        PendingLookup kept = counting.entries.get(KEY.toString());
        assertThat(kept.getTriggeringEventIds()).as("only the change the call was not made for").containsExactly("e2");
        assertThat(kept.getVersion()).isEqualTo(1);
        InFlightBatch again = pending.takeFrom(GROUP, 10);
        assertThat(again.sent().get("7").eventIds()).containsExactly("e2");
    }

    @Test
    void anIdErasedWhileInFlightAndBackAgainDiscardsTheOldAnswer() {
        enqueue(pending, KEY, change("e1", 100), 1_000);
        InFlightBatch first = pending.takeFrom(GROUP, 10);
        pending.erase(KEY);
        enqueue(pending, KEY, change("e3", 300), 1_500);

        InFlightBatch.Sent sent = first.sent().get("7");
        assertThat(pending.answered(KEY, sent)).isNull();
        PendingLookup back = counting.entries.get(KEY.toString());
        assertThat(back.getTriggeringEventIds()).containsExactly("e3");
        assertThat(back.getLineage()).isNotEqualTo(sent.lineage());
        assertThat(pending.takeFrom(GROUP, 10).sent().get("7").eventIds()).containsExactly("e3");
    }

    @Test
    void aKnownIdIsReadAfterARestart() {
        enqueue(pending, KEY, change("e1", 100), 1_000);
        PendingLookups restarted = new PendingLookups(counting.store(), EnricherMetrics.inMemory());
        counting.reads.set(0);

        enqueue(restarted, KEY, change("e2", 200), 1_500);

        assertThat(counting.reads).hasValue(1);
        assertThat(counting.entries.get(KEY.toString()).getTriggeringEventIds()).containsExactly("e1", "e2");
    }

    @Test
    void aDeletionOfAnIdWithoutAnEntryTouchesNoStoreAndOneWithAnEntryRemovesIt() {
        enqueue(pending, KEY, change("e1", 100), 1_000);
        int readsBefore = counting.reads.get();

        pending.erase(GROUP.keyOf("8"));
        assertThat(counting.reads).as("no entry, no read").hasValue(readsBefore);
        assertThat(counting.writes).as("and no write").hasValue(1);

        pending.erase(KEY);
        assertThat(counting.entries).isEmpty();
        assertThat(pending.groupsWithPendingIds()).isZero();
    }

    @Test
    void aRestoredEntryThatBacksOffIsKnownAndItsDeletionRemovesIt() {
        enqueue(pending, KEY, change("e1", 100), 1_000);
        pending.retryAfter(KEY, counting.entries.get(KEY.toString()),
                FailureDetail.of(DeadLetterReason.RETRIES_EXHAUSTED, 503, "busy"), 60_000);
        pending.close();

        // The task's next life rebuilds its view from the store: the id backs off, known only as such.
        PendingLookups restarted = new PendingLookups(counting.store(), EnricherMetrics.inMemory());
        restarted.erase(KEY);

        assertThat(counting.entries).isEmpty();
        assertThat(restarted.groupsWithPendingIds()).isZero();
    }

    @Test
    void anEntryTellsAnOlderBuildToReadLastChangesFirst() {
        enqueue(pending, KEY, change("e1", 100), 1_000);
        enqueue(pending, KEY, change("e3", 300), 1_500);
        assertThat(counting.entries.get(KEY.toString()).getNoNewerChangeRemembered())
                .as("an older build, rolled back to, writes last-changes without a read only when this is true").isFalse();
    }

    /** As the batcher does: the entry first, then the change queued with it. */
    static void enqueue(PendingLookups lookups, AssociationKey key, CrmObjectChangeEvent event, long now) {
        lookups.enqueue(key, lookups.entryOf(key), event, now);
    }

    static CrmObjectChangeEvent change(String eventId, long occurredAt) {
        return CrmObjectChangeEvent.newBuilder().setEventId(eventId).setPortalId(1L).setObjectType("contacts")
                .setObjectId("7").setChangeType(ChangeType.UPDATED).setOccurredAt(Instant.ofEpochMilli(occurredAt)).build();
    }

    /** A map-backed store that copies values in and out and counts reads (get, and delete, which returns the old value). */
    static final class CountingStore {
        final Map<String, PendingLookup> entries = new TreeMap<>();
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger writes = new AtomicInteger();

        @SuppressWarnings("unchecked")
        KeyValueStore<String, PendingLookup> store() {
            return (KeyValueStore<String, PendingLookup>) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {KeyValueStore.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "get" -> {
                            reads.incrementAndGet();
                            yield copy(entries.get((String) args[0]));
                        }
                        case "put" -> {
                            writes.incrementAndGet();
                            if (args[1] == null) {
                                entries.remove((String) args[0]);
                            } else {
                                entries.put((String) args[0], copy((PendingLookup) args[1]));
                            }
                            yield null;
                        }
                        case "delete" -> {
                            reads.incrementAndGet();
                            writes.incrementAndGet();
                            yield entries.remove((String) args[0]);
                        }
                        case "all" -> iterator();
                        case "name" -> PendingLookups.STORE;
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }

        private KeyValueIterator<String, PendingLookup> iterator() {
            List<KeyValue<String, PendingLookup>> snapshot = new ArrayList<>();
            entries.forEach((key, value) -> snapshot.add(KeyValue.pair(key, copy(value))));
            Iterator<KeyValue<String, PendingLookup>> it = snapshot.iterator();
            return new KeyValueIterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public KeyValue<String, PendingLookup> next() {
                    return it.next();
                }

                @Override
                public void close() {
                }

                @Override
                public String peekNextKey() {
                    throw new UnsupportedOperationException();
                }
            };
        }

        private static PendingLookup copy(PendingLookup value) {
            return value == null ? null : PendingLookup.newBuilder(value).build();
        }
    }
}
