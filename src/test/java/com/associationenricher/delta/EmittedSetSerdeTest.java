package com.associationenricher.delta;

import static org.assertj.core.api.Assertions.assertThat;

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

    @Test
    void unreadableBytesCountAsNoPreviousEventInsteadOfFailingTheTask() {
        assertThat(EmittedSetSerde.readOrNull(new byte[] {9, 9, 9})).isNull();
        assertThat(EmittedSetSerde.readOrNull(new byte[] {1, 0, 5})).isNull();
        assertThat(EmittedSetSerde.readOrNull(new byte[0])).isNull();
    }
}
