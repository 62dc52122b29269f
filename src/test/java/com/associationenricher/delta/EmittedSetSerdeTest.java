package com.associationenricher.delta;

import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.tools.simulator.AssociationTruth;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmittedSetSerdeTest {

    @Test
    void v3AndV4AssociationsRoundTripWithEveryField() {
        EmittedSet set = new EmittedSet(List.of(
                new EmittedAssociation("9", "contact_to_company", null, null, null),
                new EmittedAssociation("007", null, 279, "HUBSPOT_DEFINED", "Primary"),
                new EmittedAssociation("x-1", null, -3, "USER_DEFINED", null),
                new EmittedAssociation("18446744073709551615", null, Integer.MAX_VALUE, null, "Billing")), false);

        assertThat(EmittedSetSerde.readOrNull(EmittedSetSerde.write(set))).isEqualTo(set);
    }

    @Test
    void anEmptySetRoundTrips() {
        EmittedSet empty = new EmittedSet(List.of(), true);

        assertThat(EmittedSetSerde.readOrNull(EmittedSetSerde.write(empty))).isEqualTo(empty);
    }

    @Test
    void aTypicalV3EntryTakesAboutSevenBytesPerAssociation() {
        List<EmittedAssociation> hundred = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            hundred.add(new EmittedAssociation(String.valueOf(1_000_000_000L + i * 7919L), "contact_to_company", null, null, null));
        }

        byte[] bytes = EmittedSetSerde.write(new EmittedSet(hundred, true));

        assertThat(bytes.length).isEqualTo(2 + 1 + 1 + "contact_to_company".length() + 1 + 100 * 7);
    }

    /**
     * The store's size figure in the README: 100,000 keys of the simulator's truth (v3 answers), each entry with its
     * change time as the batcher leaves it (10 bytes more than the event alone).
     */
    @Test
    void aKeyOfTheSimulatorsTruthTakesUnderEightyBytesKeyAndChangeTimeIncluded() {
        long valueBytes = 0;
        long keyBytes = 0;
        long associations = 0;
        int keys = 100_000;
        for (int i = 0; i < keys; i++) {
            String id = String.valueOf(1000 + i);
            List<EmittedAssociation> set = AssociationTruth.associations(123456, "contacts", id, "companies").stream().limit(100)
                    .map(t -> new EmittedAssociation(t.toObjectId(), t.associationType(), null, null, null)).toList();
            associations += set.size();
            valueBytes += LastEmittedSerde.write(LastEmitted.of(new EmittedSet(set, true)).withChange(1_700_000_000_000L, false)).length;
            keyBytes += ("123456:contacts:" + id + ":companies").getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
        System.out.printf("last-emitted: %d keys, %.2f associations per key, value %.1f bytes, key %.1f bytes per key%n",
                keys, associations / (double) keys, valueBytes / (double) keys, keyBytes / (double) keys);
        assertThat((valueBytes + keyBytes) / (double) keys).isLessThan(80);
    }

    @Test
    void unreadableBytesCountAsNoPreviousEventInsteadOfFailingTheTask() {
        assertThat(EmittedSetSerde.readOrNull(new byte[] {9, 9, 9})).isNull();
        assertThat(EmittedSetSerde.readOrNull(new byte[] {1, 0, 5})).isNull();
        assertThat(EmittedSetSerde.readOrNull(new byte[0])).isNull();
    }
}
