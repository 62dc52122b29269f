package com.associationenricher.delta;

import org.apache.kafka.common.serialization.Serde;

/**
 * One entry of the {@code last-emitted} store, one per output key. It holds two things about the key:
 * <ul>
 *   <li>what its last association event said (none before the first, and none after a deletion), which the delta
 *   processor compares each new answer with;</li>
 *   <li>the newest change applied to it, and whether that was a deletion, which the batcher's change order uses to
 *   refuse changes that arrive out of order.</li>
 * </ul>
 * Both live in one entry so that an answer costs one store write and one changelog record, not one in each of two
 * stores. The event is kept as its stored bytes and decoded only when compared, so the batcher, which reads and writes
 * only the change time, never decodes it.
 */
public final class LastEmitted {
    private final long changeAt;
    private final boolean hasChange;
    private final boolean deleted;
    /** {@link EmittedSetSerde} bytes of the last event; null: none. */
    private final byte[] emitted;

    LastEmitted(boolean hasChange, long changeAt, boolean deleted, byte[] emitted) {
        this.hasChange = hasChange;
        this.changeAt = hasChange ? changeAt : 0;
        this.deleted = hasChange && deleted;
        this.emitted = emitted;
    }

    /** A deletion at {@code at}: the key's last event is forgotten, so its next one lists everything as added. */
    public static LastEmitted deletedAt(long at) {
        return new LastEmitted(true, at, true, null);
    }

    /** A change at {@code at} of a key that has no event yet (its lookup was dead-lettered, say). */
    public static LastEmitted changedAt(long at) {
        return new LastEmitted(true, at, false, null);
    }

    /** The same last event, with the newest change now the one at {@code at}. */
    public LastEmitted withChange(long at, boolean deletion) {
        return new LastEmitted(true, at, deletion, emitted);
    }

    /** The same newest change, with {@code set} as the last event. */
    LastEmitted withEmitted(EmittedSet set) {
        return new LastEmitted(hasChange, changeAt, deleted, EmittedSetSerde.write(set));
    }

    /** An entry with only the last event, as the delta processor writes it for a key with none. */
    static LastEmitted of(EmittedSet set) {
        return new LastEmitted(false, 0, false, EmittedSetSerde.write(set));
    }

    /** The store's value serde ({@link LastEmittedSerde}). */
    public static Serde<LastEmitted> serde() {
        return LastEmittedSerde.serde();
    }

    /** Whether a change time is remembered (entries written before the two stores were merged have none). */
    public boolean hasChange() {
        return hasChange;
    }

    /** The newest change's occurredAt millis; meaningful only when {@link #hasChange()}. */
    public long changeAt() {
        return changeAt;
    }

    /** Whether the newest change was a deletion. */
    public boolean deleted() {
        return deleted;
    }

    /** Whether the key has a last event to compare with. */
    public boolean hasEmitted() {
        return emitted != null;
    }

    /** The last event, decoded; null when there is none or its bytes cannot be read (logged). */
    EmittedSet emitted() {
        return emitted == null ? null : EmittedSetSerde.readOrNull(emitted);
    }

    byte[] emittedBytes() {
        return emitted;
    }

    @Override
    public String toString() {
        return "LastEmitted[" + (hasChange ? (deleted ? "deleted at " : "changed at ") + changeAt : "no change")
                + (emitted == null ? ", no event]" : ", event of " + emitted.length + " bytes]");
    }
}
