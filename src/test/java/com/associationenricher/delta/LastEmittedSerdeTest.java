package com.associationenricher.delta;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code last-emitted} entry format: both of its halves, each without the other, and the format before the merge. */
class LastEmittedSerdeTest {
    static final EmittedSet SET = new EmittedSet(List.of(
            new EmittedAssociation("9", "contact_to_company", null, null, null),
            new EmittedAssociation("007", null, 279, "HUBSPOT_DEFINED", "Primary")), true);

    static LastEmitted roundTrip(LastEmitted entry) {
        return LastEmittedSerde.readOrNull(LastEmittedSerde.write(entry));
    }

    @Test
    void anEventWithItsChangeRoundTrips() {
        LastEmitted read = roundTrip(LastEmitted.of(SET).withChange(1_700_000_000_123L, false));

        assertThat(read.emitted()).isEqualTo(SET);
        assertThat(read.hasChange()).isTrue();
        assertThat(read.changeAt()).isEqualTo(1_700_000_000_123L);
        assertThat(read.deleted()).isFalse();
    }

    @Test
    void aDeletionMarkerHasNoEventAndTakesTenBytes() {
        byte[] bytes = LastEmittedSerde.write(LastEmitted.deletedAt(-5L));
        LastEmitted read = LastEmittedSerde.readOrNull(bytes);

        assertThat(bytes).hasSize(10);
        assertThat(read.hasEmitted()).isFalse();
        assertThat(read.emitted()).isNull();
        assertThat(read.deleted()).isTrue();
        assertThat(read.changeAt()).isEqualTo(-5L);
    }

    @Test
    void anEventWithoutAChangeRoundTrips() {
        LastEmitted read = roundTrip(LastEmitted.of(SET));

        assertThat(read.hasChange()).isFalse();
        assertThat(read.deleted()).isFalse();
        assertThat(read.emitted()).isEqualTo(SET);
    }

    @Test
    void anEntryWrittenBeforeTheMergeIsItsEventWithNoChange() {
        LastEmitted read = LastEmittedSerde.readOrNull(EmittedSetSerde.write(SET));

        assertThat(read.emitted()).isEqualTo(SET);
        assertThat(read.hasChange()).isFalse();
        assertThat(LastEmittedSerde.write(read)[0]).as("written back in the new format").isEqualTo(LastEmittedSerde.FORMAT);
        assertThat(roundTrip(read).emitted()).isEqualTo(SET);
    }

    @Test
    void changingTheChangeKeepsTheEventBytesAsTheyWere() {
        LastEmitted entry = LastEmitted.of(SET);
        LastEmitted changed = roundTrip(entry).withChange(7, true).withChange(8, false);

        assertThat(changed.emittedBytes()).isEqualTo(entry.emittedBytes());
        assertThat(changed.changeAt()).isEqualTo(8);
    }

    @Test
    void unreadableBytesCountAsNeitherInsteadOfFailingTheTask() {
        assertThat(LastEmittedSerde.readOrNull(new byte[0])).isNull();
        assertThat(LastEmittedSerde.readOrNull(new byte[] {9, 0})).isNull();
        assertThat(LastEmittedSerde.readOrNull(new byte[] {2})).isNull();
        assertThat(LastEmittedSerde.readOrNull(new byte[] {2, 1, 0, 0})).as("a change flag without its 8 bytes").isNull();
        assertThat(LastEmittedSerde.readOrNull(new byte[] {2, 4, 9, 9}).emitted()).as("an unreadable event: none").isNull();
    }
}
